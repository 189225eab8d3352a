/// The locks shadow-utils takes before it edits account files, taken the same way so that flamingo
/// and useradd, passwd or an image build's tools never edit /etc/passwd at the same time:
/// `/etc/.pwd.lock` (lckpwdf's fcntl lock), and for each file `<file>.lock`, made by linking a file
/// holding this process's pid. A `.lock` whose pid is not running is stale and is removed, as
/// shadow-utils removes it. Every wait is bounded.
extension Sysroot {
    public static let accountLockTimeoutMilliseconds = Defaults.accountLockTimeoutMilliseconds

    public func withAccountLocks<T>(_ files: [String], _ body: () throws -> T) throws -> T {
        // A FIFO (or a device, a link) planted there must not hang the run or be opened: refused
        // before the open, and the open is non-blocking in case one is swapped in meanwhile.
        let notRegular = AccountError("/etc/.pwd.lock is not a regular file: the account files are left alone")
        if let existing = try confinedRoot.statusNoFollow("/etc/.pwd.lock"), !existing.isRegularFile { throw notRegular }
        let global = try confinedRoot.open("/etc/.pwd.lock", [.writeOnly, .create, .nonBlocking], mode: 0o600)
        guard try global.status().isRegularFile else { throw notRegular }
        try lockExclusively(global)
        var held: [String] = []
        defer {
            for file in held.reversed() { _ = try? removeFile(file + ".lock") }
        }
        for file in files {
            try lockFile(file)
            held.append(file)
        }
        return try body()
    }

    private func lockExclusively(_ fd: FileDescriptor) throws {
        let deadline = MonotonicClock.milliseconds() + Double(Self.accountLockTimeoutMilliseconds)
        while try !fd.tryLockForWriting(path: "/etc/.pwd.lock") {
            if MonotonicClock.milliseconds() >= deadline { throw SystemError("lock", path: "/etc/.pwd.lock", code: .busy) }
            MonotonicClock.sleep(milliseconds: 50)
        }
    }

    /// shadow-utils' `commonio_lock_nowait`: `<file>.<pid>` holding the pid, hard-linked to `<file>.lock`.
    private func lockFile(_ file: String) throws {
        let (parentPath, name) = ConfinedRoot.split(file)
        let parent = try confinedRoot.open(parentPath, .directory)
        let pid = Process.id
        let temporary = "\(name).\(pid)", lockName = "\(name).lock"
        _ = try? parent.removeEntry(temporary)
        guard let handle = try parent.createExclusively(temporary, mode: 0o600, path: file) else {
            throw SystemError("openat", path: file, code: .exists)
        }
        defer { _ = try? parent.removeEntry(temporary) }
        try handle.writeAll(Array("\(pid)\0".utf8), path: file)
        let deadline = MonotonicClock.milliseconds() + Double(Self.accountLockTimeoutMilliseconds)
        while true {
            do {
                try parent.link(temporary, to: lockName, path: file + ".lock")
                break
            } catch let error as SystemError where error.code == .exists {}
            if isStale(parent, lockName) {
                _ = try? parent.removeEntry(lockName)
                continue
            }
            if MonotonicClock.milliseconds() >= deadline { throw AccountError("\(file) is locked by a running process (\(file).lock)") }
            MonotonicClock.sleep(milliseconds: 50)
        }
    }

    /// A lock whose pid is unreadable or names no running process.
    private func isStale(_ parent: FileDescriptor, _ lockName: String) -> Bool {
        let handle: FileDescriptor
        do {
            handle = try parent.open(lockName, .nonBlocking)
        } catch {
            return (error as? SystemError)?.code == .noSuchFile
        }
        // Not a lock shadow-utils would make (a FIFO, a device): nobody holds it.
        guard (try? handle.status().isRegularFile) == true else { return true }
        guard let bytes = try? handle.readAll(limit: 64),
              let pid = Int32(String(decoding: bytes.prefix { $0 != 0 && $0 != 10 }, as: UTF8.self)), pid > 0 else { return true }
        return !Process.isRunning(pid)
    }
}
