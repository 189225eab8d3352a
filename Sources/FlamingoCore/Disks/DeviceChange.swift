/// A change to a block device rather than to the sysroot's files: planned like the rest (so a
/// dry run prints it), applied by the one applier.
public enum DeviceChange: Sendable, Equatable, CustomStringConvertible {
    case growPartition(PartitionGrowth)
    case resizeFilesystem(FilesystemGrowth)

    public var device: String {
        switch self {
        case .growPartition(let growth): return growth.partition
        case .resizeFilesystem(let growth): return growth.device
        }
    }

    public var description: String {
        switch self {
        case .growPartition(let growth): return growth.description
        case .resizeFilesystem(let growth): return growth.description
        }
    }

    /// Carries the change out; returns what the tool said, if anything.
    public func apply() throws -> String? {
        switch self {
        case .growPartition(let growth):
            try growth.apply()
            return nil
        case .resizeFilesystem(let growth):
            return try growth.apply()
        }
    }
}
