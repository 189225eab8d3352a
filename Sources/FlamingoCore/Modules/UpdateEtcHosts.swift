/// `update_etc_hosts` (`manage_etc_hosts`): `true`/`template` writes /etc/hosts whole from the
/// distribution family's template (cloud-init's hosts.debian / hosts.redhat, built in);
/// `localhost` adds the host's line to the existing file when it is missing; `false` (the
/// default) leaves /etc/hosts alone.
public enum UpdateEtcHosts: Module {
    public static let name = "update_etc_hosts"
    public static let frequency = Frequency.perBoot

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("manage_etc_hosts", Settings.self) { s, r, n, p in s.manageEtcHosts = CloudConfigDecoder.decodeEtcHosts(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var manageEtcHosts = EtcHostsMode.unmanaged

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard context.config[Settings.self].manageEtcHosts != .unmanaged else { return plan }
        guard let names = (try? SetHostname.resolve(context)) ?? nil else {
            plan.notes.append("manage_etc_hosts: no host name known; /etc/hosts left alone")
            return plan
        }
        let release = OSRelease(context.sysroot)
        let debianFamily = release.id == "debian" || release.id == "ubuntu" || release.idLike.contains("debian")
        let text: String
        switch context.config[Settings.self].manageEtcHosts {
        case .template:
            text = debianFamily ? debianTemplate(names) : redhatTemplate(names)
        case .localhost:
            let existing = try context.sysroot.readText("/etc/hosts")
            let address = debianFamily ? "127.0.1.1" : "127.0.0.1"
            let present = (existing ?? "").split(whereSeparator: \.isNewline).contains { line in
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                return words.count >= 3 && words[0] == address && words[1] == names.fqdn && words.dropFirst(2).contains(names.short)
            }
            if present { return plan }
            var body = existing ?? "# Added by flamingo\n"
            if !body.isEmpty && !body.hasSuffix("\n") { body += "\n" }
            text = body + "\(address) \(names.fqdn) \(names.short)\n"
        case .unmanaged:
            return plan
        }
        plan.actions.append(.writeFile(FileWrite(path: "/etc/hosts", text: text, mode: FileMode(0o644), owner: .root)))
        return plan
    }

    static let header = "# Written by flamingo (manage_etc_hosts); changes here are replaced on every boot.\n"

    static func debianTemplate(_ names: Hostname) -> String {
        header + """
        127.0.1.1 \(names.fqdn) \(names.short)
        127.0.0.1 localhost

        # The following lines are desirable for IPv6 capable hosts
        ::1 localhost ip6-localhost ip6-loopback
        ff02::1 ip6-allnodes
        ff02::2 ip6-allrouters

        """
    }

    static func redhatTemplate(_ names: Hostname) -> String {
        header + """
        127.0.0.1 \(names.fqdn) \(names.short)
        127.0.0.1 localhost.localdomain localhost
        127.0.0.1 localhost4.localdomain4 localhost4

        ::1 \(names.fqdn) \(names.short)
        ::1 localhost6.localdomain6 localhost6

        """
    }
}
