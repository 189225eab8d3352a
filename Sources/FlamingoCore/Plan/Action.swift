/// One change to the sysroot, fully computed: final contents, mode and owner. Applying an action
/// needs no further decisions, which is what makes `--dry-run` and rescue re-runs exact.
public enum Action: Sendable {
    case makeDirectory(path: String, mode: FileMode, owner: Owner)
    case writeFile(FileWrite)
    /// Removes a file (never a directory); absent is fine.
    case remove(path: String)
    /// A symbolic link (replacing a file or link of the same name, never a directory).
    case symlink(path: String, target: String, owner: Owner)
    /// A second name for the file at `target` (a sysroot path), replacing a file or link at `path`.
    case hardLink(path: String, target: String)
    /// /etc/passwd, /etc/shadow, /etc/group, /etc/gshadow: written under shadow-utils' locks.
    case accountFiles([FileWrite])
    /// A partition or filesystem grown (not a sysroot file).
    case device(DeviceChange)
    /// A swap file of `bytes` at `path` (allocated, with a swap header, 0600 root).
    case swapFile(path: String, bytes: UInt64)
    /// Bytes written to a character device of the running system (random_seed's /dev/urandom),
    /// not to the sysroot.
    case feedDevice(path: String, contents: [UInt8])

    /// The sysroot paths the action writes.
    public var paths: [String] {
        if case .accountFiles(let writes) = self { return writes.map(\.path) }
        if case .device = self { return [] }
        if case .feedDevice = self { return [] }
        return [path]
    }

    public var path: String {
        switch self {
        case .makeDirectory(let path, _, _): return path
        case .writeFile(let write): return write.path
        case .remove(let path): return path
        case .symlink(let path, _, _): return path
        case .hardLink(let path, _): return path
        case .accountFiles(let writes): return writes.map(\.path).joined(separator: ", ")
        case .device(let change): return change.device
        case .swapFile(let path, _): return path
        case .feedDevice(let path, _): return path
        }
    }
}
