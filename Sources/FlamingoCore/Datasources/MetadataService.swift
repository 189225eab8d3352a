/// A cloud's metadata service over HTTP: what says the machine is on that cloud (from
/// `MachineIdentity`, no network needed), where the service is, and how its answers become
/// `InstanceData` — the same model a drive gives, so every module downstream works unchanged.
///
/// To add a cloud: a new file with a type conforming to this protocol, and one line in
/// `DatasourceRegistry.services`.
public protocol MetadataService: Sendable {
    /// The name in messages, in the result record and in `flamingo.datasource=` (cloud-init's: `Ec2`).
    static var name: String { get }
    /// How it is recognised, in words (docs/datasources.md, the debug log).
    static var identifiedBy: String { get }
    /// Whether `machine` is on this cloud (ds-identify's rule for it).
    static func identifies(_ machine: MachineIdentity) -> Bool
    /// The service's base URL on `machine`; throws when it cannot be told (a `ds=` without `s=`).
    static func endpoint(_ machine: MachineIdentity) throws -> HTTPURL
    /// Reads the service. Throws when nothing usable can be read (no instance id, the service
    /// down or refusing); problems with single values come back as diagnostics.
    static func read(_ client: MetadataClient, machine: MachineIdentity) throws -> DatasourceReading
}

/// The link-local address most clouds serve their metadata on.
public let linkLocalMetadataService = HTTPURL(host: "169.254.169.254")
