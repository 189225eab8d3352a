/// The metadata's public keys into root's `authorized_keys`: `.ssh` 0700 and the file 0600, both
/// owned by root's uid and gid as the sysroot's /etc/passwd gives them, keys merged into what is
/// there. (Users and the default user arrive with cloud-config; see docs/datasources.md.)
public enum SSHAuthorizedKeys: Module {
    public static let name = "ssh_authorized_keys"
    public static let frequency = Frequency.perInstance

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        let keys = context.instance.publicKeys
        guard !keys.isEmpty else {
            plan.notes.append("no public keys in the metadata: nothing to do")
            return plan
        }
        for key in keys where !AuthorizedKeys.isKey(key) {
            plan.diagnostics.append(Diagnostic(.warning, file: context.instance.source, mark: nil,
                                               keyPath: KeyPath([.key("public-keys")]),
                                               "\"\(key.prefix(40))…\" does not look like an SSH public key; written anyway"))
        }
        let root = try PasswdFile.lookup("root", in: context.sysroot)
        if root == nil { plan.notes.append("no root entry in /etc/passwd: using uid 0, gid 0 and /root") }
        let owner = Owner(uid: root?.uid ?? 0, gid: root?.gid ?? 0)
        let home = root?.home.isEmpty == false ? root!.home : "/root"
        let directory = home + "/.ssh"
        let file = directory + "/authorized_keys"

        let existing = try context.sysroot.readText(file) ?? ""
        let merged = AuthorizedKeys.merge(existing: existing, adding: keys)
        if try context.sysroot.root.statusFollowing(home) == nil {
            plan.actions.append(.makeDirectory(path: home, mode: FileMode(0o700), owner: owner))
        }
        plan.actions.append(.makeDirectory(path: directory, mode: FileMode(0o700), owner: owner))
        plan.actions.append(.writeFile(FileWrite(path: file, text: merged.text, mode: FileMode(0o600), owner: owner)))
        plan.notes.append("\(merged.added.count) of \(keys.count) keys are new for root")
        return plan
    }
}
