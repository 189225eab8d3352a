/// The datasources flamingo knows, in cloud-init's default order (`datasource_list`): a drive is
/// read by the first whose layout it holds, and when several drives are attached, labels of an
/// earlier datasource win.
public enum DatasourceRegistry {
    public static let all: [any Datasource.Type] = [
        NoCloud.self,      // first in cloud-init's datasource_list: meta-data (+ user-data, …) at the top
        ConfigDrive.self,  // second there: an openstack/<version>/meta_data.json tree
    ]

    /// Sources on the machine itself, read when no drive was found, before any metadata service.
    public static let firmware: [any FirmwareSource.Type] = [
        QemuFirmwareConfig.self,  // qemu's fw_cfg: Ignition's qemu platform (local: no network wait)
    ]

    /// The clouds whose metadata service flamingo reads when no drive was found, in cloud-init's
    /// `datasource_list` order: the first that recognises the machine (`MachineIdentity`) is read.
    public static let services: [any MetadataService.Type] = [
        NoCloudNet.self,  // NoCloud comes first there; its network seed is named explicitly (ds=)
        GCE.self,         // before OpenStack in cloud-init's list
        OpenStack.self,   // after GCE there; only reached with no config-2 drive (drives are read first)
        Ec2.self,         // after OpenStack there
        Hetzner.self,     // after Ec2 there
        Oracle.self,      // after Hetzner there
    ]

    /// The service that recognises `machine`, or nil: then nothing waits on the network.
    public static func identify(_ machine: MachineIdentity) -> (any MetadataService.Type)? {
        services.first { $0.identifies(machine) }
    }

    /// The service `flamingo.datasource=NAME` names (any case).
    public static func service(named name: String) -> (any MetadataService.Type)? {
        services.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The drive datasource `flamingo.datasource=NAME` names (any case): drives with its labels.
    public static func drive(named name: String) -> (any Datasource.Type)? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// `NoCloudNet, GCE, …` for messages. (A closure, not `\.name`: a key path to a static
    /// member through these existential metatypes crashes Swift 6.3's SILGen.)
    public static var serviceNames: String { services.map { $0.name }.joined(separator: ", ") }

    /// Every label any datasource claims, in registry order (`cidata`, `CIDATA`, `config-2`, `CONFIG-2`).
    public static var defaultLabels: [String] { all.flatMap { $0.labels } }

    /// Every layout a datasource recognises, in registry order: `meta-data, or openstack/…`.
    public static var layouts: String { all.map { $0.layout }.joined(separator: ", or ") }

    /// The datasource whose layout `drive` holds; throws when the drive cannot be read.
    public static func detect(_ drive: DriveContents) throws -> (any Datasource.Type)? {
        try all.first { try $0.detect(drive) }
    }
}
