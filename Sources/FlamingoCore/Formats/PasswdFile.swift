/// One line of an `/etc/passwd`-format file.
public struct PasswdEntry: Equatable, Sendable {
    public var name: String
    public var uid: UInt32
    public var gid: UInt32
    public var gecos: String
    public var home: String
    public var shell: String
}

/// Reads `/etc/passwd` the way the C library does: seven colon-separated fields per line; lines
/// that do not have them (comments, blanks, damage) are skipped, never guessed at.
public enum PasswdFile {
    public static func parse(_ text: String) -> [PasswdEntry] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 7, !fields[0].isEmpty, !fields[0].hasPrefix("#"),
                  let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
            return PasswdEntry(name: String(fields[0]), uid: uid, gid: gid, gecos: String(fields[4]),
                               home: String(fields[5]), shell: String(fields[6]))
        }
    }

    /// The sysroot's entry for `name` from /etc/passwd, or nil.
    public static func lookup(_ name: String, in sysroot: SysrootView) throws -> PasswdEntry? {
        guard let text = try sysroot.readText("/etc/passwd") else { return nil }
        return parse(text).first { $0.name == name }
    }
}
