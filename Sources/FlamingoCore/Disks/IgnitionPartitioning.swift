/// Ignition's `storage.disks` entry for one disk, decided against its table as it is (GPT only,
/// as Ignition): `wipeTable` starts from an empty table; a partition the config numbers (or
/// names, with number 0) that exists is kept when it matches what is given (start, size, type
/// GUID, GUID, label), resized with `resize` when only its size differs, replaced with
/// `wipePartitionEntry`, and otherwise refused; `shouldExist: false` deletes one (only with
/// `wipePartitionEntry`); the rest are added. Nothing to change is `nil`. Sizes are MiB.
public struct IgnitionPartitioning: Sendable, Equatable, CustomStringConvertible {
    public var disk: String
    public var newTable: Bool
    public var deletions: [Int]
    public var resizes: [Resize]
    public var additions: [PartitionTable.Addition]
    /// The table as planned from: applying refuses a disk whose table changed since.
    public var before: [PartitionTable.Entry]

    public struct Resize: Sendable, Equatable {
        public var number: Int
        public var sectors: UInt64
    }

    public var description: String {
        var parts: [String] = []
        if newTable { parts.append("new GPT table") }
        if !deletions.isEmpty { parts.append("delete \(deletions.map(String.init).joined(separator: ", "))") }
        if !resizes.isEmpty { parts.append("resize \(resizes.map { "\($0.number) to \($0.sectors) sectors" }.joined(separator: ", "))") }
        if !additions.isEmpty {
            parts.append("add " + additions.map { addition in
                (addition.number == 0 ? "next" : String(addition.number)) + (addition.name.map { " (\($0))" } ?? "")
                    + ": " + (addition.sectors.map { "\($0) sectors" } ?? "the rest")
            }.joined(separator: ", "))
        }
        return "partition \(disk): " + parts.joined(separator: "; ")
    }

    public static let linuxFilesystemType = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"

    /// `table`: the disk's table now; `inUse`: why the disk must never be touched, if so.
    public static func plan(_ disk: IgnitionDisk, node: String, table: PartitionTable, inUse: String?) throws -> IgnitionPartitioning? {
        if let inUse { throw DiskError("\(node) is never partitioned: \(inUse)") }
        if disk.wipeTable == true, table.label == .gpt {
            // A table that is already exactly what the config asks for is not wiped again (a
            // re-run changes nothing): the same partitions, none other, nothing to change.
            var kept = disk
            kept.wipeTable = false
            if (try? plan(kept, node: node, table: table, inUse: nil)) ?? nil == nil,
               table.entries.count == disk.partitions.filter({ $0.shouldExist != false }).count {
                return nil
            }
        }
        let wipe = disk.wipeTable == true
        if !wipe, table.label == .dos { throw DiskError("\(node) holds an MBR table: Ignition partitions GPT disks (wipeTable: true replaces it)") }
        let mib = UInt64(1 << 20) / table.sectorSize
        var existing = wipe ? [] : table.entries
        var plan = IgnitionPartitioning(disk: node, newTable: wipe || table.label == .other, deletions: [], resizes: [], additions: [],
                                        before: table.entries)
        for partition in disk.partitions {
            let number = partition.number != 0 ? partition.number
                : existing.first { $0.name != nil && $0.name == partition.label }?.number ?? 0
            let current = number == 0 ? nil : existing.first { $0.number == number }
            let name = "partition \(number == 0 ? partition.label ?? "(next)" : String(number))"
            if partition.shouldExist == false {
                guard current != nil else { continue }
                guard partition.wipePartitionEntry == true else {
                    throw DiskError("\(node): \(name) exists and shouldExist is false: wipePartitionEntry: true deletes it")
                }
                plan.deletions.append(number)
                existing.removeAll { $0.number == number }
                continue
            }
            let start = (partition.startMiB ?? 0) == 0 ? nil : UInt64(partition.startMiB!) * mib
            let sectors = (partition.sizeMiB ?? 0) == 0 ? nil : UInt64(partition.sizeMiB!) * mib
            if let current {
                var differences: [String] = []
                if let start, start != current.start { differences.append("start") }
                if let type = partition.typeGuid, !type.isEmpty, type.uppercased() != current.typeGUID?.uppercased() { differences.append("type GUID") }
                if let guid = partition.guid, !guid.isEmpty, guid.uppercased() != current.uuid?.uppercased() { differences.append("GUID") }
                if let label = partition.label, label != (current.name ?? "") { differences.append("label") }
                let sizeDiffers = sectors.map { $0 != current.sectors } ?? false
                if differences.isEmpty && !sizeDiffers { continue }
                if differences.isEmpty && partition.resize == true, let sectors {
                    plan.resizes.append(Resize(number: number, sectors: sectors))
                    continue
                }
                guard partition.wipePartitionEntry == true else {
                    let what = (differences + (sizeDiffers ? ["size"] : [])).joined(separator: ", ")
                    throw DiskError("\(node): \(name) exists with a different \(what): wipePartitionEntry: true replaces it"
                                    + (differences.isEmpty ? ", resize: true resizes it" : ""))
                }
                plan.deletions.append(number)
                existing.removeAll { $0.number == number }
            }
            plan.additions.append(PartitionTable.Addition(number: number, start: start, sectors: sectors,
                                                          type: (partition.typeGuid ?? "").isEmpty ? linuxFilesystemType : partition.typeGuid!.uppercased(),
                                                          uuid: (partition.guid ?? "").isEmpty ? nil : partition.guid!.uppercased(),
                                                          name: partition.label))
        }
        if !plan.newTable && plan.deletions.isEmpty && plan.resizes.isEmpty && plan.additions.isEmpty { return nil }
        return plan
    }

    /// The partition numbers the disk will have, with their labels (for filesystems planned on them).
    public func plannedNumbers() -> [(number: Int, label: String?)] {
        var numbers = (newTable ? [] : before.map { ($0.number, $0.name) }).filter { !deletions.contains($0.0) }
        var next = (numbers.map(\.0).max() ?? 0) + 1
        for addition in additions {
            if addition.number > 0 {
                numbers.append((addition.number, addition.name))
            } else {
                while numbers.contains(where: { $0.0 == next }) { next += 1 }
                numbers.append((next, addition.name))
            }
        }
        return numbers.map { (number: $0.0, label: $0.1) }
    }
}
