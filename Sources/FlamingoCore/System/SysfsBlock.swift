import CFlamingo
import Glibc

/// A block device as sysfs shows it: `/sys/class/block/NAME`. Partitions know their disk, number
/// and start; sizes are in 512-byte units there, whatever the logical sector size.
public struct SysfsBlock: Sendable, Equatable {
    public var name: String
    public var sysfs: String { "/sys/class/block/\(name)" }
    public var node: String { "/dev/\(name)" }

    public init(name: String) { self.name = name }

    /// The device with this `major:minor` (a mount's st_dev or mountinfo field).
    public static func byNumber(_ number: String) -> SysfsBlock? {
        guard let target = realPath("/sys/dev/block/\(number)") else { return nil }
        return SysfsBlock(name: String(target.split(separator: "/").last ?? ""))
    }

    /// The device a `/dev/…` path names (following /dev/disk/by-* links and /dev/root-style
    /// aliases through the node's device number).
    public static func byPath(_ path: String) -> SysfsBlock? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFBLK else { return nil }
        return byNumber("\(flamingo_major(status.st_rdev)):\(flamingo_minor(status.st_rdev))")
    }

    public var partitionNumber: Int? { Self.readNumber("\(sysfs)/partition").map(Int.init) }
    /// The whole disk a partition is on.
    public var disk: SysfsBlock? {
        guard partitionNumber != nil, let target = realPath(sysfs) else { return nil }
        let parts = target.split(separator: "/")
        return parts.count >= 2 ? SysfsBlock(name: String(parts[parts.count - 2])) : nil
    }
    /// Device-mapper and md devices: the devices below (`slaves/`).
    public var lowerDevices: [SysfsBlock] {
        guard let directory = try? FileDescriptor.open("\(sysfs)/slaves", flags: O_RDONLY | O_DIRECTORY) else { return [] }
        return DirectoryListing.names(directory).map(SysfsBlock.init)
    }
    public var isDeviceMapper: Bool { name.hasPrefix("dm-") }
    /// Size in bytes, from sysfs (512-byte units).
    public var size: UInt64? { Self.readNumber("\(sysfs)/size").map { $0 * 512 } }
    /// The partition's first byte on its disk.
    public var startOffset: UInt64? { Self.readNumber("\(sysfs)/start").map { $0 * 512 } }

    /// Tells the kernel partition `number` of this disk now spans `length` bytes from `start`
    /// (BLKPG resize, as `partx -u`; the disk may be in use), or adds it (`partx -a`).
    public func announcePartition(_ number: Int, start: UInt64, length: UInt64, add: Bool = false) throws {
        let disk = try FileDescriptor.open(node, flags: O_RDONLY | O_CLOEXEC)
        let op = add ? flamingo_BLKPG_ADD_PARTITION : flamingo_BLKPG_RESIZE_PARTITION
        guard flamingo_blkpg(disk.raw, op, Int32(number), Int64(start), Int64(length)) == 0 else {
            throw SystemError(add ? "BLKPG add partition \(number)" : "BLKPG resize partition \(number)", path: node)
        }
    }

    /// Waits (bounded) until sysfs shows `bytes` as the size; false when it never did.
    public func waitForSize(_ bytes: UInt64, milliseconds: Int) -> Bool {
        let deadline = MonotonicClock.milliseconds() + Double(milliseconds)
        while true {
            if size == bytes { return true }
            if MonotonicClock.milliseconds() > deadline { return false }
            MonotonicClock.sleep(milliseconds: 10)
        }
    }

    static func readNumber(_ path: String) -> UInt64? {
        BlockDeviceScan.readSmallFile(path).flatMap { UInt64($0) }
    }
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
