/// The distribution's default user (cloud-config's `default` entry), from a small built-in table
/// keyed by the sysroot's /etc/os-release, as cloud-init's per-distribution cloud.cfg has it.
/// An image overrides it with `default_user:` in /etc/flamingo/flamingo.yaml (the whole entry is
/// replaced, not merged).
public enum DefaultUser {
    public static let configFile = FlamingoPaths.imageConfigFile
    static let sudo = ["ALL=(ALL) NOPASSWD:ALL"]

    struct Entry: Sendable {
        var name: String, gecos: String, groups: [String]
    }

    /// os-release `ID` (or `VARIANT_ID` for Fedora CoreOS) → default user. docs/cloud-config.md has the table.
    static let table: [(match: @Sendable (OSRelease) -> Bool, entry: Entry)] = [
        ({ $0.id == "fedora" && $0.variantID == "coreos" }, Entry(name: "core", gecos: "CoreOS Admin", groups: ["adm", "sudo", "systemd-journal", "wheel"])),
        ({ $0.id == "rhcos" }, Entry(name: "core", gecos: "CoreOS Admin", groups: ["adm", "sudo", "systemd-journal", "wheel"])),
        ({ $0.id == "fedora" }, Entry(name: "fedora", gecos: "fedora Cloud User", groups: ["wheel", "adm", "systemd-journal"])),
        ({ ["rhel", "centos", "rocky", "almalinux", "ol", "cloudlinux", "eurolinux", "miraclelinux", "virtuozzo"].contains($0.id) },
         Entry(name: "cloud-user", gecos: "Cloud User", groups: ["adm", "systemd-journal"])),
        ({ $0.id == "debian" }, Entry(name: "debian", gecos: "Debian", groups: ["adm", "audio", "cdrom", "dialout", "dip", "floppy", "netdev", "plugdev", "sudo", "video"])),
        ({ $0.id == "ubuntu" }, Entry(name: "ubuntu", gecos: "Ubuntu", groups: ["adm", "audio", "cdrom", "dialout", "dip", "floppy", "lxd", "netdev", "plugdev", "sudo", "video"])),
    ]

    /// The default user for this sysroot, and diagnostics from the override file if it has problems.
    public static func resolve(_ sysroot: SysrootView) -> (user: UserSpec?, diagnostics: [Diagnostic]) {
        if let text = (try? sysroot.read(configFile)) ?? nil {
            let file = sysroot.path + configFile
            do {
                let document = try Document.parse(RawInput(file: file, bytes: text), as: .yaml)
                var reader = DocumentReader(document: document)
                if let node = document.root["default_user"] {
                    if node.isNull { return (nil, reader.diagnostics) }  // `default_user: null`: no default user
                    if let pairs = reader.mapping(node, at: KeyPath([.key("default_user")])),
                       case .user(var user)? = CloudConfigDecoder.decodeUser(&reader, node, pairs, name: nil, KeyPath([.key("default_user")])) {
                        user.lockPasswordGiven = true
                        return (user, reader.diagnostics)
                    }
                    return (nil, reader.diagnostics)
                }
            } catch let diagnostic as Diagnostic {
                return (builtIn(sysroot), [diagnostic])
            } catch {}
        }
        return (builtIn(sysroot), [])
    }

    static func builtIn(_ sysroot: SysrootView) -> UserSpec? {
        let release = OSRelease(sysroot)
        let entry = table.first { $0.match(release) }?.entry
            ?? Entry(name: "cloud-user", gecos: "Cloud User", groups: [])
        var user = UserSpec(name: entry.name, file: "built-in default user for \(release.id.isEmpty ? "an unknown system" : release.id)",
                            mark: nil, keyPath: KeyPath([.key("users"), .key("default")]))
        user.gecos = entry.gecos
        user.groups = entry.groups
        user.sudo = sudo
        user.shell = "/bin/bash"
        user.lockPasswordGiven = true
        return user
    }
}
