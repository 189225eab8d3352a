/// `manage_resolv_conf` + `resolv_conf`: /etc/resolv.conf written whole — unless the image has
/// it managed by something else (a link, to systemd-resolved's or NetworkManager's file), which is
/// then left alone with a warning.
public enum ResolvConf: Module {
    public static let name = "resolv_conf"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("manage_resolv_conf", Settings.self) { s, r, n, p in s.manageResolvConf = r.bool(n, at: p) ?? false },
        ConfigKey("resolv_conf", Settings.self) { s, r, n, p in s.resolvConf = CloudConfigDecoder.decodeResolvConf(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var manageResolvConf = false
        public var resolvConf: ResolvConfConfig?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard context.config[Settings.self].manageResolvConf, let config = context.config[Settings.self].resolvConf else {
            plan.notes.append("manage_resolv_conf is not true (or no resolv_conf): nothing to do")
            return plan
        }
        let path = "/etc/resolv.conf"
        if try context.sysroot.status(path)?.isSymlink == true {
            let target = try context.sysroot.readLink(path) ?? "?"
            plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: KeyPath([.key("resolv_conf")]),
                                               "/etc/resolv.conf is managed by the image (a link to \(target)): left alone"))
            return plan
        }
        var lines = ["# Written by flamingo from the instance's cloud-config (resolv_conf)."]
        // cloud-init's order: search, then domain (resolv.conf keeps the last of the two).
        if !config.searchDomains.isEmpty { lines.append("search \(config.searchDomains.joined(separator: " "))") }
        if let domain = config.domain { lines.append("domain \(domain)") }
        lines += config.nameservers.prefix(3).map { "nameserver \($0)" }
        if !config.sortlist.isEmpty { lines.append("sortlist \(config.sortlist.joined(separator: " "))") }
        if !config.options.isEmpty { lines.append("options " + config.options.map { option in option.value.map { "\(option.key):\($0)" } ?? option.key }.joined(separator: " ")) }
        plan.actions.append(.writeFile(FileWrite(path: path, text: lines.joined(separator: "\n") + "\n", mode: FileMode(0o644), owner: .root)))
        return plan
    }
}
