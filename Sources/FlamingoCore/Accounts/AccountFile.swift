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
    /// Where each name's entry is (the first, as getpwnam finds it): lookups and changes in
    /// constant time, so that planning thousands of users stays linear.
    private var lineOf: [String: Int] = [:]
    /// How many entries have each number in their third field (the UID in passwd, the GID in group).
    public private(set) var idCounts: [UInt32: Int] = [:]

    public init(path: String, text: String?) {
        self.path = path
        existed = text != nil
        let body = text ?? ""
        endsWithNewline = body.isEmpty || body.hasSuffix("\n")
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if body.hasSuffix("\n") || body.isEmpty { lines.removeLast() }
        self.lines = lines
        for (index, line) in lines.enumerated() {
            guard let name = Self.name(of: line), lineOf[name] == nil else { continue }
            lineOf[name] = index
            count(line, by: 1)
        }
    }

    /// The colon-separated fields of the entry for `name`, or nil.
    public func fields(_ name: String) -> [String]? {
        lineOf[name].map { lines[$0].split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    /// One field of the entry for `name`, without splitting the rest of its line (a group's
    /// line may hold thousands of members); nil when there is no such entry or field.
    public func field(_ name: String, _ index: Int) -> String? {
        guard let line = lineOf[name].map({ lines[$0] }) else { return nil }
        let parts = line.split(separator: ":", maxSplits: index + 1, omittingEmptySubsequences: false)
        return index < parts.count ? String(parts[index]) : nil
    }

    private mutating func count(_ line: String, by delta: Int) {
        let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard fields.count > 2, let id = UInt32(fields[2]) else { return }
        idCounts[id, default: 0] += delta
        if idCounts[id] == 0 { idCounts[id] = nil }
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
        if let index = lineOf[name] {
            if lines[index] != line {
                count(lines[index], by: -1)
                count(line, by: 1)
                lines[index] = line
                changed = true
            }
        } else {
            lineOf[name] = lines.count
            count(line, by: 1)
            lines.append(line)
            endsWithNewline = true
            changed = true
        }
    }

    /// Removes the entry for `name` (its line); absent is fine.
    public mutating func remove(_ name: String) {
        guard let index = lineOf[name] else { return }
        count(lines[index], by: -1)
        lines.remove(at: index)
        lineOf = [:]
        for (position, line) in lines.enumerated() {
            guard let entry = Self.name(of: line), lineOf[entry] == nil else { continue }
            lineOf[entry] = position
        }
        changed = true
    }

    /// Adds `member` to the last field (the member list) of the 4-field entry `name`, unless
    /// `known` (the members already read, kept by the caller) has it. Returns whether the entry
    /// exists with that shape.
    public mutating func appendMember(_ member: String, to name: String, known: inout [String: Set<String>]) -> Bool {
        guard let index = lineOf[name] else { return false }
        if known[name] == nil {
            let fields = lines[index].split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 4 else { return false }
            known[name] = Set(fields[3].split(separator: ",").map(String.init))
        }
        guard known[name]?.insert(member).inserted == true else { return true }
        if lines[index].hasSuffix(":") { lines[index].append(member) } else { lines[index].append("," + member) }
        changed = true
        return true
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
