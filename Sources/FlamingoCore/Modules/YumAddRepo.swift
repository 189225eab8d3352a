/// `yum_repos` and `yum_repo_dir` (cloud-init's yum_add_repo): one `ID.repo` file per repository
/// with every key passed through (`-` in keys written `_`, booleans 1/0, lists one per line),
/// `name` defaulting to the id.
public enum YumAddRepo: Module {
    public static let name = "yum_add_repo"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let config = context.config
        guard !config.yumRepos.isEmpty else {
            plan.notes.append("no yum_repos in the cloud-config: nothing to do")
            return plan
        }
        for repo in config.yumRepos {
            var text = "# Written by flamingo from the instance's cloud-config (yum_repos).\n[\(repo.id)]\n"
            text += repo.settings.map { "\($0.key)=\($0.value)\n" }.joined()
            plan.actions.append(.writeFile(FileWrite(path: "\(config.yumRepoDirectory)/\(repo.id).repo", text: text, mode: FileMode(0o644), owner: .root)))
        }
        return plan
    }
}
