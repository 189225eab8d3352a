/// The target root for reading: what planning sees (modules, the account database, renderer
/// detection, the format readers). Every path resolves inside the root (`ConfinedRoot`); files
/// are read whole up to `readLimit`, and only regular files are read. It cannot write: the writer
/// is `Apply/Sysroot`, a subclass only the applier and the run hold.
public class SysrootView {
    /// The confined root, for the writer, the run's mounts and the relabelling — not for planning
    /// (`ArchitectureTests.onlyTheWriterAndTheRunOpenTheRootThemselves`).
    public let confinedRoot: ConfinedRoot
    public var path: String { confinedRoot.path }

    /// Files read from the sysroot are configuration files: anything larger is refused.
    public static let readLimit = 16 << 20

    public init(path: String, resolver: ConfinedRoot.Resolver? = nil) throws {
        confinedRoot = try ConfinedRoot(path: path, resolver: resolver)
    }

    /// The contents of a regular file, or nil when it does not exist.
    public func read(_ path: String) throws -> [UInt8]? {
        try openRegularFile(path)?.readAll(limit: Self.readLimit, path: path)
    }

    /// The first `count` bytes of a regular file (fewer if it is shorter); nil if it is absent.
    public func readPrefix(_ path: String, count: Int) throws -> [UInt8]? {
        try openRegularFile(path)?.read(count: count, at: 0, path: path)
    }

    /// A regular file opened for reading inside the root; nil when it does not exist.
    func openRegularFile(_ path: String) throws -> FileDescriptor? {
        let fd: FileDescriptor
        do {
            fd = try confinedRoot.open(path, .nonBlocking)
        } catch let error as SystemError where error.code == .noSuchFile {
            return nil
        }
        guard try fd.status().isRegularFile else { throw SystemError("read", path: path, code: .invalidArgument) }
        return fd
    }

    /// The contents of a file that is about to be merged into a new file `owner` will own
    /// (`authorized_keys`, `write_files` with `append: true`); nil when absent. A file with a
    /// second name that `uid` does not own is refused: a hard link a user made to /etc/shadow
    /// must not hand her its lines. Links on the path are checked by `ConfinedRoot`.
    public func readForMerge(_ path: String, intoUID uid: UInt32) throws -> [UInt8]? {
        guard let fd = try openRegularFile(path) else { return nil }
        let status = try fd.status()
        if status.linkCount > 1 && status.uid != uid {
            throw SystemError("read", path: path, code: .notPermitted, reason:
                "not merged: it has \(status.linkCount) names and belongs to uid \(status.uid), not to uid \(uid) who would own the result")
        }
        return try fd.readAll(limit: Self.readLimit, path: path)
    }

    public func readText(_ path: String) throws -> String? {
        try read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `lstat` inside the sysroot; nil when absent.
    public func status(_ path: String) throws -> FileStatus? { try confinedRoot.statusNoFollow(path) }

    /// The free bytes of the filesystem holding `path` (resolved inside the root); nil when
    /// `path` does not exist.
    public func freeBytes(_ path: String) -> UInt64? {
        try? confinedRoot.open(path, .pathOnly).filesystemFreeBytes()
    }

    /// The names in a directory (sorted), empty when it does not exist.
    public func list(_ path: String) -> [String] {
        guard let fd = try? confinedRoot.open(path, .directory) else { return [] }
        return (try? fd.entries()) ?? []
    }

    /// The target of a symbolic link, or nil when `path` is not one.
    public func readLink(_ path: String) throws -> String? {
        let (parentPath, name) = ConfinedRoot.split(path)
        guard let parent = try? confinedRoot.open(parentPath, [.pathOnly, .directory]) else { return nil }
        return try? parent.readLink(name, path: path)
    }

    /// Like `stat`, following links inside the root; nil when nothing is there.
    public func statusFollowing(_ path: String) throws -> FileStatus? { try confinedRoot.statusFollowing(path) }
}
