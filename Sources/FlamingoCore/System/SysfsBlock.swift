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
        guard let status = FileStatus.of(path), status.isBlockDevice else { return nil }
        return byNumber(status.deviceNumber)
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
        guard let directory = try? FileDescriptor.open("\(sysfs)/slaves", .directory) else { return [] }
        return DirectoryListing.names(directory).map(SysfsBlock.init)
    }
    /// The devices built on this one (`holders/`: device-mapper, md).
    public var holders: [SysfsBlock] {
        guard let directory = try? FileDescriptor.open("\(sysfs)/holders", .directory) else { return [] }
        return DirectoryListing.names(directory).map(SysfsBlock.init)
    }
    public var isDeviceMapper: Bool { name.hasPrefix("dm-") }
    /// Device-mapper's name (`vg-root`) and uuid (`LVM-…` for an LVM logical volume).
    public var mapperName: String? { FileSystem.readSmallFile("\(sysfs)/dm/name") }
    public var mapperUUID: String? { FileSystem.readSmallFile("\(sysfs)/dm/uuid") }
    public var isLogicalVolume: Bool { mapperUUID?.hasPrefix("LVM-") == true }
    /// Size in bytes, from sysfs (512-byte units).
    public var size: UInt64? { Self.readNumber("\(sysfs)/size").map { $0 * 512 } }
    /// The partition's first byte on its disk.
    public var startOffset: UInt64? { Self.readNumber("\(sysfs)/start").map { $0 * 512 } }

    /// Tells the kernel partition `number` of this disk now spans `length` bytes from `start`
    /// (BLKPG resize, as `partx -u`; the disk may be in use), or adds it (`partx -a`).
    public func announcePartition(_ number: Int, start: UInt64, length: UInt64, add: Bool = false) throws {
        let disk = try FileDescriptor.open(node)
        let op = add ? flamingo_BLKPG_ADD_PARTITION : flamingo_BLKPG_RESIZE_PARTITION
        guard flamingo_blkpg(disk.raw, op, Int32(number), Int64(start), Int64(length)) == 0 else {
            throw SystemError(add ? "BLKPG add partition \(number)" : "BLKPG resize partition \(number)", path: node)
        }
    }

    /// Zeroes the first and last `bytes` of the device and syncs it.
    public func zeroEnds(bytes: Int) throws {
        let fd = try FileDescriptor.open(node, .writeOnly)
        var size: UInt64 = 0
        guard flamingo_block_size(fd.raw, &size) == 0 else { throw SystemError("BLKGETSIZE64", path: node) }
        let chunk = [UInt8](repeating: 0, count: Int(min(size, UInt64(bytes))))
        for offset in Set([0, size - UInt64(chunk.count)]) {
            let written = chunk.withUnsafeBytes { pwrite(fd.raw, $0.baseAddress, chunk.count, off_t(offset)) }
            guard written == chunk.count else { throw SystemError("pwrite", path: node) }
        }
        try fd.sync(path: node)
    }

    /// The partitions the kernel knows on this disk, by number.
    public var partitions: [Int: SysfsBlock] {
        guard let directory = try? FileDescriptor.open(sysfs, .directory) else { return [:] }
        var result: [Int: SysfsBlock] = [:]
        for name in DirectoryListing.names(directory) where name.hasPrefix(self.name) {
            if let number = SysfsBlock(name: name).partitionNumber { result[number] = SysfsBlock(name: name) }
        }
        return result
    }

    /// Tells the kernel about a newly written table: re-read it (BLKRRPART); where the kernel will
    /// not (a loop device without partition scanning, a kernel without the table's parser), drop
    /// the partitions it knew and add the new ones through BLKPG, as `partx -d`/`partx -a` do.
    /// Then waits (bounded) for every partition's device node.
    public func announceTable(_ entries: [PartitionTable.Entry], sectorSize: UInt64, milliseconds: Int) throws {
        let disk = try FileDescriptor.open(node)
        if flamingo_reread_partitions(disk.raw) != 0 || !entries.allSatisfy({ partitions[$0.number] != nil }) {
            for (number, _) in partitions {
                _ = flamingo_blkpg(disk.raw, flamingo_BLKPG_DEL_PARTITION, Int32(number), 0, 0)
            }
            for entry in entries {
                guard flamingo_blkpg(disk.raw, flamingo_BLKPG_ADD_PARTITION, Int32(entry.number),
                                     Int64(entry.start * sectorSize), Int64(entry.sectors * sectorSize)) == 0 else {
                    throw SystemError("BLKPG add partition \(entry.number)", path: node)
                }
            }
        }
        let deadline = MonotonicClock.milliseconds() + Double(milliseconds)
        while true {
            let known = partitions
            let nodes = entries.compactMap { known[$0.number]?.node }
            if nodes.count == entries.count, nodes.allSatisfy({ access($0, F_OK) == 0 }) { return }
            if MonotonicClock.milliseconds() > deadline {
                throw DiskError("\(node): the partition device nodes did not appear within \(milliseconds) ms")
            }
            MonotonicClock.sleep(milliseconds: 10)
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
        FileSystem.readSmallFile(path).flatMap { UInt64($0) }
    }
}

func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
