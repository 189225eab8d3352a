/// A file read from a datasource, kept as bytes with the name it has in messages
/// (`/dev/sr0:openstack/latest/user_data`).
public struct RawInput: Sendable {
    public var file: String
    public var bytes: [UInt8]
    public init(file: String, bytes: [UInt8]) { self.file = file; self.bytes = bytes }
}
