/// Hetzner Cloud's metadata service: `/hetzner/v1/metadata` (YAML: `instance-id`, `hostname`,
/// `public-keys`, `network-config`, `vendor_data`) and `/hetzner/v1/userdata`, as cloud-init's
/// `Hetzner` datasource reads them. Recognised by the DMI system vendor.
public enum Hetzner: MetadataService {
    public static let name = "Hetzner"
    public static let identifiedBy = "DMI system vendor Hetzner"

    public static func identifies(_ machine: MachineIdentity) -> Bool { machine.sysVendor == "Hetzner" }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService.appending("/hetzner/v1/") }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        guard let metaData = try client.get("metadata") else {
            throw Diagnostic(.error, file: client.base.appending("metadata").description, mark: nil, "not found: the service gives no metadata")
        }
        let document = try Document.parse(metaData, as: .yaml)
        var instance = InstanceData(datasource: name, source: client.base.description)
        var reader = DocumentReader(document: document)
        if let pairs = reader.mapping(document.root, at: KeyPath()) {
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                let path = KeyPath([.key(key)])
                switch key {
                case "instance-id": instance.instanceID = reader.string(pair.value, at: path)
                case "hostname": instance.localHostname = reader.string(pair.value, at: path)
                case "public-keys": instance.publicKeys = PublicKeys.read(pair.value, at: path, reader: &reader)
                case "network-config":
                    // Hetzner gives a network config v1 inside the metadata: rendered as a drive's would be.
                    instance.networkConfig = RawInput(file: metaData.file + " (network-config, as JSON)", bytes: JSONValue(pair.value).bytes())
                case "vendor_data":
                    if let text = reader.string(pair.value, at: path) { instance.vendorData = RawInput(file: metaData.file + " (vendor_data)", bytes: Array(text.utf8)) }
                default: break
                }
            }
        }
        if instance.instanceID == nil {
            reader.error(document.root, KeyPath([.key("instance-id")]), "required key missing: the metadata must give an instance-id")
        }
        instance.userData = try client.get("userdata", limit: DriveContents.fileLimit)
        return DatasourceReading(instance: instance, diagnostics: reader.diagnostics)
    }
}
