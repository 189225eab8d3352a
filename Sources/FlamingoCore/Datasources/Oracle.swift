/// Oracle Cloud Infrastructure's instance metadata service, as cloud-init's `Oracle` datasource
/// reads it: `/opc/v2/instance/` with `Authorization: Bearer Oracle` (a fixed value Oracle
/// documents, no secret), else the legacy `/opc/v1/instance/` without it. From that JSON: `id`,
/// `hostname`, `metadata.user_data` (base64) and `metadata.ssh_authorized_keys`; from
/// `/opc/vN/vnics/`, the primary VNIC becomes DHCP on the NIC with its MAC (MTU 9000, as cloud-init
/// writes it). Recognised by the chassis asset tag Oracle gives every instance.
public enum Oracle: MetadataService {
    public static let name = "Oracle"
    public static let identifiedBy = "DMI chassis asset tag OracleCloud.com"

    /// OCI's network runs jumbo frames; cloud-init sets this MTU on the VNICs it configures.
    static let mtu = 9000

    public static func identifies(_ machine: MachineIdentity) -> Bool { machine.chassisAssetTag == "OracleCloud.com" }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL { linkLocalMetadataService.appending("/opc/") }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        var version = "v2"
        client.headers = [("Authorization", "Bearer Oracle")]
        var answer = try client.exchange("GET", "v2/instance/", extraHeaders: [])
        if answer.status != 200 {
            // cloud-init falls back to v1 on any failure of v2 (an older service, v2 turned off).
            version = "v1"
            client.headers = []
            answer = try client.exchange("GET", "v1/instance/", extraHeaders: [])
        }
        let instanceURL = client.base.appending("\(version)/instance/").description
        guard answer.status == 200 else {
            throw Diagnostic(.error, file: instanceURL, mark: nil, "\(answer.status) \(answer.reason): the service gives no instance data")
        }
        let document = try Document.parse(RawInput(file: instanceURL, bytes: answer.body), as: .json)
        guard document.root.mapping != nil else {
            throw Diagnostic(.error, file: instanceURL, mark: nil, "expected a JSON object, found \(document.root.kindDescription)")
        }
        var instance = InstanceData(datasource: name, source: client.base.description)
        var reader = DocumentReader(document: document)
        instance.instanceID = document.root["id"].flatMap { reader.string($0, at: KeyPath([.key("id")])) }
        if instance.instanceID == nil {
            reader.error(document.root, KeyPath([.key("id")]), "required key missing: the instance data must give an id")
        }
        instance.localHostname = document.root["hostname"].flatMap { reader.string($0, at: KeyPath([.key("hostname")])) }
        if let metadata = document.root["metadata"], reader.mapping(metadata, at: KeyPath([.key("metadata")])) != nil {
            let at = KeyPath([.key("metadata")])
            if let keys = metadata["ssh_authorized_keys"] {
                instance.publicKeys = PublicKeys.read(keys, at: at.appending("ssh_authorized_keys"), reader: &reader)
            }
            if let node = metadata["user_data"], let text = reader.string(node, at: at.appending("user_data")), !text.isEmpty {
                if let bytes = Base64.decode(text) {
                    instance.userData = RawInput(file: instanceURL + " (metadata.user_data, base64)", bytes: bytes)
                } else {
                    reader.error(node, at.appending("user_data"), "not base64: Oracle's user_data is always base64")
                }
            }
        }
        var diagnostics = reader.diagnostics
        do {
            instance.networkConfig = try primaryVNIC(client, version: version, interfaces: machine.interfaces, diagnostics: &diagnostics)
        } catch let diagnostic as Diagnostic {
            // cloud-init logs a failed VNIC reading and falls back to DHCP on the first NIC.
            diagnostics.append(Diagnostic(.warning, file: diagnostic.file, mark: diagnostic.mark, diagnostic.message + "; no network description from the service"))
        }
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }

    /// The first VNIC `vnics/` lists, as cloud-init's `_add_network_config_from_opc_imds` makes
    /// the primary one: DHCP on the NIC with its MAC, named as the kernel names it, MTU 9000.
    /// nil when the service lists none or no NIC has its MAC (then the network module's DHCP
    /// fallback applies).
    static func primaryVNIC(_ client: MetadataClient, version: String, interfaces: [NetworkLink],
                            diagnostics: inout [Diagnostic]) throws -> RawInput? {
        guard let vnics = try client.get("\(version)/vnics/") else { return nil }
        let document = try Document.parse(vnics, as: .json)
        var reader = DocumentReader(document: document)
        defer { diagnostics += reader.diagnostics }
        guard let items = document.root.sequence else {
            reader.error(document.root, KeyPath(), "expected a list of VNICs, found \(document.root.kindDescription)")
            return nil
        }
        guard let first = items.first, let macNode = first["macAddr"], let mac = reader.string(macNode, at: KeyPath([.index(0), .key("macAddr")])) else { return nil }
        guard let interface = interfaces.first(where: { $0.mac == mac.lowercased() }) else {
            reader.warning(macNode, KeyPath([.index(0), .key("macAddr")]), "no NIC of this machine has the primary VNIC's MAC \(mac); not configured")
            return nil
        }
        let config = JSONValue.object([
            ("version", .number(1)),
            ("config", .array([.object([
                ("name", .string(interface.name)),
                ("type", .string("physical")),
                ("mac_address", .string(interface.mac)),
                ("mtu", .number(Double(mtu))),
                ("subnets", .array([.object([("type", .string("dhcp"))])])),
            ])])),
        ])
        return RawInput(file: vnics.file + " (as network config v1)", bytes: config.bytes())
    }
}
