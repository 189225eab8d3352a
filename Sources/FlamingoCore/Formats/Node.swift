/// A position in an input file, 1-based, as editors count.
public struct Mark: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// One node of a parsed YAML or JSON document. Every node remembers where it started, so any
/// message about it can point at the input.
public struct Node: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public struct Pair: Sendable {
        public var key: Node
        public var value: Node
    }

    public var content: Content
    public var mark: Mark

    public init(_ content: Content, mark: Mark) {
        self.content = content
        self.mark = mark
    }

    /// What a person would call this kind of node in a message ("a mapping", "a string").
    public var kindDescription: String {
        switch content {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let scalar): return scalar.resolved.kindDescription
        }
    }

    public var scalar: Scalar? { if case .scalar(let s) = content { return s } else { return nil } }
    public var sequence: [Node]? { if case .sequence(let s) = content { return s } else { return nil } }
    public var mapping: [Pair]? { if case .mapping(let m) = content { return m } else { return nil } }

    /// The value under a string key of a mapping (the first one, keys being unique).
    public subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    public var isNull: Bool { if case .null = scalar?.resolved { return true } else { return false } }
}

/// A scalar's text plus what decides its type: its explicit tag, or for plain scalars the YAML 1.1
/// rules cloud-init's users rely on (`yes`/`off` are booleans, `0644` is octal).
public struct Scalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case plain, quoted, block }

    public var text: String
    public var style: Style
    /// A resolved tag such as `tag:yaml.org,2002:int`, or nil when none was written.
    public var tag: String?

    public init(_ text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    public var resolved: ScalarValue { ScalarValue.resolve(self) }
}
