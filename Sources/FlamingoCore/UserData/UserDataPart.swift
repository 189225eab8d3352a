/// One piece of user-data (or vendor-data) after unpacking gzip and MIME: what it is, its bytes,
/// and how messages name it (`/dev/sr0:user-data`, `/dev/sr0:user-data part 2 (setup.sh)`).
public struct UserDataPart: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `#cloud-config` YAML.
        case cloudConfig
        /// A `#!` script, run once per instance unless its MIME type says otherwise.
        case script(Frequency)
        /// `#cloud-boothook`: a shell script run early on every boot.
        case boothook
    }

    public var kind: Kind
    public var name: String
    public var bytes: [UInt8]
    /// The file name MIME gave the part, if any (scripts keep it in the hand-off).
    public var filename: String?

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
