/// A change to a block device rather than to the sysroot's files: planned like the rest (so a
/// dry run prints it), applied by the one applier.
public enum DeviceChange: Sendable, Equatable, CustomStringConvertible {
    case growPartition(PartitionGrowth)
    case resizeFilesystem(FilesystemGrowth)
    case partitionDisk(DiskPartitioning)
    case makeFilesystem(FilesystemCreation)
    case extendLogicalVolume(LogicalVolumeGrowth)

    public var device: String {
        switch self {
        case .growPartition(let growth): return growth.partition
        case .resizeFilesystem(let growth): return growth.device
        case .partitionDisk(let partitioning): return partitioning.disk
        case .makeFilesystem(let creation): return creation.device
        case .extendLogicalVolume(let growth): return growth.logicalVolume
        }
    }

    public var description: String {
        switch self {
        case .growPartition(let growth): return growth.description
        case .resizeFilesystem(let growth): return growth.description
        case .partitionDisk(let partitioning): return partitioning.description
        case .makeFilesystem(let creation): return creation.description
        case .extendLogicalVolume(let growth): return growth.description
        }
    }

    /// Carries the change out. `changed` false: nothing needed doing after all (fs_setup found
    /// its filesystem); the message says what happened.
    public func apply() throws -> (changed: Bool, message: String) {
        switch self {
        case .growPartition(let growth):
            try growth.apply()
            return (true, growth.description)
        case .resizeFilesystem(let growth):
            guard let output = try growth.apply() else { return (false, "the \(growth.type) filesystem on \(growth.device) already fills it") }
            return (true, growth.description + (output.isEmpty ? "" : "\n" + output.trimmingWhitespace()))
        case .extendLogicalVolume(let growth):
            return (true, try growth.apply())
        case .partitionDisk(let partitioning):
            return (true, try partitioning.apply())
        case .makeFilesystem(let creation):
            switch try creation.apply() {
            case .made(let command): return (true, "fs_setup[\(creation.entry.index)]: \(command)")
            case .skipped(let why): return (false, "fs_setup[\(creation.entry.index)]: \(why)")
            }
        }
    }
}
