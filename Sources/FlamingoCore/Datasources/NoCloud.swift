/// cloud-init's NoCloud layout: `meta-data` (YAML), `user-data`, and optionally `vendor-data`
/// and `network-config` at the top of a drive labelled `cidata`, or in a seed directory.
public enum NoCloud: Datasource {
    public static let name = "NoCloud"
    public static let labels = ["cidata", "CIDATA"]
    public static let layout = "meta-data"

    public static func detect(_ drive: DriveContents) throws -> Bool {
        try drive.exists("meta-data")
    }

    public static func read(_ drive: DriveContents) throws -> DatasourceReading {
        guard let metaData = try drive.read("meta-data") else {
            throw Diagnostic(.error, file: drive.describe("meta-data"), mark: nil, "no meta-data file")
        }
        let document = try Document.parse(metaData, as: .yaml)
        var instance = InstanceData(datasource: name, source: drive.name)
        let diagnostics = decodeMetaData(document, into: &instance)
        instance.userData = try drive.read("user-data")
        instance.vendorData = try drive.read("vendor-data")
        instance.networkConfig = try drive.read("network-config")
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }

    /// The meta-data keys flamingo uses; also what `flamingo validate --meta-data` checks.
    /// `describedAs` names the document in the missing-id message (Hetzner's metadata has NoCloud's keys).
    public static func decodeMetaData(_ document: Document, into instance: inout InstanceData,
                                      describedAs: String = "NoCloud meta-data") -> [Diagnostic] {
        var reader = DocumentReader(document: document)

        if let pairs = reader.mapping(document.root, at: KeyPath()) {
            let path = KeyPath()
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                switch key {
                case "instance-id": instance.instanceID = reader.string(pair.value, at: path.appending(key))
                case "local-hostname": instance.localHostname = reader.string(pair.value, at: path.appending(key))
                case "hostname":
                    // Older seeds name it `hostname`; `local-hostname` wins when both are given.
                    if document.root["local-hostname"] == nil {
                        instance.localHostname = reader.string(pair.value, at: path.appending(key))
                    }
                case "public-keys":
                    instance.publicKeys = PublicKeys.read(pair.value, at: path.appending(key), reader: &reader)
                default:
                    break  // meta-data carries datasource-specific keys; ignoring them is not an error
                }
            }
        }
        if instance.instanceID == nil {
            reader.error(document.root, KeyPath([.key("instance-id")]),
                         "required key missing: \(describedAs) must give an instance-id")
        }
        return reader.diagnostics
    }
}
