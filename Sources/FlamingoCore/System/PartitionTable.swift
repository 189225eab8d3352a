import CFlamingo
import Glibc

/// A disk's partition table through util-linux's libfdisk: read it (read-only for planning),
/// resize one partition in place and write the table back (read-write for applying). GPT and
/// MBR ("dos"); on write, libfdisk also moves a GPT's backup header to the end of a grown disk.
public final class PartitionTable {
    public enum Label: String, Sendable { case gpt, dos, other }

    public struct Entry: Sendable, Equatable {
        /// 1-based, as in /dev/vda1.
        public var number: Int
        public var start: UInt64
        public var sectors: UInt64
        /// An MBR extended partition (a container of logical ones).
        public var isContainer: Bool
        /// A logical partition inside an extended one.
        public var isNested: Bool
        /// GPT only: the type GUID, the partition's own GUID and its name (PARTLABEL), as written.
        public var typeGUID: String? = nil
        public var uuid: String? = nil
        public var name: String? = nil
        public var end: UInt64 { start + sectors - 1 }
    }

    public let device: String
    public let label: Label
    public let sectorSize: UInt64
    public let totalSectors: UInt64
    /// The last sector a partition may use once the table is written for this disk's size (for
    /// GPT: before the backup entries at the disk's end, wherever the backup is now; for MBR:
    /// the disk's end, within the 2^32-sector limit).
    public let lastUsable: UInt64
    public let entries: [Entry]
    private let context: OpaquePointer

    public init(device: String, writable: Bool = false) throws {
        guard let context = fdisk_new_context() else { throw SystemError("fdisk_new_context", path: device, code: ENOMEM) }
        self.context = context
        self.device = device
        fdisk_disable_dialogs(context, 1)
        let rc = fdisk_assign_device(context, device, writable ? 0 : 1)
        guard rc == 0 else {
            fdisk_unref_context(context)
            throw SystemError("fdisk_assign_device", path: device, code: -rc)
        }
        sectorSize = UInt64(fdisk_get_sector_size(context))
        totalSectors = UInt64(fdisk_get_nsectors(context))
        if fdisk_has_label(context) == 0 {
            label = .other
        } else if fdisk_is_labeltype(context, FDISK_DISKLABEL_GPT) != 0 {
            label = .gpt
        } else if fdisk_is_labeltype(context, FDISK_DISKLABEL_DOS) != 0 {
            label = .dos
        } else {
            label = .other
        }
        switch label {
        case .gpt:
            // Backup header in the last sector, the backup entries just before it.
            let entrySectors = (UInt64(fdisk_get_npartitions(context)) * 128 + sectorSize - 1) / sectorSize
            lastUsable = totalSectors - 2 - entrySectors
        case .dos:
            lastUsable = min(totalSectors - 1, UInt64(UInt32.max) - 1)
        case .other:
            lastUsable = 0
        }
        var entries: [Entry] = []
        var table: OpaquePointer?
        if label != .other, fdisk_get_partitions(context, &table) == 0, let table {
            defer { fdisk_unref_table(table) }
            for index in 0..<fdisk_table_get_nents(table) {
                guard let partition = fdisk_table_get_partition(table, index), fdisk_partition_is_used(partition) != 0,
                      fdisk_partition_has_start(partition) != 0, fdisk_partition_has_size(partition) != 0 else { continue }
                var entry = Entry(number: Int(fdisk_partition_get_partno(partition)) + 1,
                                  start: UInt64(fdisk_partition_get_start(partition)),
                                  sectors: UInt64(fdisk_partition_get_size(partition)),
                                  isContainer: fdisk_partition_is_container(partition) != 0,
                                  isNested: fdisk_partition_is_nested(partition) != 0)
                if label == .gpt {
                    entry.typeGUID = fdisk_partition_get_type(partition).flatMap { fdisk_parttype_get_string($0) }.map { String(cString: $0) }
                    entry.uuid = fdisk_partition_get_uuid(partition).map { String(cString: $0) }
                    entry.name = fdisk_partition_get_name(partition).map { String(cString: $0) }
                }
                entries.append(entry)
            }
        }
        self.entries = entries
    }

    deinit { fdisk_unref_context(context) }

    public func entry(_ number: Int) -> Entry? { entries.first { $0.number == number } }

    /// A partition to create: `sectors` nil fills the rest of the disk; `type` as libfdisk parses
    /// it for the label (a hex MBR id such as `83`, a GPT type GUID).
    public struct NewPartition: Sendable, Equatable {
        public var sectors: UInt64?
        public var type: String
        public init(sectors: UInt64?, type: String) { self.sectors = sectors; self.type = type }
    }

    /// Writes a new, empty `label` table (every older signature in its way wiped) with
    /// `partitions` in order, each starting where libfdisk aligns it (1 MiB), and returns what
    /// was written.
    public static func create(device: String, label: Label, partitions: [NewPartition]) throws -> [Entry] {
        guard label != .other, let context = fdisk_new_context() else { throw SystemError("fdisk_new_context", path: device, code: EINVAL) }
        defer { fdisk_unref_context(context) }
        fdisk_disable_dialogs(context, 1)
        var rc = fdisk_assign_device(context, device, 0)
        guard rc == 0 else { throw SystemError("fdisk_assign_device", path: device, code: -rc) }
        fdisk_enable_wipe(context, 1)
        rc = fdisk_create_disklabel(context, label.rawValue)
        guard rc == 0 else { throw SystemError("creating a \(label.rawValue) table", path: device, code: -rc) }
        let labelHandle = fdisk_get_label(context, nil)
        for (index, wanted) in partitions.enumerated() {
            guard let partition = fdisk_new_partition() else { throw SystemError("fdisk_new_partition", path: device, code: ENOMEM) }
            defer { fdisk_unref_partition(partition) }
            fdisk_partition_set_partno(partition, index)
            fdisk_partition_start_follow_default(partition, 1)
            if let sectors = wanted.sectors { fdisk_partition_set_size(partition, sectors) } else { fdisk_partition_end_follow_default(partition, 1) }
            guard let type = fdisk_label_parse_parttype(labelHandle, wanted.type) else {
                throw DiskError("\(device): \"\(wanted.type)\" is not a \(label.rawValue) partition type")
            }
            defer { fdisk_unref_parttype(type) }
            fdisk_partition_set_type(partition, type)
            rc = fdisk_add_partition(context, partition, nil)
            guard rc == 0 else { throw SystemError("adding partition \(index + 1)", path: device, code: -rc) }
        }
        rc = fdisk_write_disklabel(context)
        guard rc == 0 else { throw SystemError("writing the partition table", path: device, code: -rc) }
        rc = fdisk_deassign_device(context, 1)
        guard rc == 0 else { throw SystemError("closing", path: device, code: -rc) }
        return try PartitionTable(device: device).entries
    }

    /// A partition to add to a GPT table, as Ignition describes one: its number (0: the next
    /// free), start (nil: the first free aligned sector), size (nil: as large as the free space
    /// allows), type GUID, own GUID and name.
    public struct Addition: Sendable, Equatable {
        public var number: Int
        public var start: UInt64?
        public var sectors: UInt64?
        public var type: String
        public var uuid: String?
        public var name: String?
        public init(number: Int, start: UInt64?, sectors: UInt64?, type: String, uuid: String?, name: String?) {
            self.number = number
            self.start = start
            self.sectors = sectors
            self.type = type
            self.uuid = uuid
            self.name = name
        }
    }

    /// Edits a GPT table in one write: a new empty table first when `newTable` (or when the disk
    /// has none), then partitions deleted, resized (start kept) and added, in that order.
    /// Returns what was written.
    public static func edit(device: String, newTable: Bool, deletions: [Int], resizes: [(number: Int, sectors: UInt64)],
                            additions: [Addition]) throws -> [Entry] {
        guard let context = fdisk_new_context() else { throw SystemError("fdisk_new_context", path: device, code: ENOMEM) }
        defer { fdisk_unref_context(context) }
        fdisk_disable_dialogs(context, 1)
        var rc = fdisk_assign_device(context, device, 0)
        guard rc == 0 else { throw SystemError("fdisk_assign_device", path: device, code: -rc) }
        if newTable || fdisk_has_label(context) == 0 {
            fdisk_enable_wipe(context, 1)
            rc = fdisk_create_disklabel(context, "gpt")
            guard rc == 0 else { throw SystemError("creating a GPT table", path: device, code: -rc) }
        } else if fdisk_is_labeltype(context, FDISK_DISKLABEL_GPT) == 0 {
            throw DiskError("\(device): not a GPT disk")
        }
        for number in deletions {
            rc = fdisk_delete_partition(context, number - 1)
            guard rc == 0 else { throw SystemError("deleting partition \(number)", path: device, code: -rc) }
        }
        for (number, sectors) in resizes {
            guard let partition = fdisk_new_partition() else { throw SystemError("fdisk_new_partition", path: device, code: ENOMEM) }
            defer { fdisk_unref_partition(partition) }
            rc = fdisk_partition_set_size(partition, sectors)
            if rc == 0 { rc = fdisk_set_partition(context, number - 1, partition) }
            guard rc == 0 else { throw SystemError("resizing partition \(number)", path: device, code: -rc) }
        }
        let labelHandle = fdisk_get_label(context, nil)
        for wanted in additions {
            guard let partition = fdisk_new_partition() else { throw SystemError("fdisk_new_partition", path: device, code: ENOMEM) }
            defer { fdisk_unref_partition(partition) }
            if wanted.number > 0 { fdisk_partition_set_partno(partition, wanted.number - 1) } else { fdisk_partition_partno_follow_default(partition, 1) }
            if let start = wanted.start { fdisk_partition_set_start(partition, start) } else { fdisk_partition_start_follow_default(partition, 1) }
            if let sectors = wanted.sectors { fdisk_partition_set_size(partition, sectors) } else { fdisk_partition_end_follow_default(partition, 1) }
            guard let type = fdisk_label_parse_parttype(labelHandle, wanted.type) else {
                throw DiskError("\(device): \"\(wanted.type)\" is not a GPT partition type")
            }
            defer { fdisk_unref_parttype(type) }
            fdisk_partition_set_type(partition, type)
            if let uuid = wanted.uuid { fdisk_partition_set_uuid(partition, uuid) }
            if let name = wanted.name { fdisk_partition_set_name(partition, name) }
            rc = fdisk_add_partition(context, partition, nil)
            guard rc == 0 else { throw SystemError("adding partition \(wanted.number == 0 ? "(next)" : String(wanted.number))", path: device, code: -rc) }
        }
        rc = fdisk_write_disklabel(context)
        guard rc == 0 else { throw SystemError("writing the partition table", path: device, code: -rc) }
        rc = fdisk_deassign_device(context, 1)
        guard rc == 0 else { throw SystemError("closing", path: device, code: -rc) }
        return try PartitionTable(device: device).entries
    }

    /// The type of each partition, as libfdisk names it for the label (hex id or GUID).
    public func typeCode(_ number: Int) -> String? {
        var partition: OpaquePointer?
        guard fdisk_get_partition(context, number - 1, &partition) == 0, let partition else { return nil }
        defer { fdisk_unref_partition(partition) }
        guard let type = fdisk_partition_get_type(partition) else { return nil }
        if let text = fdisk_parttype_get_string(type) { return String(cString: text) }
        return String(fdisk_parttype_get_code(type), radix: 16)
    }

    /// Gives partition `number` a new size (its start never moves) and writes the table.
    public func resize(_ number: Int, sectors: UInt64) throws {
        guard let partition = fdisk_new_partition() else { throw SystemError("fdisk_new_partition", path: device, code: ENOMEM) }
        defer { fdisk_unref_partition(partition) }
        var rc = fdisk_partition_set_size(partition, sectors)
        if rc == 0 { rc = fdisk_set_partition(context, number - 1, partition) }
        guard rc == 0 else { throw SystemError("resizing partition \(number)", path: device, code: -rc) }
        rc = fdisk_write_disklabel(context)
        guard rc == 0 else { throw SystemError("writing the partition table", path: device, code: -rc) }
        rc = fdisk_deassign_device(context, 1)  // fsync()s the disk and closes it (no global sync())
        guard rc == 0 else { throw SystemError("closing", path: device, code: -rc) }
    }
}
