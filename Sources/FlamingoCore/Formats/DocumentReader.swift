/// Reads typed values out of a parsed document and collects a diagnostic for every value of the
/// wrong shape, instead of stopping at the first: one run reports every problem in a file.
public struct DocumentReader {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []
    /// What gzip may still inflate while decoding (the run's `InflateBudget`), if bounded.
    public var inflateBudget: InflateBudget?

    public init(file: String) { self.file = file }

    /// A reader for a parsed document, starting with the warnings its parsing raised.
    public init(document: Document) {
        file = document.file
        diagnostics = document.warnings
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func error(_ node: Node?, _ path: KeyPath, _ message: String) {
        diagnostics.append(Diagnostic(.error, file: file, mark: node?.mark, keyPath: path, message))
    }

    public mutating func warning(_ node: Node?, _ path: KeyPath, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, mark: node?.mark, keyPath: path, message))
    }

    public mutating func add(_ diagnostics: [Diagnostic]) { self.diagnostics += diagnostics }

    /// The pairs of a mapping; an error for anything else. Null reads as absent (nil, no error).
    public mutating func mapping(_ node: Node, at path: KeyPath) -> [Node.Pair]? {
        if let pairs = node.mapping { return pairs }
        if !node.isNull { error(node, path, "expected a mapping, found \(node.kindDescription)") }
        return nil
    }

    /// A string. Numbers are accepted and kept as written (`instance-id: 1234`), as cloud-init's
    /// `str()` would; booleans, lists and mappings are errors. Null reads as absent.
    public mutating func string(_ node: Node, at path: KeyPath) -> String? {
        guard let scalar = node.scalar else {
            error(node, path, "expected a string, found \(node.kindDescription)")
            return nil
        }
        switch scalar.resolved {
        case .null: return nil
        case .string(let text): return text
        case .int, .float: return scalar.text
        case .bool: error(node, path, "expected a string, found \(node.kindDescription)"); return nil
        }
    }

    /// Keys of a mapping that are not in `known` get a warning, with a suggestion when one is close.
    public mutating func warnUnknownKeys(_ pairs: [Node.Pair], known: [String], at path: KeyPath) {
        for pair in pairs {
            guard let key = pair.key.scalar?.text, !known.contains(key) else { continue }
            var message = "unknown key \"\(key)\""
            if let suggestion = Self.closest(to: key, in: known) { message += "; did you mean \"\(suggestion)\"?" }
            warning(pair.key, path.appending(key), message)
        }
    }

    /// The closest known word within an edit distance of 2, or 3 for words of 12 letters or more
    /// (`-` and `_` count as the same), if any.
    static func closest(to word: String, in candidates: [String]) -> String? {
        func normalized(_ s: String) -> String { String(s.lowercased().map { $0 == "-" ? "_" : $0 }) }
        let target = normalized(word)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, normalized(candidate))
            // A third of the word may differ, at most 2 (3 from 12 letters): `rpi` is not `apt`.
            let allowed = min(target.count >= 12 ? 3 : 2, max(1, target.count / 3))
            if distance <= allowed, distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
