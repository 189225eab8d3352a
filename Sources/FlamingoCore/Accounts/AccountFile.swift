/// One of /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow, edited the way shadow-utils edits
/// it: every existing line (comments, blank lines, odd entries) kept byte for byte, an entry
/// changed in place, a new entry appended.
public struct AccountFile: Sendable, Equatable {
    public let path: String
    /// The lines without their line ends.
    public private(set) var lines: [String]
    /// Whether the file as read ended with a line end (kept as it was when nothing is appended).
    private var endsWithNewline: Bool
    /// Whether the file existed when read.
    public let existed: Bool
    public private(set) var changed = false

    public init(path: String, text: String?) {
        self.path = path
        existed = text != nil
        let body = text ?? ""
        endsWithNewline = body.isEmpty || body.hasSuffix("\n")
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.hasSuffix("\n") || body.isEmpty { lines.removeLast() }
        self.lines = lines
    }

    /// The colon-separated fields of the entry for `name`, or nil.
    public func fields(_ name: String) -> [String]? {
        lines.first { Self.name(of: $0) == name }.map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    public var entries: [[String]] {
        lines.compactMap { line in
            guard Self.name(of: line) != nil else { return nil }
            return line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Replaces the entry for `name` (the first, as getpwnam finds it), or appends it.
    public mutating func set(_ name: String, _ fields: [String]) {
        let line = fields.joined(separator: ":")
        if let index = lines.firstIndex(where: { Self.name(of: $0) == name }) {
            if lines[index] != line { lines[index] = line; changed = true }
        } else {
            lines.append(line)
            endsWithNewline = true
            changed = true
        }
    }

    public var text: String {
        lines.isEmpty ? "" : lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
    }

    /// What makes the file unsafe to edit: an entry with the wrong number of fields, a name given
    /// twice (which entry would win?). Comments, blank and NIS lines are fine; so is a missing
    /// final line end. Each as "LINE: problem".
    public func problems(fields expected: Int) -> [String] {
        var seen: [String: Int] = [:]
        var problems: [String] = []
        for (index, line) in lines.enumerated() {
            guard let first = line.first, first != "#", first != "+", first != "-" else { continue }
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == expected, !fields[0].isEmpty else {
                problems.append("line \(index + 1): \(fields.count) field\(fields.count == 1 ? "" : "s") (\(expected) expected)")
                continue
            }
            let name = String(fields[0])
            if let earlier = seen[name] { problems.append("line \(index + 1): \(name) again (first on line \(earlier))") } else { seen[name] = index + 1 }
        }
        return problems
    }

    /// The name an entry line starts with; nil for comments, blank lines, and NIS `+`/`-` lines.
    static func name(of line: String) -> String? {
        guard let first = line.first, first != "#", first != "+", first != "-", let colon = line.firstIndex(of: ":") else { return nil }
        let name = String(line[..<colon])
        return name.isEmpty ? nil : name
    }
}
