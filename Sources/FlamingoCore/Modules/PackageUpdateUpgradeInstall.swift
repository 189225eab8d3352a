/// `packages`, `package_update`, `package_upgrade`, `package_reboot_if_required`: handed to the
/// booted system (dnf or yum, apt-get), before the user's runcmd as in cloud-init. On rpm-ostree
/// systems packages are layered with `rpm-ostree install` and a reboot, not installed in place:
/// flamingo says so and hands nothing off.
public enum PackageUpdateUpgradeInstall: Module {
    public static let name = "package_update_upgrade_install"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config.packages.isEmpty || config.packageUpdate || config.packageUpgrade else {
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
            if config.packageUpdate || config.packageUpgrade || !config.packages.isEmpty { script += "apt-get update\n" }
            if config.packageUpgrade { script += "apt-get -y dist-upgrade\n" }
            if !config.packages.isEmpty { script += "apt-get -y install \(config.packages.map(Handoff.shellQuote).joined(separator: " "))\n" }
            if config.packageRebootIfRequired { script += "if [ -e /var/run/reboot-required ]; then systemctl reboot; fi\n" }
        } else {
            script = "dnf=$(command -v dnf || command -v yum)\n"
            if config.packageUpdate { script += "$dnf -y makecache\n" }
            if config.packageUpgrade { script += "$dnf -y upgrade\n" }
            // name=version is dnf's name-version.
            if !config.packages.isEmpty { script += "$dnf -y install \(config.packages.map { Handoff.shellQuote($0.replacing("=", with: "-")) }.joined(separator: " "))\n" }
            if config.packageRebootIfRequired { script += "if command -v needs-restarting > /dev/null && ! needs-restarting -r > /dev/null; then systemctl reboot; fi\n" }
        }
        context.handoffCommands.append(("packages", script, true))
        return plan
    }
}
