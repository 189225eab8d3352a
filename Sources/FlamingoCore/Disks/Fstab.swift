/// /etc/fstab with cloud-config's entries: the image's own lines are kept as they are; lines a
/// cloud-config run added before (tagged `comment=cloudconfig` in their options, as cloud-init
/// tags them) are replaced by this run's. A device the image's own lines already mount is left
/// to them.
public struct Fstab: Sendable, Equatable {
    public static let tag = FstabEntry.cloudConfigTag

    /// The image's lines, verbatim (comments and blank lines included).
    public var keptLines: [String]
    /// The fs_spec of every kept entry.
    public var imageDevices: Set<String>
    /// Lines an earlier cloud-config run wrote.
    public var previousLines: [String]

    public init(text: String) {
        var kept: [String] = [], previous: [String] = [], devices: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.contains(Self.tag) { previous.append(line); continue }
            kept.append(line)
            let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            if let first, !first.hasPrefix("#") { devices.insert(MountTable.unescape(first)) }
        }
        while kept.last == "" { kept.removeLast() }
        keptLines = kept
        imageDevices = devices
        previousLines = previous
    }

    /// One entry as cloud-init writes it: tab-separated, the tag added to the options. A space,
    /// a tab or a backslash in a field is written as fstab(5)'s octal escape (`/mnt/Cdrom\040Drive`),
    /// so that every line keeps its six fields (cloud-init 22.4 wrote them raw: mount read
    /// `/mnt/Cdrom` and a filesystem type `Drive`).
    public static func line(_ fields: [String]) -> String {
        var fields = fields
        fields[3] += "," + tag
        return fields.map(escaped).joined(separator: "\t")
    }

    static func escaped(_ field: String) -> String {
        field.escapingScalars { scalar in
            switch scalar {
            case " ": return "\\040"
            case "\t": return "\\011"
            case "\\": return "\\134"
            default: return nil
            }
        }
    }

    /// The file with `entries` (six fields each) after the image's lines.
    public func text(with entries: [[String]]) -> String {
        let lines = keptLines + entries.map(Self.line)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
