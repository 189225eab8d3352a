import CFlamingo
import Glibc

/// The locks shadow-utils takes before it edits account files, taken the same way so that flamingo
/// and useradd, passwd or an image build's tools never edit /etc/passwd at the same time:
/// `/etc/.pwd.lock` (lckpwdf's fcntl lock), and for each file `<file>.lock`, made by linking a file
/// holding this process's pid. A `.lock` whose pid is not running is stale and is removed, as
/// shadow-utils removes it. Every wait is bounded.
extension Sysroot {
    public static let accountLockTimeoutMilliseconds = 15_000

    public func withAccountLocks<T>(_ files: [String], _ body: () throws -> T) throws -> T {
        // A FIFO (or a device, a link) planted there must not hang the run or be opened: refused
        // before the open, and the open is non-blocking in case one is swapped in meanwhile.
        let notRegular = AccountError("/etc/.pwd.lock is not a regular file: the account files are left alone")
        if let existing = try root.statusNoFollow("/etc/.pwd.lock"), !existing.isRegularFile { throw notRegular }
        let global = try root.open("/etc/.pwd.lock", flags: O_WRONLY | O_CREAT | O_NONBLOCK, mode: 0o600)
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
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        let deadline = MonotonicClock.milliseconds() + Double(Self.accountLockTimeoutMilliseconds)
        while fcntl(fd.raw, F_SETLK, &lock) != 0 {
            guard errno == EACCES || errno == EAGAIN || errno == EINTR else { throw SystemError("fcntl F_SETLK", path: "/etc/.pwd.lock") }
            if MonotonicClock.milliseconds() >= deadline { throw SystemError("lock", path: "/etc/.pwd.lock", code: EBUSY) }
            MonotonicClock.sleep(milliseconds: 50)
        }
    }

    /// shadow-utils' `commonio_lock_nowait`: `<file>.<pid>` holding the pid, hard-linked to `<file>.lock`.
    private func lockFile(_ file: String) throws {
        let (parentPath, name) = ConfinedRoot.split(file)
        let parent = try root.open(parentPath, flags: O_RDONLY | flamingo_O_DIRECTORY)
        let pid = getpid()
        let temporary = "\(name).\(pid)", lockName = "\(name).lock"
        unlinkat(parent.raw, temporary, 0)
        let fd = try syscallRetrying("openat", path: file) {
            openat(parent.raw, temporary, O_WRONLY | O_CREAT | O_EXCL | flamingo_O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        let handle = FileDescriptor(adopting: fd)
        defer { unlinkat(parent.raw, temporary, 0) }
        try handle.writeAll(Array("\(pid)\0".utf8), path: file)
        let deadline = MonotonicClock.milliseconds() + Double(Self.accountLockTimeoutMilliseconds)
        while linkat(parent.raw, temporary, parent.raw, lockName, 0) != 0 {
            guard errno == EEXIST else { throw SystemError("linkat", path: file + ".lock") }
            if isStale(parent, lockName) {
                unlinkat(parent.raw, lockName, 0)
                continue
            }
            if MonotonicClock.milliseconds() >= deadline { throw AccountError("\(file) is locked by a running process (\(file).lock)") }
            MonotonicClock.sleep(milliseconds: 50)
        }
    }

    /// A lock whose pid is unreadable or names no running process.
    private func isStale(_ parent: FileDescriptor, _ lockName: String) -> Bool {
        let fd = openat(parent.raw, lockName, O_RDONLY | O_NONBLOCK | flamingo_O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT }
        let handle = FileDescriptor(adopting: fd)
        // Not a lock shadow-utils would make (a FIFO, a device): nobody holds it.
        guard (try? handle.status().isRegularFile) == true else { return true }
        guard let bytes = try? handle.readAll(limit: 64),
              let pid = Int32(String(decoding: bytes.prefix { $0 != 0 && $0 != 10 }, as: UTF8.self)), pid > 0 else { return true }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
