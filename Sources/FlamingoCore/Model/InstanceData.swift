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
    /// Keys the metadata gives for a named user (GCE's `user:key` lines): the default user's are
    /// installed with `publicKeys`, as cloud-init's GCE datasource does (`metadataKeys`).
    public var userPublicKeys: [UserPublicKey] = []
    public var userData: RawInput?
    public var vendorData: RawInput?
    /// OpenStack's `vendor_data2.json`: merged after `vendorData`, under user-data.
    public var vendorData2: RawInput?
    /// NoCloud `network-config` or OpenStack `network_data.json`, as found.
    public var networkConfig: RawInput?
    /// http:// data the user-data names (an Ignition config's sources), fetched while the
    /// metadata service's network was up: by URL, the bytes or why they could not be had.
    public var fetchedSources: [String: FetchedSource] = [:]

    public init(datasource: String, source: String) {
        self.datasource = datasource
        self.source = source
    }

    /// The metadata's keys for the default user (and root): `publicKeys`, then the keys given
    /// for that user by name.
    public func metadataKeys(defaultUser: String?) -> [String] {
        var keys = publicKeys
        for entry in userPublicKeys where entry.user == defaultUser && !keys.contains(entry.key) { keys.append(entry.key) }
        return keys
    }
}

/// A public key the metadata gives for one user.
public struct UserPublicKey: Sendable, Equatable {
    public var user: String
    public var key: String
    public init(user: String, key: String) { self.user = user; self.key = key }
}

/// One http:// source fetched during the metadata step.
public enum FetchedSource: Sendable {
    case bytes([UInt8])
    case failed(String)
}
