/// One line of /etc/fstab, as fstab(5) reads it: six whitespace-separated fields (the last two
/// optional), octal escapes (`\040` for a space) in the first two.
public struct FstabEntry: Equatable, Sendable {
    public var spec: String
    public var mountPoint: String
    public var type: String
    public var options: [String]
    /// Its line in the file (1-based), for messages.
    public var line: Int

    /// The option cloud-init (and flamingo's `mounts` module) tags its own lines with.
    public static let cloudConfigTag = "comment=cloudconfig"

    public init(spec: String, mountPoint: String, type: String, options: [String], line: Int = 0) {
        self.spec = spec
        self.mountPoint = mountPoint
        self.type = type
        self.options = options
        self.line = line
    }

    /// The entries of a file, comments and blank lines skipped; lines with fewer than three
    /// fields are skipped too (mount(8) refuses them as well).
    public static func entries(_ text: String) -> [FstabEntry] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 3, !fields[0].hasPrefix("#") else { return nil }
            let options = fields.count > 3 ? fields[3].split(separator: ",").map(String.init) : ["defaults"]
            return FstabEntry(spec: MountTable.unescape(fields[0]), mountPoint: normalised(MountTable.unescape(fields[1])),
                              type: fields[2], options: options, line: index + 1)
        }
    }

    /// `/var/` and `/var` are one mount point.
    private static func normalised(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
