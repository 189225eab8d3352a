import CFlamingo
import Glibc

/// What `stat` says about a file, as Swift values (the C `struct stat` stays in `System/`).
public struct FileStatus: Equatable, Sendable {
    public enum Kind: Sendable { case regular, directory, symlink, blockDevice, characterDevice, fifo, socket }

    public let kind: Kind
    /// `st_mode`: the kind's bits and the permission bits (set-id and sticky included).
    public let mode: UInt32
    public let uid: UInt32
    public let gid: UInt32
    public let size: Int64
    /// 512-byte blocks allocated (fewer than the size says for a file with holes).
    public let blocks: Int64
    /// The filesystem it is on (`st_dev`).
    public let device: UInt64
    public let inode: UInt64
    /// How many names the file has (`st_nlink`).
    public let linkCount: UInt64
    /// For a device node: the device it stands for, as `major:minor`.
    public let deviceNumber: String

    init(_ st: stat) {
        switch st.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFBLK: kind = .blockDevice
        case S_IFCHR: kind = .characterDevice
        case S_IFIFO: kind = .fifo
        case S_IFSOCK: kind = .socket
        default: kind = .regular
        }
        mode = st.st_mode
        uid = st.st_uid
        gid = st.st_gid
        size = Int64(st.st_size)
        blocks = Int64(st.st_blocks)
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        linkCount = UInt64(st.st_nlink)
        deviceNumber = "\(flamingo_major(st.st_rdev)):\(flamingo_minor(st.st_rdev))"
    }

    public var isDirectory: Bool { kind == .directory }
    public var isRegularFile: Bool { kind == .regular }
    public var isSymlink: Bool { kind == .symlink }
    public var isBlockDevice: Bool { kind == .blockDevice }

    /// `stat(2)` of a path of this host (following links); nil when nothing is there.
    public static func of(_ path: String) -> FileStatus? {
        var st = stat()
        return stat(path, &st) == 0 ? FileStatus(st) : nil
    }

    /// Whether anything is at `path` of this host (`access(F_OK)`).
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
