/// Growing a filesystem to fill its device (cloud-init's resizefs): ext2/3/4 with resize2fs,
/// xfs with xfs_growfs, btrfs with `btrfs filesystem resize max` — online, on the mounted
/// filesystem. Whether there is anything to do is read from the superblock (a few bytes, no
/// subprocess), so a boot with nothing to grow costs no program run.
public struct FilesystemGrowth: Sendable, Equatable, CustomStringConvertible {
    public var device: String
    public var type: String
    public var mountPoint: String
    public var filesystemSize: UInt64
    public var deviceSize: UInt64

    public var description: String {
        let target = deviceSize == Self.sizeKnownWhenApplied ? "its grown device" : "\(Bytes(deviceSize))"
        return "resize the \(type) filesystem on \(device) (mounted at \(mountPoint)) from \(Bytes(filesystemSize)) to fill \(target)"
    }

    public static let resizable: Set<String> = ["ext2", "ext3", "ext4", "xfs", "btrfs"]
    /// A planned device size that only applying the plan will tell (an LVM volume being extended).
    public static let sizeKnownWhenApplied = UInt64.max
    /// Less than this much unused space after the filesystem is nothing to grow (resize2fs and
    /// xfs_growfs leave a partial last group or allocation group unused).
    static let slack: UInt64 = 4 << 20

    public enum Decision: Sendable, Equatable {
        case grow(FilesystemGrowth)
        case nothing(String)
        case unsupported(String)
    }

    /// `deviceSize`: the device's size once the planned partition growth is done.
    public static func plan(device: String, type: String?, mountPoint: String, deviceSize: UInt64) -> Decision {
        guard let type else { return .unsupported("\(device): no filesystem recognised") }
        guard resizable.contains(type) else { return .unsupported("\(device): \(type) filesystems are not resized (ext2/3/4, xfs, btrfs are)") }
        guard let size = FilesystemSize.read(device, type: type) else {
            return .unsupported("\(device): cannot read the \(type) superblock")
        }
        guard deviceSize > size, deviceSize - size >= slack else {
            return .nothing("the \(type) filesystem on \(device) already fills it (\(Bytes(size)))")
        }
        return .grow(FilesystemGrowth(device: device, type: type, mountPoint: mountPoint, filesystemSize: size, deviceSize: deviceSize))
    }

    /// The program and arguments that grow this filesystem online.
    public var command: (program: String, arguments: [String]) {
        switch type {
        case "xfs": return (Programs.xfsGrowfs, [mountPoint])
        case "btrfs": return (Programs.btrfs, ["filesystem", "resize", "max", mountPoint])
        default: return (Programs.resize2fs, [device])
        }
    }
}

/// A filesystem's own idea of its size, from its superblock.
public enum FilesystemSize {
    public static func read(_ device: String, type: String) -> UInt64? {
        guard let fd = try? FileDescriptor.open(device) else { return nil }
        func bytes(_ offset: Int, _ count: Int) -> [UInt8]? {
            guard let got = try? fd.read(count: count, at: Int64(offset), path: device), got.count == count else { return nil }
            return got
        }
        func little(_ b: [UInt8], _ at: Int, _ width: Int) -> UInt64 { (0..<width).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * $1) } }
        func big(_ b: [UInt8], _ at: Int, _ width: Int) -> UInt64 { (0..<width).reduce(0) { $0 << 8 | UInt64(b[at + $1]) } }
        switch type {
        case "ext2", "ext3", "ext4":
            // Superblock at 1024: s_blocks_count_lo @4, s_log_block_size @24, s_feature_incompat
            // @96 (0x80: 64bit), s_blocks_count_hi @336; magic 0xEF53 @56.
            guard let sb = bytes(1024, 1024), little(sb, 56, 2) == 0xEF53 else { return nil }
            var blocks = little(sb, 4, 4)
            if little(sb, 96, 4) & 0x80 != 0 { blocks |= little(sb, 336, 4) << 32 }
            return blocks * (1024 << little(sb, 24, 4))
        case "xfs":
            // Big-endian: magic "XFSB" @0, sb_blocksize @4, sb_dblocks @8.
            guard let sb = bytes(0, 16), big(sb, 0, 4) == 0x5846_5342 else { return nil }
            return big(sb, 8, 8) * big(sb, 4, 4)
        case "btrfs":
            // Superblock at 64 KiB: magic "_BHRfS_M" @0x40; this device's dev_item.total_bytes @0xd1.
            guard let sb = bytes(65536, 0x100), sb[0x40..<0x48].elementsEqual("_BHRfS_M".utf8) else { return nil }
            return little(sb, 0xd1, 8)
        default:
            return nil
        }
    }
}
