/// An IPv4 address as the socket calls take it (network byte order), read from and written as
/// dotted quads. The network model keeps addresses as text (`Network/IPAddress`); this is for
/// what flamingo itself connects to and configures in the initramfs.
public struct IPv4Address: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The four bytes, most significant first (`169.254.169.254` is [169, 254, 169, 254]).
    public let octets: [UInt8]

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { octets = [a, b, c, d] }

    public init?(octets: some Collection<UInt8>) {
        guard octets.count == 4 else { return nil }
        self.octets = Array(octets)
    }

    /// `169.254.169.254`; nil for anything else (no shorthand forms, no leading zeros).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first != "0", let value = UInt8(part) else { return nil }
            octets.append(value)
        }
        self.octets = octets
    }

    /// The netmask of a prefix length (24 → 255.255.255.0).
    public init(netmaskOfPrefix prefix: Int) {
        let bits: UInt32 = prefix <= 0 ? 0 : (prefix >= 32 ? .max : ~(UInt32.max >> UInt32(prefix)))
        self.init(hostOrder: bits)
    }

    public init(hostOrder value: UInt32) {
        octets = [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }

    public static let any = IPv4Address(0, 0, 0, 0)
    public static let broadcast = IPv4Address(255, 255, 255, 255)

    public var hostOrder: UInt32 { octets.reduce(0) { $0 << 8 | UInt32($1) } }
    /// As `sin_addr.s_addr` holds it.
    var networkOrder: UInt32 { hostOrder.bigEndian }

    /// The prefix length of a netmask (255.255.255.0 → 24); nil when the bits are not contiguous.
    public var prefixLength: Int? {
        let value = hostOrder
        let ones = value.nonzeroBitCount
        return IPv4Address(netmaskOfPrefix: ones).hostOrder == value ? ones : nil
    }

    /// 169.254.0.0/16.
    public var isLinkLocal: Bool { octets[0] == 169 && octets[1] == 254 }

    public var description: String { octets.map(String.init).joined(separator: ".") }
}
