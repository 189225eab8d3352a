/// `disk_setup` for one disk: a new partition table with the layout's partitions, or a wiped
/// one (`remove`). Planned against the disk as it is: a disk already laid out so is left alone;
/// one with anything on it (a partition table, even an empty one; a filesystem; several
/// signatures) only with `overwrite`; a disk in use (`DiskInUse`: the root's, the config
/// drive's) never. Applied with libfdisk, announced to the kernel (BLKRRPART, else BLKPG) and
/// waited for.
public struct DiskPartitioning: Sendable, Equatable, CustomStringConvertible {
    public var disk: String
    public var label: PartitionTable.Label
    /// Empty with `remove`.
    public var partitions: [PartitionTable.NewPartition]
    public var remove: Bool

    public var description: String {
        if remove { return "wipe the partition table of \(disk)" }
        let sizes = partitions.map { $0.sectors.map { "\($0) sectors" } ?? "the rest" }.joined(separator: ", ")
        return "partition \(disk): new \(label == .gpt ? "GPT" : "MBR") table, \(partitions.count) partition\(partitions.count == 1 ? "" : "s") (\(sizes))"
    }

    public enum Decision: Sendable, Equatable {
        case partition(DiskPartitioning)
        case nothing(String)
        case unsupported(String)
    }

    /// GPT type GUIDs for the MBR ids and sgdisk codes cloud-config uses.
    static let gptTypes: [String: String] = [
        "83": "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "8300": "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
        "82": "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "8200": "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F",
        "8e": "E6D6D379-F507-44C2-A23C-238F2A3DF928", "8e00": "E6D6D379-F507-44C2-A23C-238F2A3DF928",
        "fd": "A19D880F-05FC-4D3B-A006-743F0F84911E", "fd00": "A19D880F-05FC-4D3B-A006-743F0F84911E",
        "ef": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "ef00": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
    ]

    /// The type libfdisk is given: an MBR id as hex, a GPT GUID (codes mapped, GUIDs kept).
    public static func typeCode(_ written: String?, label: PartitionTable.Label) -> String? {
        let text = (written ?? "83").lowercased()
        if label == .dos {
            guard text.count <= 2, UInt8(text, radix: 16) != nil else { return nil }
            return text
        }
        if let guid = gptTypes[text] { return guid }
        let isGUID = text.count == 36 && text.allSatisfy { $0.isHexDigit || $0 == "-" }
        return isGUID ? text.uppercased() : nil
    }

    /// `inUse`: why the disk must never be touched (`DiskInUse`), if it must not.
    public static func plan(_ entry: DiskSetupEntry, disk: SysfsBlock, contents: DeviceContents, inUse: String?) -> Decision {
        guard disk.partitionNumber == nil else { return .unsupported("\(disk.node) is a partition; disk_setup partitions whole disks") }
        if entry.layout == .none { return .nothing("\(disk.node): layout false: not partitioned") }
        if let inUse { return .unsupported("\(disk.node) is never partitioned: \(inUse)") }
        let table: PartitionTable
        do { table = try PartitionTable(device: disk.node) } catch { return .unsupported("\(disk.node): \(error)") }
        // libfdisk calls a whole-disk vfat a `dos` table without partitions: any label counts.
        let hasContents = !table.entries.isEmpty || table.label != .other || !contents.isEmpty
        if entry.layout == .remove {
            guard entry.overwrite else {
                return .unsupported("\(disk.node): layout remove wipes the disk's table: it needs overwrite: true")
            }
            guard hasContents else { return .nothing("\(disk.node) has no partition table: nothing to remove") }
            return .partition(DiskPartitioning(disk: disk.node, label: entry.tableType, partitions: [], remove: true))
        }
        let specs: [DiskSetupEntry.PartitionSpec]
        switch entry.layout {
        case .whole: specs = [DiskSetupEntry.PartitionSpec(percent: 100, type: nil)]
        case .percentages(let list): specs = list
        default: specs = []
        }
        var wanted: [PartitionTable.NewPartition] = []
        for (index, spec) in specs.enumerated() {
            guard let code = typeCode(spec.type, label: entry.tableType) else {
                return .unsupported("\(disk.node): partition \(index + 1): \"\(spec.type ?? "")\" is not a \(entry.tableType == .gpt ? "GPT" : "MBR") partition type")
            }
            let sectors = index == specs.count - 1 ? nil : table.totalSectors * UInt64(spec.percent) / 100
            wanted.append(PartitionTable.NewPartition(sectors: sectors, type: code))
        }
        if matches(table, wanted, entry) {
            return .nothing("\(disk.node) already has this layout (\(table.entries.count) partition\(table.entries.count == 1 ? "" : "s")): left alone")
        }
        if hasContents && !entry.overwrite {
            let what = !table.entries.isEmpty ? "a partition table with \(table.entries.count) partition\(table.entries.count == 1 ? "" : "s")"
                : !contents.isEmpty ? contents.description : "an empty \(table.label.rawValue) partition table"
            return .nothing("\(disk.node) holds \(what): left alone (overwrite: true replaces it)")
        }
        return .partition(DiskPartitioning(disk: disk.node, label: entry.tableType, partitions: wanted, remove: false))
    }

    /// The same table type, as many partitions, and the types that were asked for.
    static func matches(_ table: PartitionTable, _ wanted: [PartitionTable.NewPartition], _ entry: DiskSetupEntry) -> Bool {
        let primaries = table.entries.filter { !$0.isNested }
        guard table.label == entry.tableType, primaries.count == wanted.count else { return false }
        guard case .percentages(let specs) = entry.layout else { return !primaries.isEmpty }
        for (spec, (entryWritten, new)) in zip(specs, zip(primaries, wanted)) where spec.type != nil {
            guard table.typeCode(entryWritten.number)?.lowercased() == new.type.lowercased() else { return false }
        }
        return true
    }
}
