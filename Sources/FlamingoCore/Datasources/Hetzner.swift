/// Hetzner Cloud's metadata service: `/hetzner/v1/metadata` (YAML: `instance-id`, `hostname`,
/// `public-keys`, `network-config`, `vendor_data`) and `/hetzner/v1/userdata` (decoded when it is
/// base64), as cloud-init's `Hetzner` datasource reads them. Recognised by the DMI system vendor.
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
        // instance-id, hostname and public-keys are NoCloud's keys, read by NoCloud's reader.
        let diagnostics = NoCloud.decodeMetaData(document, into: &instance, describedAs: "Hetzner metadata")
        if let network = document.root["network-config"], !network.isNull {
            // A network config v1 inside the metadata: rendered as a drive's would be.
            instance.networkConfig = RawInput(file: metaData.file + " (network-config, as JSON)", bytes: JSONValue(network).bytes())
        }
        if let vendor = document.root["vendor_data"]?.scalar?.text {
            instance.vendorData = RawInput(file: metaData.file + " (vendor_data)", bytes: Array(vendor.utf8))
        }
        // Base64 when it is (Hetzner's API carries text only), else as it is: cloud-init's maybe_b64decode.
        instance.userData = try client.get("userdata", limit: DriveContents.fileLimit).map { raw in
            Base64.decodeStrictly(raw.bytes).map { RawInput(file: raw.file + " (base64)", bytes: $0) } ?? raw
        }
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }
}
