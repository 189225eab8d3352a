/// Turns the network model into the files one network stack reads. A renderer only computes
/// files; the sysroot layer writes them.
///
/// To add one: a new file here with a type conforming to this protocol, and one line in
/// `NetworkRendererRegistry.all`.
public protocol NetworkRenderer: Sendable {
    /// The name `--renderer` takes (`nm`).
    static var name: String { get }
    /// Every file this renderer owns for `config`, with contents, modes and owners.
    static func render(_ config: NetworkConfig) -> [FileWrite]
    /// Why the sysroot uses this network stack (`the sysroot has NetworkManager`), or nil.
    static func isUsed(by sysroot: SysrootView) -> String?
}

public enum NetworkRendererRegistry {
    /// In the order a sysroot is asked which stack it uses (`RendererDetection`): the first that
    /// says yes renders.
    public static let all: [any NetworkRenderer.Type] = [
        NetworkManagerKeyfiles.self,  // first: present means in charge (RHEL 9+, Fedora), even beside older stacks' files
        SystemdNetworkd.self,         // only when enabled: installed but disabled is no stack
        SysconfigIfcfg.self,          // CentOS 7, Atomic Host: network-scripts and an ifup
        InterfacesFile.self,          // last: /etc/network/interfaces lingers on many images; needs ifupdown's ifup too
    ]

    public static func named(_ name: String) -> (any NetworkRenderer.Type)? { all.first { $0.name == name } }
}

/// A stable, name-based UUID (RFC 9562 version 8: custom), so that a re-render gives every
/// connection the UUID it had before: two 64-bit FNV-1a hashes of the seed.
public enum StableUUID {
    public static func make(_ seed: String) -> String {
        let bytes = bytes(seed)
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let chars = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// The same UUID as 16 bytes.
    public static func bytes(_ seed: String) -> [UInt8] {
        func fnv(_ offset: UInt64) -> UInt64 {
            var hash = offset
            for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
            return hash
        }
        var bytes = withUnsafeBytes(of: fnv(0xcbf29ce484222325).bigEndian, Array.init) + withUnsafeBytes(of: fnv(0x84222325cbf29ce4).bigEndian, Array.init)
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return bytes
    }
}
