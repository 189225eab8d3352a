import CFlamingo
import Glibc

/// Mounting and unmounting through libmount, which also sets up (and on unmount frees) a loop
/// device when the source is an image file. No mount helpers run and no mtab/utab is written.
public enum LibMount {
    public static func mount(source: String, target: String, fsType: String?, options: String) throws {
        guard let context = mnt_new_context() else { throw SystemError("mnt_new_context") }
        defer { mnt_free_context(context) }
        mnt_context_disable_helpers(context, 1)
        mnt_context_disable_mtab(context, 1)
        mnt_context_set_source(context, source)
        mnt_context_set_target(context, target)
        if let fsType { mnt_context_set_fstype(context, fsType) }
        mnt_context_set_options(context, options)
        let rc = mnt_context_mount(context)
        if rc != 0 || mnt_context_get_status(context) != 1 {
            throw MountError(operation: "mount", source: source, target: target, detail: explain(context, rc))
        }
    }

    public static func unmount(target: String) throws {
        guard let context = mnt_new_context() else { throw SystemError("mnt_new_context") }
        defer { mnt_free_context(context) }
        mnt_context_disable_helpers(context, 1)
        mnt_context_disable_mtab(context, 1)
        mnt_context_set_target(context, target)
        let rc = mnt_context_umount(context)
        if rc != 0 || mnt_context_get_status(context) != 1 {
            throw MountError(operation: "umount", source: nil, target: target, detail: explain(context, rc))
        }
    }

    /// libmount's own explanation ("wrong fs type, bad option, bad superblock on …").
    private static func explain(_ context: OpaquePointer, _ rc: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        _ = mnt_context_get_excode(context, rc, &buffer, buffer.count)
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if !text.isEmpty { return text }
        if rc < 0 { return String(cString: strerror(-rc)) }
        return "failed (libmount code \(rc))"
    }

    /// A lazy unmount (`MNT_DETACH`) for a mount that a regular one could not undo (busy):
    /// true when it is gone or was not mounted.
    public static func detach(target: String) -> Bool {
        umount2(target, Int32(MNT_DETACH)) == 0 || errno == EINVAL
    }
}

public struct MountError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var source: String?
    public var target: String
    public var detail: String
    public var description: String {
        if let source { return "\(operation) \"\(source)\" on \"\(target)\": \(detail)" }
        return "\(operation) \"\(target)\": \(detail)"
    }
}
