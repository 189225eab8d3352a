/// `ntp`: the chosen client's configuration in the sysroot and its unit enabled (UnitInstaller).
/// `ntp_client: auto` picks the first client the image has, in cloud-init's order for the
/// distribution (RHEL family: chrony, ntp; Debian family: chrony, ntp, systemd-timesyncd; others:
/// chrony, systemd-timesyncd, ntp). No servers or pools: cloud-init's default pools.
public enum NTP: Module {
    public static let name = "ntp"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("ntp", Settings.self) { s, r, n, p in s.ntp = CloudConfigDecoder.decodeNTP(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var ntp: NTPConfig?

        public init() {}
    }

    struct Client {
        var name: String
        var program: [String]
        var configPath: String
        var unit: String
    }

    static func clients(_ release: OSRelease) -> [Client] {
        let debian = release.isDebianFamily
        let chrony = Client(name: "chrony", program: ["/usr/sbin/chronyd", "/sbin/chronyd"],
                            configPath: debian ? "/etc/chrony/chrony.conf" : "/etc/chrony.conf", unit: debian ? "chrony.service" : "chronyd.service")
        let ntp = Client(name: "ntp", program: ["/usr/sbin/ntpd", "/sbin/ntpd"], configPath: "/etc/ntp.conf", unit: debian ? "ntp.service" : "ntpd.service")
        let timesyncd = Client(name: "systemd-timesyncd", program: ["/usr/lib/systemd/systemd-timesyncd", "/lib/systemd/systemd-timesyncd"],
                               configPath: "/etc/systemd/timesyncd.conf.d/cloud-init.conf", unit: "systemd-timesyncd.service")
        if release.isRedHatFamily { return [chrony, ntp, timesyncd] }
        if debian && release.id != "ubuntu" && !release.idLike.contains("ubuntu") { return [chrony, ntp, timesyncd] }
        return [chrony, timesyncd, ntp]
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let ntp = context.config[Settings.self].ntp else {
            plan.notes.append("no ntp in the cloud-config: nothing to do")
            return plan
        }
        guard ntp.enabled else {
            plan.notes.append("ntp: enabled: false: nothing to do")
            return plan
        }
        let at = KeyPath([.key("ntp")])
        let release = OSRelease(context.sysroot)
        let candidates = clients(release)
        let installed = try candidates.filter { client in try client.program.contains { try context.sysroot.statusFollowing($0) != nil } }
        let client: Client
        if ntp.client == "auto" {
            guard let first = installed.first else {
                plan.diagnostics.append(Diagnostic(.error, file: context.sysroot.path, mark: nil, keyPath: at,
                    "no NTP client in the image (looked for \(candidates.map(\.name).joined(separator: ", "))); flamingo installs no packages"))
                return plan
            }
            client = first
        } else {
            guard let chosen = candidates.first(where: { $0.name == ntp.client }) else { return plan }
            if !installed.contains(where: { $0.name == chosen.name }) {
                plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at.appending("ntp_client"),
                    "\(chosen.name) is not installed in the image: its configuration is written, the unit may not exist"))
            }
            client = chosen
        }
        let servers = ntp.servers
        var pools = ntp.pools
        if servers.isEmpty && pools.isEmpty {
            let distribution = release.id.isEmpty ? "centos" : release.id
            pools = (0..<4).map { "\($0).\(distribution).pool.ntp.org" }
        }
        let path = ntp.configPath ?? client.configPath
        plan.actions.append(.writeFile(FileWrite(path: path, text: configuration(client.name, servers: servers, pools: pools, ntp: ntp, debian: release.isDebianFamily),
                                                 mode: FileMode(0o644), owner: .root)))
        plan.notes.append("ntp client \(client.name): \(path)")
        let sysroot = context.sysroot
        let installer = UnitInstaller(read: { try sysroot.readText($0) }, list: { sysroot.list($0) })
        do {
            for link in try installer.enableLinks(UnitName(client.unit)!) {
                plan.actions.append(.symlink(path: link.path, target: link.target, owner: .root))
            }
        } catch {
            plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at, "\(client.unit) not enabled: \(error)"))
        }
        return plan
    }

    static func configuration(_ client: String, servers: [String], pools: [String], ntp: NTPConfig, debian: Bool) -> String {
        let header = "# Written by flamingo from the instance's cloud-config (ntp).\n"
        switch client {
        case "systemd-timesyncd":
            var text = header + "[Time]\n"
            if !(servers + pools).isEmpty { text += "NTP=\((servers + pools).joined(separator: " "))\n" }
            return text
        case "ntp":
            var lines = ["driftfile /var/lib/ntp/drift", "restrict default kod nomodify notrap nopeer noquery limited",
                         "restrict -6 default kod nomodify notrap nopeer noquery limited", "restrict 127.0.0.1", "restrict -6 ::1"]
            lines += pools.map { "pool \($0) iburst" } + servers.map { "server \($0) iburst" } + ntp.peers.map { "peer \($0)" }
            lines += ntp.allow.map { "restrict \($0)" }
            return header + lines.joined(separator: "\n") + "\n"
        default:
            var lines = pools.map { "pool \($0) iburst" } + servers.map { "server \($0) iburst" } + ntp.peers.map { "peer \($0)" }
            lines += ntp.allow.map { "allow \($0)" }
            lines += debian
                ? ["keyfile /etc/chrony/chrony.keys", "driftfile /var/lib/chrony/chrony.drift", "logdir /var/log/chrony",
                   "maxupdateskew 100.0", "rtcsync", "makestep 1 3"]
                : ["driftfile /var/lib/chrony/drift", "makestep 1.0 3", "rtcsync", "logdir /var/log/chrony"]
            return header + lines.joined(separator: "\n") + "\n"
        }
    }
}
