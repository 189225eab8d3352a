/// A block device the kernel lists in /sys/class/block, with what can be known without opening it.
public struct BlockDevice: Equatable, Sendable {
    public var name: String
    /// The device node, `/dev/<name>` (a `!` in a sysfs name stands for `/`).
    public var node: String
    /// `major:minor`.
    public var number: String
    public var sectors: UInt64

    /// Identifies one state of the device: a medium inserted, a loop file attached or a disk
    /// resized gives a new key, so the device is probed again; an unchanged device is not.
    var probeKey: String { "\(name) \(number) \(sectors)" }
}

/// Lists the block devices that can carry a config drive, reading only sysfs (no I/O to devices).
public enum BlockDeviceScan {
    /// Never a config drive, and slow or noisy to probe: floppies (an empty drive costs ~0.3 s of
    /// I/O errors per probe), RAM disks, compressed swap, raw flash.
    static let excludedPrefixes = ["fd", "ram", "zram", "mtdblock"]

    public static func devices(sysfs: String = "/sys/class/block") -> [BlockDevice] {
        guard let directory = try? FileDescriptor.open(sysfs, .directory) else { return [] }
        var devices: [BlockDevice] = []
        for name in DirectoryListing.names(directory) {
            if name.hasPrefix(".") || excludedPrefixes.contains(where: name.hasPrefix) { continue }
            guard let sizeText = readSmallFile("\(sysfs)/\(name)/size"),
                  let sectors = UInt64(sizeText), sectors > 0,
                  let number = readSmallFile("\(sysfs)/\(name)/dev") else { continue }
            let node = "/dev/" + String(name.map { $0 == "!" ? "/" : $0 })
            guard let status = FileStatus.of(node), status.isBlockDevice else { continue }
            devices.append(BlockDevice(name: name, node: node, number: number, sectors: sectors))
        }
        return devices
    }

    static func readSmallFile(_ path: String) -> String? { FileSystem.readSmallFile(path) }
}
