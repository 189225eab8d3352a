/// `yum_repos` and `yum_repo_dir` (cloud-init's yum_add_repo): one `ID.repo` file per repository
/// with every key passed through (`-` in keys written `_`, booleans 1/0, lists one per line),
/// `name` defaulting to the id.
public enum YumAddRepo: Module {
    public static let name = "yum_add_repo"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("yum_repos", Settings.self) { s, r, n, p in s.yumRepos = CloudConfigDecoder.decodeYumRepos(&r, n, p) },
        ConfigKey("yum_repo_dir", Settings.self) { s, r, n, p in s.yumRepoDirectory = CloudConfigDecoder.decodeAbsolutePath(&r, n, p) ?? "/etc/yum.repos.d" },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        /// `yum_repos`: repository id → its settings, in the order written.
        public var yumRepos: [(id: String, settings: [(key: String, value: String)])] = []
        public var yumRepoDirectory = "/etc/yum.repos.d"

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config[Settings.self].yumRepos.isEmpty else {
            plan.notes.append("no yum_repos in the cloud-config: nothing to do")
            return plan
        }
        for repo in config[Settings.self].yumRepos {
            var text = "# Written by flamingo from the instance's cloud-config (yum_repos).\n[\(repo.id)]\n"
            text += repo.settings.map { "\($0.key)=\($0.value)\n" }.joined()
            plan.actions.append(.writeFile(FileWrite(path: "\(config[Settings.self].yumRepoDirectory)/\(repo.id).repo", text: text, mode: FileMode(0o644), owner: .root)))
        }
        return plan
    }
}
