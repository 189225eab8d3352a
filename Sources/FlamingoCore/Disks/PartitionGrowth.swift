/// Growing one partition into the free space that directly follows it (cloud-init's growpart):
/// its start never moves, no other partition is touched, and less than 1 MiB of free space is
/// nothing to grow. Planned from a read-only look at the table; applied with libfdisk, then
/// announced to the kernel with BLKPG (the disk is in use) and waited for (bounded).
public struct PartitionGrowth: Sendable, Equatable, CustomStringConvertible {
    public var partition: String
    public var disk: String
    public var number: Int
    public var label: PartitionTable.Label
    public var sectorSize: UInt64
    public var start: UInt64
    public var oldSectors: UInt64
    public var newSectors: UInt64

    public var newSize: UInt64 { newSectors * sectorSize }
    public var description: String {
        "grow \(partition) (\(label.rawValue) partition \(number) of \(disk)) from \(Bytes(oldSectors * sectorSize)) to \(Bytes(newSize))"
    }

    public enum Decision: Sendable, Equatable {
        case grow(PartitionGrowth)
        /// Nothing to do, and why (not an error).
        case nothing(String)
        /// Cannot be done; the message says why.
        case unsupported(String)
    }

    static let minimumGrowth: UInt64 = 1 << 20

    public static func plan(_ partition: SysfsBlock) -> Decision {
        guard let number = partition.partitionNumber, let disk = partition.disk else {
            return .nothing("\(partition.node) is not a partition (a whole disk or a virtual device): nothing to grow")
        }
        let table: PartitionTable
        do { table = try PartitionTable(device: disk.node) } catch { return .unsupported("\(disk.node): \(error)") }
        guard table.label != .other else { return .unsupported("\(disk.node): no GPT or MBR partition table") }
        guard let entry = table.entry(number) else { return .unsupported("\(disk.node): the table has no partition \(number)") }
        if entry.isNested { return .unsupported("\(partition.node) is a logical partition inside an extended one: growing it is not supported") }
        if entry.isContainer { return .unsupported("\(partition.node) is an extended partition: not grown") }
        let next = table.entries.filter { !$0.isNested && $0.number != number && $0.start > entry.end }.min { $0.start < $1.start }
        var lastSector = next.map { $0.start - 1 } ?? table.lastUsable
        if table.label == .dos { lastSector = min(lastSector, entry.start + UInt64(UInt32.max) - 1) }
        guard lastSector > entry.end, (lastSector - entry.end) * table.sectorSize >= minimumGrowth else {
            if let next {
                return .nothing("\(partition.node) is followed by partition \(next.number) at sector \(next.start): no free space after it, nothing to grow")
            }
            return .nothing("\(partition.node) already reaches the end of \(disk.node): nothing to grow")
        }
        return .grow(PartitionGrowth(partition: partition.node, disk: disk.node, number: number, label: table.label,
                                     sectorSize: table.sectorSize, start: entry.start, oldSectors: entry.sectors,
                                     newSectors: lastSector - entry.start + 1))
    }
}

/// A size for people: `1.5 GiB`, `64 MiB`, `512 B`.
public struct Bytes: CustomStringConvertible, Sendable {
    public let value: UInt64
    public init(_ value: UInt64) { self.value = value }
    public var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = Double(value), unit = 0
        while amount >= 1024, unit < units.count - 1 { amount /= 1024; unit += 1 }
        if unit == 0 { return "\(value) B" }
        let tenths = Int((amount * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) \(units[unit])" : "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
