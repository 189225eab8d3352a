/// A change to a block device rather than to the sysroot's files: planned like the rest (so a
/// dry run prints it), carried out in one place (`Apply/DeviceChanges`).
public enum DeviceChange: Sendable, Equatable, CustomStringConvertible {
    case growPartition(PartitionGrowth)
    case resizeFilesystem(FilesystemGrowth)
    case partitionDisk(DiskPartitioning)
    /// Ignition's `storage.disks`: a GPT table edited (partitions added, deleted, resized).
    case editPartitions(IgnitionPartitioning)
    case makeFilesystem(FilesystemCreation)
    case extendLogicalVolume(LogicalVolumeGrowth)

    public var device: String {
        switch self {
        case .growPartition(let growth): return growth.partition
        case .resizeFilesystem(let growth): return growth.device
        case .partitionDisk(let partitioning): return partitioning.disk
        case .editPartitions(let partitioning): return partitioning.disk
        case .makeFilesystem(let creation): return creation.path
        case .extendLogicalVolume(let growth): return growth.logicalVolume
        }
    }

    public var description: String {
        switch self {
        case .growPartition(let growth): return growth.description
        case .resizeFilesystem(let growth): return growth.description
        case .partitionDisk(let partitioning): return partitioning.description
        case .editPartitions(let partitioning): return partitioning.description
        case .makeFilesystem(let creation): return creation.description
        case .extendLogicalVolume(let growth): return growth.description
        }
    }
}
