/// Every change to a block device is carried out here, and only here: the `Disks/` types are the
/// plan (what, on which device, with which program), decided when planned; this is the doing —
/// libfdisk writes, BLKPG, the mkfs, resize and lvm programs. Each re-checks what it relies on
/// (the partition's start and size, the device's contents) and leaves alone what changed since
/// it was planned.
enum DeviceChanges {
    /// Carries the change out. `changed` false: nothing needed doing after all (a filesystem that
    /// already fills its grown device, a device whose contents changed since the plan); the
    /// message says what happened.
    static func carryOut(_ change: DeviceChange) throws -> (changed: Bool, message: String) {
        switch change {
        case .growPartition(let growth):
            try grow(growth)
            return (true, growth.description)
        case .resizeFilesystem(let growth):
            guard let output = try resize(growth) else { return (false, "the \(growth.type) filesystem on \(growth.device) already fills it") }
            return (true, growth.description + (output.isEmpty ? "" : "\n" + output.trimmingWhitespace()))
        case .extendLogicalVolume(let growth):
            return (true, try extend(growth))
        case .partitionDisk(let partitioning):
            return (true, try partition(partitioning))
        case .editPartitions(let partitioning):
            return (true, try edit(partitioning))
        case .makeFilesystem(let creation):
            return try make(creation)
        }
    }

    /// Writes the partition's new size, tells the kernel, waits until it shows it (at most 5 s).
    static func grow(_ growth: PartitionGrowth) throws {
        try DiskLock.holdExclusive(growth.disk)
        let table = try PartitionTable(device: growth.disk, writable: true)
        guard let entry = table.entry(growth.number), entry.start == growth.start, entry.sectors == growth.oldSectors else {
            throw DiskError("\(growth.disk): partition \(growth.number) changed since it was planned; not touched")
        }
        try table.resize(growth.number, sectors: growth.newSectors)
        let name = String(growth.partition.split(separator: "/").last ?? "")
        guard let disk = SysfsBlock.byPath(growth.disk) else { throw DiskError("\(growth.disk): not a block device") }
        try disk.announcePartition(growth.number, start: growth.start * growth.sectorSize, length: growth.newSize)
        guard SysfsBlock(name: name).waitForSize(growth.newSize, milliseconds: 5000) else {
            throw DiskError("\(growth.partition): the kernel does not show the new size after 5 s")
        }
    }

    /// Runs the resize tool; nil when the filesystem turns out to fill its device already
    /// (checked again here: an LVM volume's new size is known only now).
    static func resize(_ growth: FilesystemGrowth) throws -> String? {
        if let size = SysfsBlock.byPath(growth.device)?.size, let current = FilesystemSize.read(growth.device, type: growth.type),
           size <= current || size - current < FilesystemGrowth.slack {
            return nil
        }
        return try run(growth.command, missing: "the dracut module installs it when the build host has it): \(growth.device) not resized")
    }

    /// `pvresize`, then `lvextend`, through the `lvm` program.
    static func extend(_ growth: LogicalVolumeGrowth) throws -> String {
        var said: [String] = []
        for command in growth.commands {
            let output = try run((Programs.lvm, command), missing: "the dracut lvm module carries it): \(growth.physicalVolume) grew, the volume \(growth.logicalVolume) did not")
            said += output.split(separator: "\n").map { String($0).trimmingWhitespace() }
        }
        return growth.description + ": " + said.joined(separator: "; ")
    }

    /// A new partition table (or a wiped one), announced to the kernel and waited for.
    static func partition(_ partitioning: DiskPartitioning) throws -> String {
        let disk = partitioning.disk
        guard let block = SysfsBlock.byPath(disk) else { throw DiskError("\(disk): not a block device") }
        try DiskLock.holdExclusive(disk)
        if partitioning.remove {
            try block.zeroEnds(bytes: 1 << 20)  // the MBR and both GPT copies, as cloud-init wipes them
            try block.announceTable([], sectorSize: 512, milliseconds: 5000)
            return "wiped the partition table of \(disk)"
        }
        let entries = try PartitionTable.create(device: disk, label: partitioning.label, partitions: partitioning.partitions)
        let sectorSize = try PartitionTable(device: disk).sectorSize
        try block.announceTable(entries, sectorSize: sectorSize, milliseconds: 5000)
        return "\(partitioning.description): " + entries.map { "\($0.number): \($0.start)+\($0.sectors)" }.joined(separator: ", ")
    }

    /// Ignition's partitions: the table edited if it is still as planned, announced, waited for.
    static func edit(_ partitioning: IgnitionPartitioning) throws -> String {
        let disk = partitioning.disk
        guard let block = SysfsBlock.byPath(disk) else { throw DiskError("\(disk): not a block device") }
        try DiskLock.holdExclusive(disk)
        let now = try PartitionTable(device: disk)
        guard now.entries == partitioning.before else { throw DiskError("\(disk): the partition table changed since it was planned; not touched") }
        let entries = try PartitionTable.edit(device: disk, newTable: partitioning.newTable, deletions: partitioning.deletions,
                                              resizes: partitioning.resizes.map { ($0.number, $0.sectors) }, additions: partitioning.additions)
        try block.announceTable(entries, sectorSize: now.sectorSize, milliseconds: 5000)
        return "\(partitioning.description): " + entries.map { "\($0.number): \($0.start)+\($0.sectors)" + ($0.name.map { " \($0)" } ?? "") }.joined(separator: ", ")
    }

    /// The filesystem fs_setup planned, on the device it chose — if the device still holds what
    /// it held when planned (nothing, for a partition disk_setup made in this run). The whole
    /// disk stays locked while the filesystem is written (`DiskLock`).
    static func make(_ creation: FilesystemCreation) throws -> (changed: Bool, message: String) {
        let prefix = "fs_setup[\(creation.entry.index)]"
        let now = FilesystemCreation.liveProbe(creation.path)
        guard now == creation.expected else {
            return (false, "\(prefix): \(creation.path) holds \(now), not \(creation.expected) as when planned: left alone")
        }
        if let whole = SysfsBlock.byPath(creation.path).map({ $0.disk ?? $0 }) { try DiskLock.holdExclusive(whole.node) }
        let command = creation.command
        _ = try run(command, missing: "the dracut module installs mkfs tools the build host has): \(prefix) not made")
        return (true, "\(prefix): \(command.program) \(command.arguments.joined(separator: " "))")
    }

    /// Runs a program found on PATH; its output. A missing program or a non-zero exit throws.
    private static func run(_ command: (program: String, arguments: [String]), missing: String) throws -> String {
        guard let program = Subprocess.find(command.program) else {
            throw DiskError("\(command.program) is not installed (\(missing)")
        }
        let result = try Subprocess.run(program, command.arguments)
        guard result.status == 0 else {
            throw DiskError("\(command.program) \(command.arguments.joined(separator: " ")) exited with \(result.status): \(result.output.split(separator: "\n").joined(separator: "; "))")
        }
        return result.output
    }
}
