/// `rsyslog`: configuration files under `config_dir` (default /etc/rsyslog.d; `config_filename`
/// 20-cloud-config.conf), entries for the same file appended in order, `remotes` as forwarding
/// lines. The booted system's rsyslog reads them when it starts.
public enum Rsyslog: Module {
    public static let name = "rsyslog"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("rsyslog", Settings.self) { s, r, n, p in s.rsyslog = CloudConfigDecoder.decodeRsyslog(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `rsyslog`: files (relative names under `config_dir`) and their lines, in order.
        public var rsyslog: RsyslogConfig?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let rsyslog = context.config[Settings.self].rsyslog, !rsyslog.configs.isEmpty else {
            plan.notes.append("no rsyslog configs in the cloud-config: nothing to do")
            return plan
        }
        var files: [(path: String, text: String)] = []
        for config in rsyslog.configs {
            let path = config.filename.hasPrefix("/") ? config.filename : "\(rsyslog.directory)/\(config.filename)"
            let text = config.content.hasSuffix("\n") ? config.content : config.content + "\n"
            if let index = files.firstIndex(where: { $0.path == path }) { files[index].text += text } else { files.append((path, text)) }
        }
        for file in files {
            plan.actions.append(.writeFile(FileWrite(path: file.path, text: file.text, mode: FileMode(0o644), owner: .root)))
        }
        return plan
    }
}
