/// cloud-init's NoCloud over the network: `ds=nocloud;s=http://HOST:PORT/PATH/` (or
/// `ds=nocloud-net;…`) on the kernel command line or in the DMI serial number. `meta-data`,
/// `user-data`, `vendor-data` and `network-config` are fetched from the seed URL (appended to it,
/// as cloud-init does: end it with `/`) and read as a NoCloud drive's; `h=`/`i=` in the argument
/// override the meta-data's host name and instance id.
public enum NoCloudNet: MetadataService {
    public static let name = "NoCloudNet"
    public static let identifiedBy = "ds=nocloud;s=http://… or ds=nocloud-net;s=… on the kernel command line or in the DMI serial number"

    public static func identifies(_ machine: MachineIdentity) -> Bool {
        guard let seed = machine.seed, ["nocloud", "nocloud-net"].contains(seed.datasource) else { return false }
        return seed.seedFrom?.lowercased().hasPrefix("http") == true
    }

    public static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL {
        guard let seedFrom = machine.seed?.seedFrom else {
            throw Diagnostic(.error, file: "ds=", mark: nil, "NoCloudNet needs a seed URL: ds=nocloud;s=http://HOST:PORT/PATH/")
        }
        do {
            return try HTTPURL(parsing: seedFrom)
        } catch {
            throw Diagnostic(.error, file: "ds=", mark: nil, "\(error)")
        }
    }

    public static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading {
        // Appended to the seed as written (cloud-init concatenates: `…/seed/` + `meta-data`).
        func file(_ name: String) -> String { client.base.path + name }
        guard let metaData = try client.get(file("meta-data")) else {
            throw Diagnostic(.error, file: client.base.description + "meta-data", mark: nil, "not found: the seed has no meta-data")
        }
        let document = try Document.parse(metaData, as: .yaml)
        var instance = InstanceData(datasource: name, source: client.base.description)
        var diagnostics = NoCloud.decodeMetaData(document, into: &instance)
        if let hostname = machine.seed?.localHostname { instance.localHostname = hostname }
        if let id = machine.seed?.instanceID {
            instance.instanceID = id
            diagnostics.removeAll { $0.keyPath == KeyPath([.key("instance-id")]) }
        }
        instance.userData = try client.get(file("user-data"), limit: DriveContents.fileLimit)
        instance.vendorData = try client.get(file("vendor-data"))
        instance.networkConfig = try client.get(file("network-config"))
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }
}
