/// `timezone`: /etc/localtime a link into the sysroot's own zoneinfo (as timedatectl makes it:
/// `../usr/share/zoneinfo/ZONE`), and /etc/timezone on the Debian family. A zone the sysroot has
/// no file for is an error.
public enum Timezone: Module {
    public static let name = "timezone"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("timezone", Settings.self) { s, r, n, p in s.timezone = r.string(n, at: p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var timezone: String?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let zone = context.config[Settings.self].timezone else {
            plan.notes.append("no timezone in the cloud-config: nothing to do")
            return plan
        }
        let zoneFile = "/usr/share/zoneinfo/\(zone)"
        let valid = !zone.isEmpty && !zone.hasPrefix("/") && !zone.split(separator: "/").contains("..")
            && zone.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/_+-".contains($0)) }
        guard valid, let status = try context.sysroot.statusFollowing(zoneFile), status.isRegularFile,
              (try context.sysroot.readPrefix(zoneFile, count: 4)) == Array("TZif".utf8) else {
            plan.diagnostics.append(Diagnostic(.error, file: context.sysroot.path, mark: nil, keyPath: KeyPath([.key("timezone")]),
                                               "unknown time zone \"\(zone)\": the sysroot has no \(zoneFile)"))
            return plan
        }
        plan.actions.append(.symlink(path: "/etc/localtime", target: "..\(zoneFile)", owner: .root))
        if OSRelease(context.sysroot).isDebianFamily {
            plan.actions.append(.writeFile(FileWrite(path: "/etc/timezone", text: zone + "\n", mode: FileMode(0o644), owner: .root)))
        }
        return plan
    }
}
