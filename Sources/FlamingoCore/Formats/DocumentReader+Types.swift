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

    /// A string that becomes one line, or one field of a line, of a file flamingo writes
    /// (resolv.conf, chrony.conf, fstab, a .repo file, vconsole.conf): a control character — a line
    /// break, CR included, checked scalar by scalar since `"\r\n"` is one Swift Character — is
    /// an error and the value is refused. Tabs are allowed unless `fieldSeparators` forbids them.
    public mutating func line(_ node: Node, at path: KeyPath, fieldSeparators: Bool = false) -> String? {
        guard let text = string(node, at: path) else { return nil }
        if let scalar = ControlCharacters.first(in: text) {
            error(node, path, "expected one line, found a control character (\(ControlCharacters.name(scalar))): it would add a line to the file it is written into")
            return nil
        }
        if fieldSeparators, text.unicodeScalars.contains(where: { $0 == " " || $0 == "\t" }) {
            error(node, path, "expected one field without spaces or tabs, found \"\(text)\"")
            return nil
        }
        return text
    }

    /// A list of `line`s: the refused ones are left out (each with its error).
    public mutating func lineList(_ node: Node, at path: KeyPath, fieldSeparators: Bool = false) -> [String] {
        switch node.content {
        case .scalar:
            return line(node, at: path, fieldSeparators: fieldSeparators).map { [$0] } ?? []
        case .sequence(let items):
            return items.enumerated().compactMap { index, item in line(item, at: path.appending(index), fieldSeparators: fieldSeparators) }
        case .mapping:
            error(node, path, "expected a list of strings, found a mapping")
            return []
        }
    }
}

/// Control characters in text that must stay on one line, found scalar by scalar.
public enum ControlCharacters {
    /// The first control character (C0 but tab, DEL, C1, and the Unicode line and paragraph
    /// separators), or nil.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
    }

    /// `U+000A`.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
