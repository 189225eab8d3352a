/// `ssh` (the key part of cloud-init's cc_ssh): the metadata's public keys and cloud-config's
/// top-level `ssh_authorized_keys` go to the default user; root gets the same keys behind
/// `disable_root_opts` (a message pointing at the default user) unless `disable_root: false`.
public enum SSH: Module {
    public static let name = "ssh"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        var keys: [String] = [], seen: Set<String> = []
        let metadataKeys = context.config.allowPublicSSHKeys ? context.instance.publicKeys : []
        if !context.config.allowPublicSSHKeys && !context.instance.publicKeys.isEmpty {
            plan.notes.append("allow_public_ssh_keys: false: the metadata's \(context.instance.publicKeys.count) keys are not installed")
        }
        for key in metadataKeys + context.config.sshAuthorizedKeys where seen.insert(key).inserted { keys.append(key) }
        guard !keys.isEmpty else {
            plan.notes.append("no public keys in the metadata or cloud-config: nothing to do")
            return plan
        }
        let accounts = try context.accounts()
        let defaultName = context.defaultUser?.name
        if let defaultName, let user = accounts.user(defaultName) {
            plan.actions += try AuthorizedKeysFile.actions(for: user, adding: keys, options: nil, sysroot: context.sysroot)
            plan.notes.append("\(keys.count) keys for the default user \(defaultName)")
        } else if let defaultName {
            plan.notes.append("the default user \(defaultName) does not exist: its keys are not written")
        }
        let root = accounts.user("root") ?? PasswdEntry(name: "root", uid: 0, gid: 0, gecos: "", home: "/root", shell: "/bin/sh")
        var options: String?
        if context.config.disableRoot {
            options = substitute(context.config.disableRootOpts, user: defaultName ?? "NONE", disabled: "root")
            plan.notes.append("disable_root: root's keys only point at \(defaultName ?? "NONE")")
        }
        plan.actions += try AuthorizedKeysFile.actions(for: root, adding: keys, options: options, sysroot: context.sysroot)
        return plan
    }

    /// `$USER` and `$DISABLE_USER` in `disable_root_opts`, as cloud-init replaces them.
    static func substitute(_ options: String, user: String, disabled: String) -> String {
        options.replacing("$DISABLE_USER", with: disabled).replacing("$USER", with: user)
    }
}
