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

    public func apply() throws -> String {
        guard let lvm = Subprocess.find("lvm") else {
            throw DiskError("lvm is not installed (the dracut lvm module carries it): \(physicalVolume) grew, the volume \(logicalVolume) did not")
        }
        var said: [String] = []
        for command in commands {
            let result = try Subprocess.run(lvm, command)
            guard result.status == 0 else {
                throw DiskError("lvm \(command.joined(separator: " ")) exited with \(result.status): \(result.output.split(separator: "\n").joined(separator: "; "))")
            }
            said += result.output.split(separator: "\n").map { String($0).trimmingWhitespace() }
        }
        return description + ": " + said.joined(separator: "; ")
    }
}
