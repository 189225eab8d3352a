/// `ssh` (the key part of cloud-init's cc_ssh): the metadata's public keys and cloud-config's
/// top-level `ssh_authorized_keys` go to the default user; root gets the same keys behind
/// `disable_root_opts` (a message pointing at the default user) unless `disable_root: false`.
public enum SSH: Module {
    public static let name = "ssh"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("allow_public_ssh_keys", Settings.self) { s, r, n, p in s.allowPublicSSHKeys = r.bool(n, at: p) ?? true },
        ConfigKey("ssh_authorized_keys", Settings.self) { s, r, n, p in s.sshAuthorizedKeys = CloudConfigDecoder.decodeKeys(&r, n, p) },
        ConfigKey("disable_root", Settings.self) { s, r, n, p in s.disableRoot = r.bool(n, at: p) ?? true },
        ConfigKey("disable_root_opts", Settings.self) { s, r, n, p in s.disableRootOpts = r.string(n, at: p) ?? "" },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var sshAuthorizedKeys: [String] = []
        public var disableRoot = true
        /// `allow_public_ssh_keys: false`: the metadata's public keys are not installed (cloud-config's are).
        public var allowPublicSSHKeys = true
        public var disableRootOpts = CloudConfig.defaultDisableRootOpts

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        var keys: [String] = [], seen: Set<String> = []
        let instanceKeys = context.instance.metadataKeys(defaultUser: context.defaultUser?.name)
        let metadataKeys = context.config[Settings.self].allowPublicSSHKeys ? instanceKeys : []
        if !context.config[Settings.self].allowPublicSSHKeys && !instanceKeys.isEmpty {
            plan.notes.append("allow_public_ssh_keys: false: the metadata's \(instanceKeys.count) keys are not installed")
        }
        for key in metadataKeys + context.config[Settings.self].sshAuthorizedKeys where seen.insert(key).inserted { keys.append(key) }
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
        if context.config[Settings.self].disableRoot {
            options = substitute(context.config[Settings.self].disableRootOpts, user: defaultName ?? "NONE", disabled: "root")
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
