/// The one writer of the target root: the read-only `SysrootView` and the writes. Every path
/// resolves inside the root (see `ConfinedRoot`), and every write is atomic: a temp file in the
/// same directory, synced, renamed over the old name, the directory synced (files written in a
/// batch share the syncs: `writeFiles`). Modes and owners are set explicitly, never left to the
/// umask. Only the applier (and the run, for its record and marks) holds one; planning gets the view.
public final class Sysroot: SysrootView {
    /// The directories (device:inode) already swept of dead runs' temporary files.
    private var sweptDirectories: Set<String> = []
    /// A directory (inside the sysroot) on each filesystem written to, by device, for `syncAll()`;
    /// paths, not open descriptors, so that nothing keeps a mount busy (an ostree /var bound for
    /// the run is unmounted at its end).
    private var writtenFilesystems: [UInt64: String] = [:]
    /// Whether directory entries (renames, new directories, links, removals) are synced at once
    /// (the default) or once, by `syncAll()`, when the run ends. Either way a file's contents are
    /// on disk before its name points at them, so no file is ever seen partial. A run defers: its
    /// modules' marks are written last, after a sync, so a crash before then runs every module
    /// again, and each finds what already reached the disk in place.
    public var syncsAtEndOfRun = false

    /// Everything written so far reaches the disk: one `syncfs` of the sysroot's filesystem (and of
    /// each other filesystem written to, such as an ostree deployment's /var).
    public func syncAll() throws {
        let rootDirectory = try confinedRoot.open("/", .directory)
        let status = try rootDirectory.status()
        try rootDirectory.syncFilesystem(path: "/")
        for (device, path) in writtenFilesystems where device != status.device {
            try confinedRoot.open(path, .directory).syncFilesystem(path: path)
        }
        writtenFilesystems = [:]
    }

    // MARK: Writing

    /// Creates (or atomically replaces) a symbolic link; its target is stored as given, unresolved.
    public func makeSymlink(_ path: String, target: String, owner: Owner) throws {
        let (parentPath, name) = ConfinedRoot.split(path)
        guard !name.isEmpty, name != ".", name != ".." else { throw SystemError("symlink", path: path, code: .invalidArgument) }
        let parent = try makeDirectories(parentPath, leafMode: FileMode(0o755))
        let temporary = Self.temporaryName(for: name, suffix: ".flamingo-link-\(Process.id)")
        _ = try? parent.removeEntry(temporary)
        try parent.makeSymlink(temporary, target: target, path: path)
        do {
            try parent.changeOwnerNoFollow(temporary, uid: owner.uid, gid: owner.gid, path: path)
            try parent.rename(temporary, to: name, path: path)
        } catch {
            _ = try? parent.removeEntry(temporary)
            throw error
        }
        try syncDirectory(parent, parentPath)
    }

    /// Makes `path` a second name of the file at `target` (both sysroot paths, resolved inside the
    /// root; the target's last component is not followed), replacing a file or link at `path`.
    public func makeHardLink(_ path: String, target: String) throws {
        let (parentPath, name) = ConfinedRoot.split(path)
        let (targetParentPath, targetName) = ConfinedRoot.split(target)
        guard !name.isEmpty, name != ".", name != "..", !targetName.isEmpty, targetName != ".", targetName != ".." else {
            throw SystemError("link", path: path, code: .invalidArgument)
        }
        let targetParent = try confinedRoot.open(targetParentPath, .directory)
        let parent = try makeDirectories(parentPath, leafMode: FileMode(0o755))
        let temporary = Self.temporaryName(for: name, suffix: ".flamingo-link-\(Process.id)")
        _ = try? parent.removeEntry(temporary)
        try parent.makeHardLink(temporary, to: targetName, in: targetParent, path: path)
        do {
            try parent.rename(temporary, to: name, path: path)
        } catch {
            _ = try? parent.removeEntry(temporary)
            throw error
        }
        try syncDirectory(parent, parentPath)
    }

    /// Removes the file at `path` (not a directory), then syncs its directory. Absent is fine.
    public func removeFile(_ path: String) throws {
        let (parentPath, name) = ConfinedRoot.split(path)
        guard !name.isEmpty, name != ".", name != ".." else { throw SystemError("unlink", path: path, code: .invalidArgument) }
        let parent: FileDescriptor
        do {
            parent = try confinedRoot.open(parentPath, .directory)
        } catch let error as SystemError where error.code == .noSuchFile {
            return
        }
        try parent.removeEntry(name, path: path)
        try syncDirectory(parent, parentPath)
    }

    /// Creates `path` and its missing parents; the parents get 0755 root:root, `path` itself gets
    /// `mode` and `owner` — also when it already existed (as `install -d` does).
    public func makeDirectory(_ path: String, mode: FileMode, owner: Owner) throws {
        let directory = try makeDirectories(path, leafMode: mode)
        try applyOwnership(directory, mode: mode, owner: owner, path: path)
    }

    /// Replaces (or creates) the file at `path` with `contents`, atomically.
    public func writeFile(_ path: String, contents: [UInt8], mode: FileMode, owner: Owner) throws {
        try replaceAtomically(path, mode: mode, owner: owner) { file in try file.writeAll(contents, path: path) }
    }

    /// Replaces (or creates) `path` with a swap file of `bytes` (whole pages), atomically: the
    /// space allocated (no holes), the swap header written, mode 0600 root.
    public func writeSwapFile(_ path: String, bytes: UInt64, uuid: [UInt8]) throws {
        try replaceAtomically(path, mode: FileMode(0o600), owner: .root) { file in
            try file.allocate(bytes: bytes, path: path)
            try file.write(SwapFile.header(bytes: bytes, uuid: uuid), at: 0, path: path)
        }
    }

    /// Several files replaced as nearly together as files can be (account files: never passwd
    /// without group): every temporary file created and filled first, one sync for all of them;
    /// only then renamed into place, in order, and synced again (or by `syncAll()` in a run). A
    /// failure (or a crash) before the renames leaves every file as it was.
    public func writeFilesTogether(_ writes: [FileWrite]) throws {
        var staged: [StagedFile] = []
        do {
            for write in writes { staged.append(try stage(write)) }
            try syncFilesystems(of: staged)
        } catch {
            for file in staged { file.abandon() }
            throw error
        }
        for file in staged {
            try file.commit()
            TestHooks.renamedTogether()
        }
        for file in staged { removeStaleTemporaries(in: file.parent) }
        if !syncsAtEndOfRun { try syncFilesystems(of: staged) }
    }

    /// Independent files written as one batch, each atomically, with two syncs for the whole batch
    /// instead of two per file: every temporary file filled, one `syncfs` (the contents are on disk
    /// before any name points at them), the renames in order, one `syncfs` again (the names are on
    /// disk; deferred to `syncAll()` in a run). A file that cannot be written fails alone. Returns
    /// each write's error, or nil.
    public func writeFiles(_ writes: [FileWrite]) -> [Error?] {
        var errors = [Error?](repeating: nil, count: writes.count)
        var staged: [(index: Int, file: StagedFile)] = []
        for (index, write) in writes.enumerated() {
            do { staged.append((index, try stage(write))) } catch { errors[index] = error }
        }
        do {
            try syncFilesystems(of: staged.map(\.file))
        } catch {
            for entry in staged { entry.file.abandon(); errors[entry.index] = error }
            return errors
        }
        for entry in staged {
            do { try entry.file.commit() } catch { entry.file.abandon(); errors[entry.index] = error }
        }
        for entry in staged { removeStaleTemporaries(in: entry.file.parent) }
        do {
            if !syncsAtEndOfRun { try syncFilesystems(of: staged.map(\.file)) }
        } catch {
            for entry in staged where errors[entry.index] == nil { errors[entry.index] = error }
        }
        return errors
    }

    /// A file filled under a temporary name beside its final one, not yet renamed.
    private struct StagedFile {
        let parent: FileDescriptor
        let parentPath: String
        let name: String
        let temporary: String

        func commit() throws {
            try parent.rename(temporary, to: name, path: parentPath + "/" + name)
        }

        func abandon() { _ = try? parent.removeEntry(temporary) }
    }

    /// Creates, fills and owns the temporary file for `write` (not synced: the batch syncs).
    private func stage(_ write: FileWrite) throws -> StagedFile {
        let (parentPath, name) = ConfinedRoot.split(write.path)
        guard !name.isEmpty, name != ".", name != ".." else { throw SystemError("write", path: write.path, code: .invalidArgument) }
        let parent = try makeDirectories(parentPath, leafMode: FileMode(0o755))
        let (file, temporary) = try createTemporary(in: parent, for: name, path: write.path)
        let staged = StagedFile(parent: parent, parentPath: parentPath, name: name, temporary: temporary)
        do {
            try file.writeAll(write.contents, path: write.path)
            try applyOwnership(file, mode: write.mode, owner: write.owner, path: write.path)
        } catch {
            staged.abandon()
            throw error
        }
        TestHooks.fileFilled()
        return staged
    }

    /// `syncfs` once per filesystem the files are on (usually one): their data and the directory
    /// entries changed so far reach the disk.
    private func syncFilesystems(of files: [StagedFile]) throws {
        var synced: Set<UInt64> = []
        for file in files {
            let device = try file.parent.status().device
            guard synced.insert(device).inserted else { continue }
            if syncsAtEndOfRun, writtenFilesystems[device] == nil {
                writtenFilesystems[device] = file.parentPath
            }
            try file.parent.syncFilesystem(path: file.parentPath)
        }
    }

    /// A directory's entries reach the disk now, or with `syncAll()` when the run defers.
    private func syncDirectory(_ directory: FileDescriptor, _ path: String) throws {
        if syncsAtEndOfRun {
            if let device = try? directory.status().device, writtenFilesystems[device] == nil {
                writtenFilesystems[device] = path
            }
            return
        }
        try directory.sync(path: path)
    }

    /// The one way a file is written: a temporary file beside it, filled, owned, fsynced, renamed
    /// over the old one, the directory fsynced. A failure leaves the old file as it was.
    private func replaceAtomically(_ path: String, mode: FileMode, owner: Owner, fill: (FileDescriptor) throws -> Void) throws {
        let (parentPath, name) = ConfinedRoot.split(path)
        guard !name.isEmpty, name != ".", name != ".." else { throw SystemError("write", path: path, code: .invalidArgument) }
        let parent = try makeDirectories(parentPath, leafMode: FileMode(0o755))
        let (file, temporary) = try createTemporary(in: parent, for: name, path: path)
        do {
            try fill(file)
            try applyOwnership(file, mode: mode, owner: owner, path: path)
            try file.sync(path: path)
            TestHooks.fileFilled()
            try parent.rename(temporary, to: name, path: path)
        } catch {
            _ = try? parent.removeEntry(temporary)
            throw error
        }
        removeStaleTemporaries(in: parent)
        try syncDirectory(parent, parentPath)
    }

    /// A run killed between filling and renaming left its temporary files behind. The first time
    /// this run writes into a directory, it removes the temporaries there of runs that are no
    /// longer alive (the pid in the name is gone): once per directory, not once per write.
    private func removeStaleTemporaries(in parent: FileDescriptor) {
        guard let status = try? parent.status(), sweptDirectories.insert("\(status.device):\(status.inode)").inserted else { return }
        for name in (try? parent.entries()) ?? [] where name.hasPrefix(".") {
            guard let marker = name.firstRange(of: ".flamingo-") else { continue }
            let pidText = name[marker.upperBound...].prefix { $0.isNumber }
            guard let pid = Int32(pidText), pid != Process.id, !Process.isRunning(pid) else { continue }
            _ = try? parent.removeEntry(name)
        }
    }

    // MARK: Helpers

    /// A new, empty, 0600 file beside `name`. The name needs no entropy (early boot may have none):
    /// pid, clock and a counter, retried if a crashed earlier run left the same name behind.
    private func createTemporary(in parent: FileDescriptor, for name: String, path: String) throws
        -> (FileDescriptor, String)
    {
        for attempt in 0..<100 {
            let stamp = UInt64(MonotonicClock.milliseconds() * 1000)
            let temporary = Self.temporaryName(for: name, suffix: ".flamingo-\(Process.id)-\(stamp)-\(attempt)")
            if let file = try parent.createExclusively(temporary, mode: 0o600, path: path) { return (file, temporary) }
        }
        throw SystemError("openat", path: path, code: .exists)
    }

    /// `.NAME` + `suffix`, within the 255 bytes a file name may have: a long NAME (legal up to 255
    /// bytes itself) is cut, on a character boundary, to leave room for the suffix.
    static func temporaryName(for name: String, suffix: String) -> String {
        let room = 255 - 1 - suffix.utf8.count
        var kept = Substring(name)
        while kept.utf8.count > room { kept = kept.dropLast() }
        return "." + kept + suffix
    }

    /// chown before chmod: chown clears set-id bits that chmod must then set.
    private func applyOwnership(_ fd: FileDescriptor, mode: FileMode, owner: Owner, path: String) throws {
        try fd.setOwnerAndMode(uid: owner.uid, gid: owner.gid, mode: mode.bits, path: path)
    }

    /// Opens `path` as a directory, creating what is missing one component at a time, each
    /// component resolved inside the root. New parents are 0755 root:root; the leaf, if new, `leafMode`.
    private func makeDirectories(_ path: String, leafMode: FileMode) throws -> FileDescriptor {
        let directoryFlags: OpenOptions = .directory
        if let existing = try? confinedRoot.open(path, directoryFlags) { return existing }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var current = try confinedRoot.open("/", directoryFlags)
        var prefix = ""
        for (index, name) in parts.enumerated() {
            prefix += "/" + name
            if let next = try? confinedRoot.open(prefix, directoryFlags) { current = next; continue }
            let mode = index == parts.count - 1 ? leafMode : FileMode(0o755)
            try current.makeDirectory(name, mode: 0o700, path: prefix)
            let created = try confinedRoot.open(prefix, directoryFlags)
            try applyOwnership(created, mode: mode, owner: .root, path: prefix)
            try syncDirectory(current, prefix)
            current = created
        }
        return current
    }
}
