/// What a run changes in the mount table to write into the sysroot, and puts back at its end.
///
/// Real images boot with `ro` on the kernel command line: the initramfs mounts the root read-only
/// and the booted system remounts it as its fstab says. So for exactly as long as it writes, a run
/// - binds an ostree deployment's stateroot var over `<sysroot>/var` (`OstreeVar`);
/// - mounts the separate filesystems the root's fstab lists below it (a `/var`, a `/home`) that
///   the initramfs has not mounted, so that nothing is written into a directory they will hide;
/// - remounts read-write every mount it writes through that is read-only (the filesystem, or only
///   the mount point, whichever is read-only);
/// and `undo()` restores each change, most recent first, so that the booted system finds the
/// mounts as the kernel command line left them (`systemd-fsck-root` and `systemd-remount-fs` then
/// behave as without flamingo). A signal or a crash restores them too (`SignalCleanup`).
public final class SysrootMounts {
    /// One change, and how to take it back.
    public enum Change: Equatable, Sendable {
        case mounted(String)
        case remounted(String, restoreFlags: UInt)
    }

    /// The sysroot with symlinks resolved: the prefix of every mount point below it.
    public let sysroot: String
    public private(set) var changes: [Change] = []
    /// Mount points the run mounted read-only because fstab says `ro`: left read-only, as the
    /// booted system will have them.
    private var readOnlyByChoice: Set<String> = []

    public init(sysroot: String) {
        self.sysroot = MountTable.resolve(sysroot) ?? sysroot
    }

    /// Mounts `source` on `mountPoint` (a path inside the sysroot, resolved inside it: a symlink
    /// planted there cannot send the mount elsewhere). Returns the absolute mount point.
    @discardableResult
    public func mount(_ source: String, at mountPoint: String, in root: ConfinedRoot, fsType: String?, options: String) throws -> String {
        let directory = try root.open(mountPoint, [.pathOnly, .directory])
        guard let target = try? directory.hostPath(), target == sysroot || target.hasPrefix(sysroot + "/") else {
            throw SystemError("mount", path: mountPoint, code: .crossDevice)
        }
        try LibMount.mount(source: source, target: target, fsType: fsType, options: options)
        SignalCleanup.arm(target, removeDirectory: false)
        changes.append(.mounted(target))
        if options.split(separator: ",").contains("ro") { readOnlyByChoice.insert(target) }
        return target
    }

    /// Remounts read-write each mount the run writes through that is read-only: the one holding
    /// the sysroot and those below it, but not the ones that are read-only by design (an ostree
    /// deployment's `/usr` and physical `/sysroot`, `/boot`, read-only filesystem types). Returns
    /// a line per change, and a line per mount below the sysroot that stays read-only (writes
    /// under it then fail one by one, with EROFS); the sysroot's own mount failing throws.
    public func makeWritable(_ table: () -> MountTable = { MountTable.current() }) throws -> (changed: [String], left: [String]) {
        let initial = table()
        let mountPoints = readOnlyMounts(initial).map(\.mountPoint)
        let holding = initial.containing(sysroot)?.mountPoint
        var changed: [String] = [], left: [String] = []
        for mountPoint in mountPoints {
            // Read again: remounting a filesystem read-write changes every mount of it.
            guard let mount = table().mount(at: mountPoint), mount.readOnly else { continue }
            do {
                changed.append(try makeWritable(mount))
            } catch {
                // The sysroot itself, and what the run mounted for itself, must be writable.
                guard mountPoint != holding, !changes.contains(.mounted(mountPoint)) else { throw error }
                left.append("\(mountPoint): stays read-only: \(error)")
            }
        }
        return (changed, left)
    }

    private func makeWritable(_ mount: MountTable.Mount) throws -> String {
        let mountPoint = mount.mountPoint
        if mount.superblockReadOnly {
            // MS_REMOUNT sets this mount point's own flag too: a mount point that was
            // writable over a read-only filesystem gets its flag back after the restore.
            var restores: [UInt] = []
            if !mount.mountPointReadOnly { restores.append(try Remount.flags(mountPoint, readOnly: false, scope: .mountPoint)) }
            restores.append(try Remount.flags(mountPoint, readOnly: true, scope: .filesystem))
            try remount(mountPoint, to: Remount.flags(mountPoint, readOnly: false, scope: .filesystem), restores: restores)
            return "\(mountPoint): the \(mount.type) filesystem on \(mount.source) remounted read-write for the run"
        }
        let restore = try Remount.flags(mountPoint, readOnly: true, scope: .mountPoint)
        try remount(mountPoint, to: Remount.flags(mountPoint, readOnly: false, scope: .mountPoint), restores: [restore])
        return "\(mountPoint): the mount point made writable for the run"
    }

    /// The mounts the run writes through (the one holding the sysroot, and those below it that are
    /// not read-only by design) that are read-only now.
    public func readOnlyMounts(_ table: MountTable = MountTable.current()) -> [MountTable.Mount] {
        var mounts: [MountTable.Mount] = []
        if let holding = table.containing(sysroot) { mounts.append(holding) }
        mounts += table.mounts(below: sysroot).filter(writtenThrough)
        return mounts.filter { $0.readOnly && !readOnlyByChoice.contains($0.mountPoint) }
    }

    /// Takes every change back, most recent first; returns what could not be undone.
    public func undo() -> [String] {
        var problems: [String] = []
        while let change = changes.popLast() {
            do {
                switch change {
                case .mounted(let target):
                    try LibMount.unmount(target: target)
                case .remounted(let path, let flags):
                    try Remount.apply(path, flags: flags)
                }
            } catch {
                problems.append("\(error)")
            }
            SignalCleanup.disarm()
        }
        return problems
    }

    deinit { _ = undo() }

    /// Applies `flags` to `path`, arming the restores (applied last to first) before: a signal in
    /// between restores a state that is already there, which is harmless.
    private func remount(_ path: String, to flags: UInt, restores: [UInt]) throws {
        for restore in restores { SignalCleanup.armRemount(path, flags: restore) }
        do {
            try Remount.apply(path, flags: flags)
        } catch {
            for _ in restores { SignalCleanup.disarm() }
            throw error
        }
        changes += restores.map { .remounted(path, restoreFlags: $0) }
    }

    /// Mounts below the sysroot that a run writes through: not pseudo filesystems, and not the
    /// ones an ostree deployment keeps read-only on purpose or flamingo never writes into.
    private func writtenThrough(_ mount: MountTable.Mount) -> Bool {
        guard !Self.pseudoFilesystems.contains(mount.type), !Self.readOnlyFilesystems.contains(mount.type) else { return false }
        let relative = String(mount.mountPoint.dropFirst(sysroot == "/" ? 0 : sysroot.count))
        return !Self.neverWritten.contains { relative == $0 || relative.hasPrefix($0 + "/") }
    }

    /// The fstab entries a run mounts before it writes: local filesystems below the root, named
    /// by device (a path, `UUID=`, `LABEL=`, `PARTUUID=`, `PARTLABEL=`), mounted at boot (not
    /// `noauto`, not `_netdev`), not binds, not under `/boot` or `/efi`, and not mounted yet. Not
    /// the lines a cloud-config run added (`comment=cloudconfig`): the `mounts` module's own, on
    /// devices this run's `disk_setup` may be about to make.
    public static func separateFilesystems(_ entries: [FstabEntry], sysroot: String, table: MountTable) -> [FstabEntry] {
        let prefix = sysroot == "/" ? "" : sysroot
        let wanted = entries.filter { entry in
            entry.mountPoint.hasPrefix("/") && entry.mountPoint != "/"
                && deviceSpecPrefixes.contains { entry.spec.hasPrefix($0) }
                && !entry.options.contains { ["noauto", "_netdev", "bind", "rbind", FstabEntry.cloudConfigTag].contains($0) }
                && !["/boot", "/efi"].contains { entry.mountPoint == $0 || entry.mountPoint.hasPrefix($0 + "/") }
                && table.mount(at: prefix + entry.mountPoint) == nil
        }
        // Parents before what is mounted inside them.
        return wanted.enumerated().sorted {
            let depths = ($0.element.mountPoint.split(separator: "/").count, $1.element.mountPoint.split(separator: "/").count)
            return depths.0 != depths.1 ? depths.0 < depths.1 : $0.offset < $1.offset
        }.map(\.element)
    }

    static let deviceSpecPrefixes = ["/dev/", "UUID=", "LABEL=", "PARTUUID=", "PARTLABEL="]

    static let pseudoFilesystems: Set<String> = ["proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "securityfs", "cgroup2",
                                                  "cgroup", "pstore", "efivarfs", "bpf", "debugfs", "tracefs", "mqueue",
                                                  "hugetlbfs", "configfs", "fusectl", "autofs", "selinuxfs", "overlay"]
    /// Filesystem types that cannot be written at all.
    static let readOnlyFilesystems: Set<String> = ["squashfs", "iso9660", "udf", "erofs", "cramfs", "romfs"]
    /// Relative to the sysroot: ostree's read-only `/usr` and physical root, the boot partitions.
    static let neverWritten = ["/usr", "/sysroot", "/boot", "/efi"]
}
