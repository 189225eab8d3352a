/// qemu's firmware configuration device (fw_cfg) as a source of user-data: the entry
/// `opt/com.coreos/config`, which is how Fedora CoreOS and Ignition's `qemu` platform take an
/// Ignition config (any user-data works: a `#cloud-config` too). Read only when no drive was
/// found, before any metadata service: it is local, like a drive. It carries no instance id:
/// the config's SHA-256 stands for one, so the same config applies once ("first boot") and a
/// changed one is a new instance (docs/ignition.md).
public enum QemuFirmwareConfig: FirmwareSource {
    public static let name = "QemuFwCfg"
    public static let defaultPath = FlamingoPaths.qemuFirmwareConfig

    /// The reading, or nil when the machine has no such entry.
    public static func read(path: String) throws -> DatasourceReading? {
        guard FileStatus.exists(path) else { return nil }
        let bytes = try FileDescriptor.open(path).readAll(limit: DriveContents.fileLimit, path: path)
        guard !bytes.isEmpty else { return nil }
        var instance = InstanceData(datasource: name, source: "fw_cfg opt/com.coreos/config")
        instance.userData = RawInput(file: "fw_cfg:opt/com.coreos/config", bytes: bytes)
        instance.instanceID = "fwcfg-" + String(SHA2.hex(SHA2.sha256(bytes)).prefix(16))
        return DatasourceReading(instance: instance, diagnostics: [])
    }
}
