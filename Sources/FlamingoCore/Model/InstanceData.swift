/// What a datasource found, independent of where it came from: the typed model every later
/// step reads. Parts a later step interprets (user-data, vendor-data, network config) are kept raw.
public struct InstanceData: Sendable {
    /// The datasource's name (`NoCloud`, `ConfigDrive`).
    public var datasource: String
    /// The device or seed directory it was read from.
    public var source: String
    /// Surrounding whitespace is not part of the id (`"i-1 "` is `i-1`, as its mark reads back);
    /// a blank id is none.
    public var instanceID: String? {
        didSet { instanceID = instanceID.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 } }
    }
    /// The host name as the metadata gives it; may be a fully qualified name.
    public var localHostname: String?
    /// SSH public keys from the metadata, in order, without duplicates.
    public var publicKeys: [String] = []
    public var userData: RawInput?
    public var vendorData: RawInput?
    /// NoCloud `network-config` or OpenStack `network_data.json`, as found.
    public var networkConfig: RawInput?

    public init(datasource: String, source: String) {
        self.datasource = datasource
        self.source = source
    }
}
