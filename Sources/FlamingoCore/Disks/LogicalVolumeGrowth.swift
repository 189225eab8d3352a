/// Growing a root on LVM after its partition grew: `pvresize` makes the physical volume fill the
/// partition, `lvextend -l +100%FREE` gives the volume group's free extents to the logical
/// volume (resize_rootfs then grows the filesystem). Through the `lvm` program the dracut lvm
/// module puts into the initramfs.
public struct LogicalVolumeGrowth: Sendable, Equatable, CustomStringConvertible {
    public var physicalVolume: String
    public var logicalVolume: String

    public var description: String { "extend the LVM volume \(logicalVolume) over the grown physical volume \(physicalVolume)" }

    public var commands: [[String]] {
        [["pvresize", physicalVolume], ["lvextend", "-l", "+100%FREE", logicalVolume]]
    }
}
