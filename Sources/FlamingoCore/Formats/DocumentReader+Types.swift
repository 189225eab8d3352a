/// Typed reads beyond strings, with cloud-init's leniency where its users rely on it.
extension DocumentReader {
    /// A boolean: YAML 1.1 `true/yes/on/false/no/off`, also as quoted strings (cloud-init's
    /// `util.is_true` accepts them). Null reads as absent.
    public mutating func bool(_ node: Node, at path: KeyPath) -> Bool? {
        guard let scalar = node.scalar else {
            error(node, path, "expected a boolean, found \(node.kindDescription)")
            return nil
        }
        switch scalar.resolved {
        case .null: return nil
        case .bool(let value): return value
        case .string(let text):
            if let value = ScalarValue.bool(text) ?? ScalarValue.bool(text.lowercased()) { return value }
            if text == "1" || text == "0" { return text == "1" }
        case .int(let value) where value == 0 || value == 1: return value == 1
        default: break
        }
        error(node, path, "expected a boolean (true or false), found \(node.kindDescription) \"\(scalar.text)\"")
        return nil
    }

    /// A whole number within `range`; a quoted number is accepted.
    public mutating func int(_ node: Node, at path: KeyPath, range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let scalar = node.scalar else {
            error(node, path, "expected a number, found \(node.kindDescription)")
            return nil
        }
        let value: Int?
        switch scalar.resolved {
        case .null: return nil
        case .int(let number): value = number
        case .string(let text): value = Int(text)
        default: value = nil
        }
        guard let value else {
            error(node, path, "expected a whole number, found \(node.kindDescription) \"\(scalar.text)\"")
            return nil
        }
        guard range.contains(value) else {
            error(node, path, "\(value) is out of range (\(range.lowerBound)…\(range.upperBound))")
            return nil
        }
        return value
    }

    /// A list of strings; a single string is a list of one, or — with `separator` — split on it
    /// (`groups: wheel, adm`). Null reads as empty.
    public mutating func stringList(_ node: Node, at path: KeyPath, separator: Character? = nil) -> [String] {
        switch node.content {
        case .scalar:
            guard let text = string(node, at: path) else { return [] }
            guard let separator else { return [text] }
            return text.split(separator: separator).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        case .sequence(let items):
            return items.enumerated().compactMap { index, item in string(item, at: path.appending(index)) }
        case .mapping:
            error(node, path, "expected a list of strings, found a mapping")
            return []
        }
    }
}
