/// What a block device holds, as far as deciding whether it may be partitioned or formatted:
/// libblkid's superblock and partition-table probes together. Any signature, any partition
/// table (even one without partitions), and libblkid's "ambivalent" (several signatures, so
/// which one is real cannot be told) all mean "not empty": only `overwrite: true` replaces it.
public struct DeviceContents: Sendable, Equatable, CustomStringConvertible {
    /// The filesystem (or other superblock: swap, LVM, RAID member) found, when exactly one was.
    public var filesystem: FilesystemIdentity?
    /// `gpt`, `dos`, … when a partition table is on the device.
    public var partitionTable: String?
    /// Several superblock signatures at once.
    public var ambivalent = false

    public init(filesystem: FilesystemIdentity? = nil, partitionTable: String? = nil, ambivalent: Bool = false) {
        self.filesystem = filesystem
        self.partitionTable = partitionTable
        self.ambivalent = ambivalent
    }

    /// The filesystem's type when it is all there is (no partition table, no other signature).
    public var single: String? { partitionTable == nil && !ambivalent ? filesystem?.type : nil }

    public var isEmpty: Bool { filesystem?.type == nil && partitionTable == nil && !ambivalent }

    public var description: String {
        var parts: [String] = []
        if let type = filesystem?.type { parts.append(type + (filesystem?.label.map { " \"\($0)\"" } ?? "")) }
        if let partitionTable { parts.append("a \(partitionTable) partition table") }
        if ambivalent { parts.append("several filesystem signatures (libblkid cannot tell which is real)") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: " and ")
    }
}
