/// `ca_certs`: trusted certificates written where the distribution's trust tools read local
/// anchors — RHEL family /etc/pki/ca-trust/source/anchors, Debian family
/// /usr/local/share/ca-certificates (/usr/local is writable on ostree systems) — and the trust
/// store rebuilt by the booted system (`update-ca-trust`, `update-ca-certificates`), once per
/// instance. `remove_defaults` (Debian family): every bundled certificate deselected in
/// /etc/ca-certificates.conf, the store rebuilt fresh.
public enum CACertificates: Module {
    public static let name = "ca_certs"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("ca_certs", Settings.self) { s, r, n, p in CloudConfigDecoder.decodeCACertificates(&s.caCertificates, &s.removeDefaultCertificates, &r, n, p) },
        ConfigKey("ca-certs", Settings.self) { s, r, n, p in CloudConfigDecoder.decodeCACertificates(&s.caCertificates, &s.removeDefaultCertificates, &r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `ca_certs` (or `ca-certs`).
        public var caCertificates: [String] = []
        public var removeDefaultCertificates = false

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config[Settings.self].caCertificates.isEmpty || config[Settings.self].removeDefaultCertificates else {
            plan.notes.append("no ca_certs in the cloud-config: nothing to do")
            return plan
        }
        let release = OSRelease(context.sysroot)
        let at = KeyPath([.key("ca_certs")])
        let debian = release.isDebianFamily
        let anchors = debian ? "/usr/local/share/ca-certificates" : "/etc/pki/ca-trust/source/anchors"
        let bundle = config[Settings.self].caCertificates.map { $0.trimmingWhitespace() }.joined(separator: "\n") + "\n"
        if !config[Settings.self].caCertificates.isEmpty {
            plan.actions.append(.writeFile(FileWrite(path: "\(anchors)/cloud-init-ca-certs.crt", text: bundle, mode: FileMode(0o644), owner: .root)))
        }
        var rebuild = debian ? "update-ca-certificates\n" : "update-ca-trust extract\n"
        if config[Settings.self].removeDefaultCertificates {
            if debian {
                let existing = try context.sysroot.readText("/etc/ca-certificates.conf") ?? ""
                let lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                    line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") ? String(line) : "!" + line
                }
                plan.actions.append(.writeFile(FileWrite(path: "/etc/ca-certificates.conf", text: lines.joined(separator: "\n"), mode: FileMode(0o644), owner: .root)))
                rebuild = "update-ca-certificates --fresh\n"
            } else {
                plan.diagnostics.append(Diagnostic(.warning, file: context.sysroot.path, mark: nil, keyPath: at.appending("remove_defaults"),
                    "remove_defaults is not done on the RHEL family (the bundle is in /usr, read-only on ostree); the certificates are added"))
            }
        }
        context.handoffCommands.append(("ca-certificates", rebuild, true))
        return plan
    }
}
