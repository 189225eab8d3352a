import CFlamingo
import Glibc

/// Switching a mounted filesystem between read-only and read-write in place, as
/// `mount -o remount,rw` does, without libmount's option merging: the other per-mount flags
/// (`nosuid`, `nodev`, `noexec`, the atime mode) are read back with `statvfs` and passed again,
/// since `MS_REMOUNT` resets what it is not given.
public enum Remount {
    /// What a remount changes.
    public enum Scope: Sendable, Equatable {
        /// The filesystem (`MS_REMOUNT`): every mount of it, and this mount point's own flag too.
        case filesystem
        /// Only this mount point (`MS_BIND | MS_REMOUNT`); the filesystem must already allow it.
        case mountPoint
    }

    /// The `mount(2)` flags that make `path`'s mount read-only or read-write and keep its other
    /// per-mount flags. Computed before they are needed, so that a signal handler can apply them.
    public static func flags(_ path: String, readOnly: Bool, scope: Scope) throws -> UInt {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { throw SystemError("statvfs", path: path) }
        let current = UInt(status.f_flag)
        var flags = UInt(flamingo_MS_REMOUNT)
        if scope == .mountPoint { flags |= UInt(flamingo_MS_BIND) }
        if readOnly { flags |= UInt(flamingo_MS_RDONLY) }
        // statvfs's ST_* bits for these have the same values as the MS_* ones.
        for kept in [flamingo_MS_NOSUID, flamingo_MS_NODEV, flamingo_MS_NOEXEC, flamingo_MS_NOATIME,
                     flamingo_MS_NODIRATIME, flamingo_MS_RELATIME] where current & UInt(kept) != 0 {
            flags |= UInt(kept)
        }
        return flags
    }

    /// Applies flags from `flags(_:readOnly:scope:)`.
    public static func apply(_ path: String, flags: UInt) throws {
        try syscallRetrying("remount", path: path) { mount(nil, path, nil, flags, nil) }
    }

    /// Whether `flags` ask for read-only.
    public static func isReadOnly(_ flags: UInt) -> Bool { flags & UInt(flamingo_MS_RDONLY) != 0 }

    /// Raw `mount(2)` for the async-signal-safe undo path (no allocation, no errno handling).
    static func applyInSignalHandler(_ path: UnsafePointer<CChar>, flags: UInt) {
        _ = mount(nil, path, nil, flags, nil)
    }
}
