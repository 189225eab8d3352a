/// `set_hostname`: /etc/hostname from cloud-config's `hostname`/`fqdn`, else the metadata's host
/// name — the short name, or the FQDN with `prefer_fqdn_over_hostname` — unless
/// `preserve_hostname` says to leave it alone.
public enum SetHostname: Module {
    public static let name = "set_hostname"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("hostname", Settings.self) { s, r, n, p in s.hostname = r.string(n, at: p) },
        ConfigKey("fqdn", Settings.self) { s, r, n, p in s.fqdn = r.string(n, at: p) },
        ConfigKey("prefer_fqdn_over_hostname", Settings.self) { s, r, n, p in s.preferFQDNOverHostname = r.bool(n, at: p) ?? false },
        ConfigKey("preserve_hostname", Settings.self) { s, r, n, p in s.preserveHostname = r.bool(n, at: p) ?? false },
        ConfigKey("create_hostname_file", Settings.self) { s, r, n, p in s.createHostnameFile = r.bool(n, at: p) ?? true },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var hostname: String?
        public var fqdn: String?
        public var preferFQDNOverHostname = false
        public var preserveHostname = false
        /// `create_hostname_file: false`: /etc/hostname is changed when it exists, never created.
        public var createHostnameFile = true

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        if context.config[Settings.self].preserveHostname {
            plan.notes.append("preserve_hostname: /etc/hostname left alone")
            return plan
        }
        let names: Hostname
        do {
            guard let resolved = try resolve(context) else {
                plan.notes.append("no host name in the metadata or cloud-config: nothing to do")
                return plan
            }
            names = resolved
        } catch {
            plan.diagnostics.append(Diagnostic(.error, file: context.instance.source, mark: nil,
                                               keyPath: KeyPath([.key("hostname")]), "\(error)"))
            return plan
        }
        if !context.config[Settings.self].createHostnameFile, try context.sysroot.status("/etc/hostname") == nil {
            plan.notes.append("create_hostname_file: false and the image has no /etc/hostname: none created")
            return plan
        }
        let written = context.config[Settings.self].preferFQDNOverHostname ? names.fqdn : names.short
        plan.actions.append(.writeFile(FileWrite(path: "/etc/hostname", text: written + "\n", mode: FileMode(0o644), owner: .root)))
        return plan
    }

    /// cloud-init's `get_hostname_fqdn`: `fqdn` wins, then a dotted `hostname`, then `hostname`
    /// with the metadata's domain, then the metadata alone.
    public static func resolve(_ context: PlanContext) throws -> Hostname? {
        let config = context.config
        let metadata = try context.instance.localHostname.map { try Hostname(parsing: $0) }
        if let fqdn = config[Settings.self].fqdn {
            var names = try Hostname(parsing: fqdn)
            if let short = config[Settings.self].hostname { names.short = try Hostname(parsing: short).short }
            return names
        }
        if let hostname = config[Settings.self].hostname {
            let names = try Hostname(parsing: hostname)
            if names.fqdn.contains(".") { return names }
            if let metadata, metadata.fqdn.contains(".") {
                let domain = metadata.fqdn.split(separator: ".", maxSplits: 1)[1]
                return Hostname(short: names.short, fqdn: "\(names.short).\(domain)")
            }
            return names
        }
        return metadata
    }
}
