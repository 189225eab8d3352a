/// A user's `~/.ssh/authorized_keys`, planned: `.ssh` 0700 and the file 0600, both owned by the
/// user, keys merged into what is there (see `AuthorizedKeys.merge`).
public enum AuthorizedKeysFile {
    /// `options` (sshd's per-key options, as `disable_root_opts`) go before each added key.
    /// `homePlanned`: an earlier action of the same plan creates the home (with its own mode).
    public static func actions(for user: PasswdEntry, adding keys: [String], options: String?, sysroot: SysrootView,
                               homePlanned: Bool = false) throws -> [Action] {
        guard !keys.isEmpty else { return [] }
        let owner = Owner(uid: user.uid, gid: user.gid)
        let home = user.home.isEmpty ? "/" : user.home
        let directory = (home.hasSuffix("/") ? home : home + "/") + ".ssh"
        let file = directory + "/authorized_keys"
        let lines = keys.map { key in options.map { $0.isEmpty ? key : "\($0) \(key)" } ?? key }
        let existing = try sysroot.readForMerge(file, into: owner).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let merged = AuthorizedKeys.merge(existing: existing, adding: lines)
        var actions: [Action] = []
        if !homePlanned, try sysroot.statusFollowing(home) == nil {
            actions.append(.makeDirectory(path: home, mode: FileMode(0o700), owner: owner))
        }
        actions.append(.makeDirectory(path: directory, mode: FileMode(0o700), owner: owner))
        actions.append(.writeFile(FileWrite(path: file, text: merged.text, mode: FileMode(0o600), owner: owner)))
        return actions
    }
}
