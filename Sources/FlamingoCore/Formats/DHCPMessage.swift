/// DHCPv4 messages (RFC 2131/2132) as the initramfs' client needs them: DISCOVER and REQUEST
/// built, OFFER, ACK and NAK read. Pure bytes; the sockets are the client's (`Connect/DHCPClient`).
public struct DHCPMessage: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case discover = 1, offer = 2, request = 3, decline = 4, ack = 5, nak = 6, release = 7 }

    public var kind: Kind
    public var transactionID: UInt32
    /// `aa:bb:…` as 6 bytes.
    public var hardwareAddress: [UInt8]
    /// yiaddr: the address offered or acknowledged.
    public var yourAddress = IPv4Address.any
    public var options: [UInt8: [UInt8]] = [:]

    public init(kind: Kind, transactionID: UInt32, hardwareAddress: [UInt8]) {
        self.kind = kind
        self.transactionID = transactionID
        self.hardwareAddress = hardwareAddress
    }

    static let magicCookie: [UInt8] = [99, 130, 83, 99]
    /// Subnet mask, router, DNS, host name, domain, MTU, broadcast, lease time, server id, classless routes.
    static let requestedOptions: [UInt8] = [1, 3, 6, 12, 15, 26, 28, 51, 54, 121]

    /// A DISCOVER; with `requesting` and `server`, the REQUEST that follows an OFFER. The
    /// broadcast flag is set: the client cannot receive unicast before it has the address.
    public static func build(_ kind: Kind, transactionID: UInt32, hardwareAddress: [UInt8],
                             requesting: IPv4Address? = nil, server: IPv4Address? = nil, secondsElapsed: UInt16 = 0) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 236)
        bytes[0] = 1  // BOOTREQUEST
        bytes[1] = 1  // Ethernet
        bytes[2] = 6
        for k in 0..<4 { bytes[4 + k] = UInt8((transactionID >> (24 - 8 * UInt32(k))) & 0xff) }
        bytes[8] = UInt8(secondsElapsed >> 8); bytes[9] = UInt8(secondsElapsed & 0xff)
        bytes[10] = 0x80  // broadcast flag
        for (k, byte) in hardwareAddress.prefix(16).enumerated() { bytes[28 + k] = byte }
        bytes += magicCookie
        bytes += [53, 1, kind.rawValue]
        bytes += [61, UInt8(hardwareAddress.count + 1), 1] + hardwareAddress  // client identifier: type 1 + MAC
        bytes += [57, 2, 0x05, 0xdc]  // maximum message size 1500
        if let requesting { bytes += [50, 4] + requesting.octets }
        if let server { bytes += [54, 4] + server.octets }
        bytes += [55, UInt8(requestedOptions.count)] + requestedOptions
        bytes.append(255)
        while bytes.count < 300 { bytes.append(0) }  // BOOTP's minimum; some servers insist
        return bytes
    }

    /// A server's reply, or nil when the bytes are not a well-formed BOOTREPLY with a message type.
    public static func parse(_ bytes: [UInt8]) -> DHCPMessage? {
        guard bytes.count >= 240, bytes[0] == 2, bytes[1] == 1, bytes[2] == 6,
              Array(bytes[236..<240]) == magicCookie else { return nil }
        let xid = bytes[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var options: [UInt8: [UInt8]] = [:]
        var index = 240
        while index < bytes.count {
            let code = bytes[index]
            if code == 255 { break }
            if code == 0 { index += 1; continue }
            guard index + 1 < bytes.count else { return nil }
            let length = Int(bytes[index + 1])
            guard index + 2 + length <= bytes.count else { return nil }
            options[code, default: []] += bytes[(index + 2)..<(index + 2 + length)]  // split options concatenate (RFC 3396)
            index += 2 + length
        }
        guard let type = options[53]?.first, let kind = Kind(rawValue: type) else { return nil }
        var message = DHCPMessage(kind: kind, transactionID: xid, hardwareAddress: Array(bytes[28..<34]))
        message.yourAddress = IPv4Address(octets: bytes[16..<20])!
        message.options = options
        return message
    }

    public var serverIdentifier: IPv4Address? { address(54) }
    public var subnetMask: IPv4Address? { address(1) }
    public var routers: [IPv4Address] { addresses(3) }
    public var dnsServers: [IPv4Address] { addresses(6) }
    public var leaseSeconds: UInt32? {
        guard let bytes = options[51], bytes.count == 4 else { return nil }
        return bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Option 121 (RFC 3442): destination, prefix, router; nil when absent or malformed.
    public var classlessRoutes: [(destination: IPv4Address, prefix: Int, router: IPv4Address)]? {
        guard let bytes = options[121] else { return nil }
        var routes: [(IPv4Address, Int, IPv4Address)] = []
        var index = 0
        while index < bytes.count {
            let prefix = Int(bytes[index])
            guard prefix <= 32 else { return nil }
            let significant = (prefix + 7) / 8
            guard index + 1 + significant + 4 <= bytes.count else { return nil }
            var destination = Array(bytes[(index + 1)..<(index + 1 + significant)])
            destination += [UInt8](repeating: 0, count: 4 - significant)
            let router = IPv4Address(octets: bytes[(index + 1 + significant)..<(index + 5 + significant)])!
            routes.append((IPv4Address(octets: destination)!, prefix, router))
            index += 1 + significant + 4
        }
        return routes
    }

    private func address(_ code: UInt8) -> IPv4Address? {
        guard let bytes = options[code], bytes.count >= 4 else { return nil }
        return IPv4Address(octets: bytes.prefix(4))
    }

    private func addresses(_ code: UInt8) -> [IPv4Address] {
        guard let bytes = options[code] else { return [] }
        return stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).compactMap { IPv4Address(octets: bytes[$0..<($0 + 4)]) }
    }
}
