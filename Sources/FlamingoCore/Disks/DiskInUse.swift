/// Disks flamingo never partitions or formats, whatever the cloud-config says (`overwrite: true`
/// included): the disk holding anything mounted (the root above all), a disk a device-mapper or
/// md device is built on (LVM, RAID, LUKS), and the disk of the config drive this run read.
/// A disk is judged whole: a free partition beside the root's is left alone too.
public enum DiskInUse {
    /// Why the disk holding `device` must not be touched, or nil when nothing uses it.
    /// `configDrive` is the device the datasource was read from (nil for a seed directory).
    public static func reason(_ device: SysfsBlock, mounts: MountTable, configDrive: String?) -> String? {
        let disk = device.disk ?? device
        let members = [disk] + disk.partitions.sorted { $0.key < $1.key }.map(\.value)
        var mountedOn: [String: String] = [:]
        for mount in mounts.mounts {
            if let block = mounts.device(of: mount), mountedOn[block.name] == nil { mountedOn[block.name] = mount.mountPoint }
        }
        let drive = configDrive.flatMap(SysfsBlock.byPath)
        for member in members {
            if let point = mountedOn[member.name] { return "\(member.node) is mounted on \(point)" }
            let holders = member.holders
            if !holders.isEmpty { return "\(member.node) is in use by \(holders.map(\.name).joined(separator: ", "))" }
            if member.name == drive?.name { return "\(member.node) is the config drive this run read" }
        }
        return nil
    }
}
