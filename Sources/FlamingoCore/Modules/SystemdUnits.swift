/// `systemd.units` (a flamingo extension in Ignition's vocabulary): unit files and drop-ins
/// written under /etc/systemd/system, units enabled, disabled, masked and unmasked offline —
/// the links `systemctl --root` would make or remove (`UnitInstaller`), no systemctl run.
public enum SystemdUnits: Module {
    public static let name = "systemd"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("systemd", Settings.self) { s, r, n, p in s.systemdUnits = CloudConfigDecoder.decodeSystemd(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `systemd.units` (a flamingo extension in Ignition's vocabulary).
        public var systemdUnits: [UnitSpec] = []

        public init() {}
    }
    static let directory = UnitInstaller.configDirectory

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let units = context.config[Settings.self].systemdUnits
        guard !units.isEmpty else {
            plan.notes.append("no systemd units in the cloud-config: nothing to do")
            return plan
        }
        let sysroot = context.sysroot
        var installer = UnitInstaller(read: { try sysroot.readText($0) }, list: { sysroot.list($0) })
        for unit in units {
            let path = "\(directory)/\(unit.name)"
            let at = KeyPath([.key("systemd"), .key("units"), .index(unit.index)])
            if let contents = unit.contents {
                let text = contents.hasSuffix("\n") || contents.isEmpty ? contents : contents + "\n"
                plan.actions.append(.writeFile(FileWrite(path: path, text: text, mode: FileMode(0o644), owner: .root)))
                installer.planned[path] = text
            }
            for dropin in unit.dropins {
                let text = dropin.contents.hasSuffix("\n") || dropin.contents.isEmpty ? dropin.contents : dropin.contents + "\n"
                plan.actions.append(.writeFile(FileWrite(path: "\(path).d/\(dropin.name)", text: text, mode: FileMode(0o644), owner: .root)))
            }
            switch unit.mask {
            case true?:
                if let status = try sysroot.status(path), !status.isSymlink {
                    plan.diagnostics.append(Diagnostic(.error, file: sysroot.path, mark: nil, keyPath: at,
                                                       "\(path) is a unit file in the image: masking would replace it; not masked"))
                } else {
                    plan.actions.append(.symlink(path: path, target: "/dev/null", owner: .root))
                }
            case false?:
                // Unmasking removes only a mask: a link to /dev/null.
                if try sysroot.status(path)?.isSymlink == true, try sysroot.readLink(path) == "/dev/null" {
                    plan.actions.append(.remove(path: path))
                }
            case nil:
                break
            }
            do {
                switch unit.enabled {
                case true?:
                    for link in try installer.enableLinks(unit.name) {
                        plan.actions.append(.symlink(path: link.path, target: link.target, owner: .root))
                    }
                case false?:
                    for link in try installer.disableLinks(unit.name) where try sysroot.status(link)?.isSymlink == true {
                        plan.actions.append(.remove(path: link))
                    }
                case nil:
                    break
                }
            } catch let problem as UnitInstaller.Problem {
                plan.diagnostics.append(Diagnostic(.error, file: sysroot.path, mark: nil, keyPath: at, problem.description))
            }
        }
        return plan
    }
}
