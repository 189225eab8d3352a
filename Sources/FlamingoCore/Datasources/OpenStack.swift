/// OpenStack's metadata service at 169.254.169.254 (the default where a cloud attaches no config
/// drive): the same `openstack/<version>/` files as the ConfigDrive, read by the same readers —
/// meta_data.json, user_data, network_data.json, vendor_data.json and vendor_data2.json.
/// Recognised as cloud-init's ds-identify does; a `config-2` drive, when there is one, is read
/// instead (drives are looked for first).
public enum OpenStack: MetadataService {
    public static let name = "OpenStack"
    public static let identifiedBy = "DMI product name or chassis asset tag OpenStack Nova or OpenStack Compute (asset tags also OpenTelekomCloud, SAP CCloud VM, HUAWEICLOUD)"

    static let productNames: Set = ["OpenStack Nova", "OpenStack Compute"]
    static let assetTags: Set = ["OpenStack Nova", "OpenStack Compute", "OpenTelekomCloud", "SAP CCloud VM", "HUAWEICLOUD"]

    public static func identifies(_ machine: MachineIdentity) -> Bool {
        productNames.contains(machine.productName) || assetTags.contains(machine.chassisAssetTag)
    }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        try readOpenStackTree(client, datasource: name)
    }

    /// The newest version the service lists that cloud-init knows (`ConfigDrive.knownVersions`),
    /// else `latest`; then the same files a config drive holds.
    static func readOpenStackTree(_ client: MetadataClient, datasource: String) throws -> DatasourceReading {
        let listed = Set((try client.text("/openstack/") ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace().trimmingSuffix("/") })
        let version = ConfigDrive.knownVersions.reversed().first(where: listed.contains) ?? "latest"
        let directory = "/openstack/\(version)/"
        guard let metaData = try client.get(directory + "meta_data.json") else {
            throw Diagnostic(.error, file: client.base.appending(directory + "meta_data.json").description, mark: nil,
                             "not found: the service gives no meta_data.json")
        }
        let document = try Document.parse(metaData, as: .json)
        var instance = InstanceData(datasource: datasource, source: client.base.description)
        let diagnostics = ConfigDrive.decodeMetaData(document, into: &instance)
        instance.userData = try client.get(directory + "user_data", limit: DriveContents.fileLimit)
        instance.vendorData = try client.get(directory + "vendor_data.json")
        instance.vendorData2 = try client.get(directory + "vendor_data2.json")
        instance.networkConfig = try client.get(directory + "network_data.json")
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }
}
