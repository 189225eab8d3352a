/// `rsyslog`: configuration files under `config_dir` (default /etc/rsyslog.d; `config_filename`
/// 20-cloud-config.conf), entries for the same file appended in order, `remotes` as forwarding
/// lines. The booted system's rsyslog reads them when it starts.
public enum Rsyslog: Module {
    public static let name = "rsyslog"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let rsyslog = context.config.rsyslog, !rsyslog.configs.isEmpty else {
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
