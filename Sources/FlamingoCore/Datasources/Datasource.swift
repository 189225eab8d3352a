/// A source of instance data on a config drive. A datasource only reads: it turns the drive's
/// files into `InstanceData`; what to write from it is decided by the modules.
///
/// To add one: a new file with a type conforming to this protocol, and one line in
/// `DatasourceRegistry.all`.
public protocol Datasource: Sendable {
    /// The name in messages and in the result record (`NoCloud`).
    static var name: String { get }
    /// The filesystem labels a drive of this kind carries, matched exactly.
    static var labels: [String] { get }
    /// What `detect` looks for, in words (`meta-data`): said when no datasource recognises a drive.
    static var layout: String { get }
    /// Whether the drive holds this datasource's layout; throws when the drive cannot be read.
    static func detect(_ drive: DriveContents) throws -> Bool
    /// Reads the drive. Throws when nothing usable can be read (a missing or unparsable
    /// meta-data file); problems with single values come back as diagnostics.
    static func read(_ drive: DriveContents) throws -> DatasourceReading
}

public struct DatasourceReading: Sendable {
    public var instance: InstanceData
    public var diagnostics: [Diagnostic]
    public init(instance: InstanceData, diagnostics: [Diagnostic]) {
        self.instance = instance
        self.diagnostics = diagnostics
    }
}

/// A source on the machine itself that is neither a drive nor a network service: a firmware
/// interface such as qemu's fw_cfg. Read after the drives, before any metadata service.
public protocol FirmwareSource: Sendable {
    static var name: String { get }
    /// Where the data is (sysfs).
    static var defaultPath: String { get }
    /// The reading, or nil when the machine has no such entry.
    static func read(path: String) throws -> DatasourceReading?
}
