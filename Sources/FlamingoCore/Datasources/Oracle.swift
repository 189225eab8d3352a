/// Oracle Cloud Infrastructure, through its OpenStack-compatible metadata service
/// (`/openstack/latest/…` at 169.254.169.254): the same reader as OpenStack's. Recognised by the
/// chassis asset tag Oracle gives every instance, as cloud-init's ds-identify does.
public enum Oracle: MetadataService {
    public static let name = "Oracle"
    public static let identifiedBy = "DMI chassis asset tag OracleCloud.com"

    public static func identifies(_ machine: MachineIdentity) -> Bool { machine.chassisAssetTag == "OracleCloud.com" }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        try OpenStack.readOpenStackTree(client, datasource: name)
    }
}
