/// `packages`, `package_update`, `package_upgrade`, `package_reboot_if_required`: handed to the
/// booted system (dnf or yum, apt-get), before the user's runcmd as in cloud-init. On rpm-ostree
/// systems packages are layered with `rpm-ostree install` and a reboot, not installed in place:
/// flamingo says so and hands nothing off.
public enum PackageUpdateUpgradeInstall: Module {
    public static let name = "package_update_upgrade_install"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("packages", Settings.self) { s, r, n, p in s.packages = CloudConfigDecoder.decodePackages(&r, n, p) },
        // cloud-init still honours the apt_* spellings: either key set to true is true.
        ConfigKey("package_update", Settings.self) { s, r, n, p in s.packageUpdate = (r.bool(n, at: p) ?? false) || s.packageUpdate },
        ConfigKey("package_upgrade", Settings.self) { s, r, n, p in s.packageUpgrade = (r.bool(n, at: p) ?? false) || s.packageUpgrade },
        ConfigKey("package_reboot_if_required", Settings.self) { s, r, n, p in s.packageRebootIfRequired = (r.bool(n, at: p) ?? false) || s.packageRebootIfRequired },
        ConfigKey("apt_update", Settings.self) { s, r, n, p in s.packageUpdate = (r.bool(n, at: p) ?? false) || s.packageUpdate },
        ConfigKey("apt_upgrade", Settings.self) { s, r, n, p in s.packageUpgrade = (r.bool(n, at: p) ?? false) || s.packageUpgrade },
        ConfigKey("apt_reboot_if_required", Settings.self) { s, r, n, p in s.packageRebootIfRequired = (r.bool(n, at: p) ?? false) || s.packageRebootIfRequired },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `packages`: names, or name=version.
        public var packages: [String] = []
        public var packageUpdate = false
        public var packageUpgrade = false
        public var packageRebootIfRequired = false

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config[Settings.self].packages.isEmpty || config[Settings.self].packageUpdate || config[Settings.self].packageUpgrade else {
            plan.notes.append("no packages in the cloud-config: nothing to do")
            return plan
        }
        let sysroot = context.sysroot
        let isOstree = try sysroot.statusFollowing("/usr/bin/rpm-ostree") != nil || sysroot.list("/").contains("ostree")
        if isOstree {
            plan.diagnostics.append(Diagnostic(.warning, file: sysroot.path, mark: nil, keyPath: KeyPath([.key("packages")]),
                "this is an rpm-ostree system: packages are layered with `rpm-ostree install` and a reboot, not installed by cloud-config; nothing handed off"))
            return plan
        }
        var script: String
        if OSRelease(sysroot).isDebianFamily {
            script = "export DEBIAN_FRONTEND=noninteractive\n"
            if config[Settings.self].packageUpdate || config[Settings.self].packageUpgrade || !config[Settings.self].packages.isEmpty { script += "apt-get update\n" }
            if config[Settings.self].packageUpgrade { script += "apt-get -y dist-upgrade\n" }
            if !config[Settings.self].packages.isEmpty { script += "apt-get -y install \(config[Settings.self].packages.map(Handoff.shellQuote).joined(separator: " "))\n" }
            if config[Settings.self].packageRebootIfRequired { script += "if [ -e /var/run/reboot-required ]; then systemctl reboot; fi\n" }
        } else {
            script = "dnf=$(command -v dnf || command -v yum)\n"
            if config[Settings.self].packageUpdate { script += "$dnf -y makecache\n" }
            if config[Settings.self].packageUpgrade { script += "$dnf -y upgrade\n" }
            // name=version is dnf's name-version.
            if !config[Settings.self].packages.isEmpty { script += "$dnf -y install \(config[Settings.self].packages.map { Handoff.shellQuote($0.replacing("=", with: "-")) }.joined(separator: " "))\n" }
            if config[Settings.self].packageRebootIfRequired { script += "if command -v needs-restarting > /dev/null && ! needs-restarting -r > /dev/null; then systemctl reboot; fi\n" }
        }
        context.handoffCommands.append(("packages", script, true))
        return plan
    }
}
