/// OpenStack ConfigDrive v2: a drive labelled `config-2` holding `openstack/<version>/` trees.
/// The newest version this code knows that the drive has is read, else `openstack/latest`, as
/// cloud-init does; a version newer than any known is reached through `latest`.
public enum ConfigDrive: Datasource {
    public static let name = "ConfigDrive"
    public static let labels = ["config-2", "CONFIG-2"]
    public static let layout = "openstack/<version>/meta_data.json"

    /// The metadata versions cloud-init knows, oldest first (Folsom … Rocky).
    public static let knownVersions = [
        "2012-08-10", "2013-04-04", "2013-10-17", "2015-10-15",
        "2016-06-30", "2016-10-06", "2017-02-22", "2018-08-27",
    ]

    public static func detect(_ drive: DriveContents) throws -> Bool {
        try versionDirectory(drive) != nil
    }

    /// `openstack/<version>` for the newest known version with a meta_data.json, else `openstack/latest`.
    static func versionDirectory(_ drive: DriveContents) throws -> String? {
        let present = Set(try drive.list("openstack"))
        for version in knownVersions.reversed() + ["latest"] where present.contains(version) {
            let directory = "openstack/\(version)"
            if try drive.exists("\(directory)/meta_data.json") { return directory }
        }
        return nil
    }

    public static func read(_ drive: DriveContents) throws -> DatasourceReading {
        guard let directory = try versionDirectory(drive),
              let metaData = try drive.read("\(directory)/meta_data.json") else {
            throw Diagnostic(.error, file: drive.describe("openstack"), mark: nil, "no openstack/<version>/meta_data.json")
        }
        let document = try Document.parse(metaData, as: .json)
        var instance = InstanceData(datasource: name, source: drive.name)
        let diagnostics = decodeMetaData(document, into: &instance)
        instance.userData = try drive.read("\(directory)/user_data")
        instance.vendorData = try drive.read("\(directory)/vendor_data.json")
        instance.vendorData2 = try drive.read("\(directory)/vendor_data2.json")
        instance.networkConfig = try drive.read("\(directory)/network_data.json")
        return DatasourceReading(instance: instance, diagnostics: diagnostics)
    }

    /// The meta_data.json keys flamingo uses; also what `flamingo validate --meta-data` checks.
    public static func decodeMetaData(_ document: Document, into instance: inout InstanceData) -> [Diagnostic] {
        var reader = DocumentReader(document: document)
        if let pairs = reader.mapping(document.root, at: KeyPath()) {
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                let path = KeyPath([.key(key)])
                switch key {
                case "uuid": instance.instanceID = reader.string(pair.value, at: path)
                case "hostname": instance.localHostname = reader.string(pair.value, at: path)
                case "public_keys":
                    if pair.value.mapping == nil && !pair.value.isNull {
                        reader.error(pair.value, path, "expected a mapping from key names to keys, found \(pair.value.kindDescription)")
                    } else {
                        instance.publicKeys = PublicKeys.read(pair.value, at: path, reader: &reader)
                    }
                default:
                    break  // availability_zone, files, meta, …: not used by flamingo
                }
            }
        } else if document.root.mapping == nil && document.root.isNull {
            reader.error(document.root, KeyPath(), "expected a JSON object, found null")
        }
        if instance.instanceID == nil {
            reader.error(document.root, KeyPath([.key("uuid")]), "required key missing: meta_data.json must give a uuid")
        }
        return reader.diagnostics
    }
}
