import CFlamingo
import Glibc

/// The calls on a name in an open directory (`openat`, `mkdirat`, `renameat`, …): `name` is one
/// component, never a path, so nothing here resolves links on the way (`ConfinedRoot` does that).
/// Every call goes through `syscallRetrying` (EINTR retried, the rest thrown).
extension FileDescriptor {
    /// Opens `name` in this directory; the last component is never followed if it is a link.
    public func open(_ name: String, _ options: OpenOptions, mode: UInt32 = 0, path: String? = nil) throws -> FileDescriptor {
        let fd = try syscallRetrying("openat", path: path ?? name) {
            openat(raw, name, options.rawValue | flamingo_O_NOFOLLOW | O_CLOEXEC, mode)
        }
        return FileDescriptor(adopting: fd)
    }

    /// A new empty file `name`, write-only, `mode`; nil when the name is taken (by anything, a
    /// link included: `O_EXCL` never follows one).
    public func createExclusively(_ name: String, mode: UInt32, path: String? = nil) throws -> FileDescriptor? {
        do {
            return try open(name, [.writeOnly, .create, .exclusive], mode: mode, path: path)
        } catch let error as SystemError where error.code == .exists {
            return nil
        }
    }

    /// `mkdirat`; false when something of that name was already there.
    @discardableResult
    public func makeDirectory(_ name: String, mode: UInt32, path: String? = nil) throws -> Bool {
        do {
            try syscallRetrying("mkdirat", path: path ?? name) { mkdirat(raw, name, mode) }
            return true
        } catch let error as SystemError where error.code == .exists {
            return false
        }
    }

    /// `unlinkat` of a file (not a directory); false when there was none.
    @discardableResult
    public func removeEntry(_ name: String, path: String? = nil) throws -> Bool {
        do {
            try syscallRetrying("unlinkat", path: path ?? name) { unlinkat(raw, name, 0) }
            return true
        } catch let error as SystemError where error.code == .noSuchFile {
            return false
        }
    }

    /// `renameat` within this directory: `to` is replaced atomically (a link there is replaced,
    /// not followed).
    public func rename(_ from: String, to: String, path: String? = nil) throws {
        try syscallRetrying("renameat", path: path ?? to) { renameat(raw, from, raw, to) }
    }

    /// `linkat`: a second name `to` for the file `from`; fails with `.exists` when `to` is taken.
    public func link(_ from: String, to: String, path: String? = nil) throws {
        try syscallRetrying("linkat", path: path ?? to) { linkat(raw, from, raw, to, 0) }
    }

    /// `symlinkat`: a link `name` whose target is stored as given.
    public func makeSymlink(_ name: String, target: String, path: String? = nil) throws {
        try syscallRetrying("symlinkat", path: path ?? name) { symlinkat(target, raw, name) }
    }

    /// `linkat`: a second name `name` here for the file `existing` in `directory` (never followed).
    public func makeHardLink(_ name: String, to existing: String, in directory: FileDescriptor, path: String? = nil) throws {
        try syscallRetrying("linkat", path: path ?? name) { linkat(directory.raw, existing, raw, name, 0) }
    }

    /// `fchownat(AT_SYMLINK_NOFOLLOW)`: the owner of `name` itself, a link's included.
    public func changeOwnerNoFollow(_ name: String, uid: UInt32, gid: UInt32, path: String? = nil) throws {
        try syscallRetrying("fchownat", path: path ?? name) { fchownat(raw, name, uid, gid, AT_SYMLINK_NOFOLLOW) }
    }

    /// The target of the link `name` here (`""`: this descriptor itself, opened `pathOnly` on a link).
    public func readLink(_ name: String, path: String? = nil) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try syscallRetrying("readlinkat", path: path ?? name) {
            readlinkat(raw, name, &buffer, buffer.count - 1)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `fstatat(AT_SYMLINK_NOFOLLOW)` of `name`; nil when it does not exist.
    public func status(of name: String, path: String? = nil) throws -> FileStatus? {
        var st = stat()
        do {
            try syscallRetrying("fstatat", path: path ?? name) { fstatat(raw, name, &st, AT_SYMLINK_NOFOLLOW) }
        } catch let error as SystemError where error.code == .noSuchFile {
            return nil
        }
        return FileStatus(st)
    }

    /// The names in this directory, without `.` and `..`, sorted.
    public func entries() throws -> [String] { try DirectoryListing.entries(self) }
}
