/// The datasources flamingo knows, in cloud-init's default order (`datasource_list`): a drive is
/// read by the first whose layout it holds, and when several drives are attached, labels of an
/// earlier datasource win.
public enum DatasourceRegistry {
    public static let all: [any Datasource.Type] = [
        NoCloud.self,      // first in cloud-init's datasource_list: meta-data (+ user-data, …) at the top
        ConfigDrive.self,  // second there: an openstack/<version>/meta_data.json tree
    ]

    /// Every label any datasource claims, in registry order (`cidata`, `CIDATA`, `config-2`, `CONFIG-2`).
    public static var defaultLabels: [String] { all.flatMap { $0.labels } }

    /// Every layout a datasource recognises, in registry order: `meta-data, or openstack/…`.
    public static var layouts: String { all.map { $0.layout }.joined(separator: ", or ") }

    /// The datasource whose layout `drive` holds; throws when the drive cannot be read.
    public static func detect(_ drive: DriveContents) throws -> (any Datasource.Type)? {
        try all.first { try $0.detect(drive) }
    }
}
