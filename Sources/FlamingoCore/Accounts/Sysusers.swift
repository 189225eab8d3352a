/// Users and groups an image declares in sysusers.d (`u NAME ID …`, `g NAME ID`) that
/// systemd-sysusers creates only in the booted system. flamingo uses the declared IDs when it must
/// create one of them earlier (a new user joining `wheel` before the first boot made it).
public struct Sysusers: Sendable {
    public var groups: [String: UInt32] = [:]
    public var users: [String: UInt32] = [:]

    public static let directories = ["/usr/lib/sysusers.d", "/etc/sysusers.d"]

    public init() {}

    public init(_ sysroot: SysrootView) {
        for directory in Self.directories {
            for name in sysroot.list(directory) where name.hasSuffix(".conf") {
                guard let text = (try? sysroot.readText("\(directory)/\(name)")) ?? nil else { continue }
                parse(text)
            }
        }
    }

    mutating func parse(_ text: String) {
        for raw in text.split(whereSeparator: \.isNewline) {
            let fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 3, !fields[0].hasPrefix("#") else { continue }
            let id = fields[2].split(separator: ":").first.flatMap { UInt32($0) }
            switch fields[0] {
            case "g": if let id { groups[fields[1]] = id }
            case "u", "u!":
                if let id { users[fields[1]] = id; groups[fields[1]] = groups[fields[1]] ?? id }
            default: break
            }
        }
    }
}
