/// A new user's home as `useradd -m` makes it: the directory with HOME_MODE (or 0777 minus UMASK),
/// then the skeleton (/etc/skel) copied in, modes kept, everything owned by the user.
/// An existing home is left alone, as useradd leaves it.
public enum HomeDirectory {
    public static func actions(home: String, owner: Owner, defs: LoginDefs, sysroot: SysrootView) throws -> [Action] {
        if try sysroot.statusFollowing(home) != nil { return [] }
        var actions: [Action] = [.makeDirectory(path: home, mode: defs.newHomeMode, owner: owner)]
        try copy(from: defs.skeleton, to: home, owner: owner, sysroot: sysroot, depth: 0, into: &actions)
        return actions
    }

    private static func copy(from source: String, to target: String, owner: Owner, sysroot: SysrootView, depth: Int, into actions: inout [Action]) throws {
        guard depth < 16 else { return }
        for name in sysroot.list(source) {
            let from = "\(source)/\(name)", to = "\(target)/\(name)"
            guard let status = try sysroot.status(from) else { continue }
            if status.isDirectory {
                actions.append(.makeDirectory(path: to, mode: FileMode(status.mode), owner: owner))
                try copy(from: from, to: to, owner: owner, sysroot: sysroot, depth: depth + 1, into: &actions)
            } else if status.isRegularFile, let contents = try sysroot.read(from) {
                actions.append(.writeFile(FileWrite(path: to, contents: contents, mode: FileMode(status.mode), owner: owner)))
            } else if status.isSymlink, let target = try sysroot.readLink(from) {
                actions.append(.symlink(path: to, target: target, owner: owner))
            }
        }
    }
}
