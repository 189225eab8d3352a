/// The disk part of the cloud-config model: growpart, resize_rootfs, mounts, disk_setup,
/// fs_setup and swap.

/// `growpart`: which partitions grow into the free space after them, every boot.
public struct GrowpartConfig: Sendable, Equatable {
    public enum Mode: String, Sendable { case auto, growpart, off }
    public var mode = Mode.auto
    /// Mount points (in the sysroot) or device paths.
    public var devices = ["/"]
    public var ignoreGrowrootDisabled = false
    public init() {}
}

/// `resize_rootfs`: `true` (default), `false`, or `noblock` (cloud-init resizes in the background;
/// flamingo resizes in place either way: nothing may outlive the initramfs).
public enum ResizeRootfsSetting: String, Sendable { case on, off, noblock }

/// One `mounts` entry: `[fs_spec, fs_file, fs_vfstype, fs_mntops, fs_freq, fs_passno]`, with its
/// position in the input for messages.
public struct MountEntry: Sendable, Equatable {
    public var fields: [String?]
    public var index: Int
    public init(fields: [String?], index: Int) { self.fields = fields; self.index = index }
}

/// One `disk_setup` entry: a disk (a path, a short name or an alias) and its table.
public struct DiskSetupEntry: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        /// `false` or absent: the disk is not partitioned.
        case none
        /// `true`: one partition over the whole disk.
        case whole
        /// `remove`: the partition table is wiped.
        case remove
        /// Percentages of the disk, each with an optional type; the last takes the rest.
        case percentages([PartitionSpec])
    }
    public struct PartitionSpec: Sendable, Equatable {
        public var percent: Int
        /// As written: an MBR id (`82`), an sgdisk code (`8200`) or a GPT type GUID.
        public var type: String?
        public init(percent: Int, type: String?) { self.percent = percent; self.type = type }
    }
    public var device: String
    public var tableType = PartitionTable.Label.dos
    public var layout = Layout.none
    public var overwrite = false
    public init(device: String) { self.device = device }
}

/// One `fs_setup` entry: a filesystem to make, and where.
public struct FilesystemSetupEntry: Sendable, Equatable {
    public enum Partition: Sendable, Equatable {
        case number(Int)
        /// The first partition without a filesystem (none made if one already has this label and type).
        case auto
        /// As auto, but any filesystem of this type counts, and one of `replace_fs`' type is reused.
        case any
        /// The device itself, no partition.
        case none
    }
    public var label: String?
    public var filesystem: String?
    public var device: String
    public var partition = Partition.any
    public var overwrite = false
    public var replaceFilesystem: String?
    public var extraOptions: [String] = []
    public var command: String?
    /// Its position in `fs_setup`.
    public var index: Int
    public init(device: String, index: Int) { self.device = device; self.index = index }
}

/// `swap`: a swap file in the sysroot, listed in fstab.
public struct SwapConfig: Sendable, Equatable {
    public enum Size: Sendable, Equatable { case auto, bytes(UInt64) }
    public var filename = "/swap.img"
    public var size = Size.bytes(0)
    public var maxSize: UInt64?
    public init() {}
}
