/// A DHCPv4 client for one purpose: an address in the initramfs long enough to read a metadata
/// service (docs/decisions/initramfs-networking.md). DISCOVER on each NIC it is given at once
/// (`EphemeralNetwork` gives it the primary one only), the first ACK wins; retransmissions at 1,
/// 2, 4, 4… s; nothing past the deadline. No renewal, no release: the lease is given back by
/// taking the address away before switch-root.
enum DHCPClient {
    struct Lease: Sendable {
        var interface: NetworkLink
        var address: IPv4Address
        var netmask: IPv4Address
        var routes: [(destination: IPv4Address, prefix: Int, router: IPv4Address)]
        var server: IPv4Address?
        var milliseconds: Double
    }

    private struct Attempt {
        let interface: NetworkLink
        let socket: Socket
        let mac: [UInt8]
        let xid: UInt32
        var offer: DHCPMessage?
        var nextSend: Double
        var interval: Double = 1000
    }

    static let clientPort: UInt16 = 68
    static let serverPort: UInt16 = 67

    /// A lease on one of `interfaces` (all up), or nil when none came before `deadline`.
    static func lease(on interfaces: [NetworkLink], deadline: Double, log: Log) throws -> Lease? {
        let start = MonotonicClock.milliseconds()
        var attempts: [Attempt] = []
        for interface in interfaces {
            let mac = interface.mac.split(separator: ":").compactMap { UInt8($0, radix: 16) }
            guard mac.count == 6 else { continue }
            // No random numbers before the kernel's pool is ready (a blocking getrandom() here
            // would stall the boot): the MAC and the clock make the transaction id.
            let clock = UInt32(truncatingIfNeeded: Int(MonotonicClock.milliseconds() * 1000))
            let xid = mac.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } ^ clock
            attempts.append(Attempt(interface: interface, socket: try Socket.udp(port: clientPort, interface: interface.name),
                                    mac: mac, xid: xid, nextSend: start))
        }
        let slice = attempts.count > 1 ? 25.0 : 200.0
        while MonotonicClock.milliseconds() < deadline {
            for index in attempts.indices {
                let now = MonotonicClock.milliseconds()
                if now >= attempts[index].nextSend {
                    let attempt = attempts[index]
                    let kind: DHCPMessage.Kind = attempt.offer == nil ? .discover : .request
                    let bytes = DHCPMessage.build(kind, transactionID: attempt.xid, hardwareAddress: attempt.mac,
                                                  requesting: attempt.offer?.yourAddress, server: attempt.offer?.serverIdentifier,
                                                  secondsElapsed: UInt16(min((now - start) / 1000, 65535)))
                    do {
                        try attempt.socket.send(bytes, to: .broadcast, port: serverPort)
                        log.debug("dhcp", "\(attempt.interface.name): \(kind == .discover ? "DISCOVER" : "REQUEST")")
                    } catch {
                        log.debug("dhcp", "\(attempt.interface.name): \(error)")
                    }
                    attempts[index].nextSend = now + attempts[index].interval
                    attempts[index].interval = min(attempts[index].interval * 2, 4000)
                }
                let wait = min(now + slice, deadline, attempts[index].nextSend)
                guard let datagram = try attempts[index].socket.receiveDatagram(maximum: 1500, deadline: wait),
                      let reply = DHCPMessage.parse(datagram), reply.transactionID == attempts[index].xid,
                      reply.hardwareAddress == attempts[index].mac else { continue }
                switch reply.kind {
                case .offer where attempts[index].offer == nil:
                    log.debug("dhcp", "\(attempts[index].interface.name): OFFER \(reply.yourAddress) from \(reply.serverIdentifier?.description ?? "?")")
                    attempts[index].offer = reply
                    attempts[index].nextSend = MonotonicClock.milliseconds()
                    attempts[index].interval = 1000
                case .ack where attempts[index].offer != nil:
                    let netmask = reply.subnetMask ?? IPv4Address(netmaskOfPrefix: 32)
                    var routes = reply.classlessRoutes ?? []
                    // RFC 3442: with option 121 the router option is ignored.
                    if reply.classlessRoutes == nil, let router = reply.routers.first { routes = [(.any, 0, router)] }
                    return Lease(interface: attempts[index].interface, address: reply.yourAddress, netmask: netmask, routes: routes,
                                 server: reply.serverIdentifier, milliseconds: MonotonicClock.milliseconds() - start)
                case .nak:
                    log.debug("dhcp", "\(attempts[index].interface.name): NAK; starting over")
                    attempts[index].offer = nil
                    attempts[index].nextSend = MonotonicClock.milliseconds()
                    attempts[index].interval = 1000
                default:
                    continue
                }
            }
        }
        return nil
    }
}
