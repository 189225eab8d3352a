/// The network of the initramfs step, brought up only when a metadata service must be read:
/// DHCP on the machine's Ethernet NICs (the first lease wins), the address and its routes set,
/// and all of it taken away again before switch-root, so the booted system's network stack
/// starts as it would have without flamingo — unless the image asked dracut to keep the
/// initramfs' network (`rd.neednet=1`). A network the initramfs already has (dracut's own
/// `ip=`/`rd.neednet`) is used as it is and left alone.
public final class EphemeralNetwork {
    /// What flamingo changed, to undo: the interfaces it set up, the one it gave an address.
    private var raised: [NetworkLink] = []
    private var addressed: NetworkLink?
    public private(set) var summary: String
    let log: Log

    private init(summary: String, log: Log) {
        self.summary = summary
        self.log = log
    }

    /// An address for reaching a metadata service before `deadline`; throws when no NIC got one.
    public static func bringUp(interfaces: [NetworkLink], deadline: Double, log: Log) throws -> EphemeralNetwork {
        for interface in interfaces {
            if let address = try? interface.address() {
                return EphemeralNetwork(summary: "\(interface.name) already has \(address): used as it is", log: log)
            }
        }
        let candidates = interfaces.contains(where: \.isPhysical) ? interfaces.filter(\.isPhysical) : interfaces
        guard !candidates.isEmpty else {
            throw Diagnostic(.error, file: "/sys/class/net", mark: nil, "no Ethernet interface to ask for an address on")
        }
        let network = EphemeralNetwork(summary: "", log: log)
        do {
            for interface in candidates where try !interface.isUp() {
                SignalCleanup.armInterfaceReset(interface.name)
                try interface.setUp(true)
                network.raised.append(interface)
            }
            guard let lease = try DHCPClient.lease(on: candidates, deadline: deadline, log: log) else {
                throw Diagnostic(.error, file: candidates.map(\.name).joined(separator: ", "), mark: nil,
                                 "no DHCP answer before the deadline (\(candidates.count) interface\(candidates.count == 1 ? "" : "s") asked)")
            }
            try lease.interface.setAddress(lease.address, netmask: lease.netmask)
            network.addressed = lease.interface
            let subnet = lease.netmask.prefixLength ?? 32
            // Routes on the link first: a router is reachable before routes through it are added.
            for route in lease.routes.sorted(by: { ($0.router == .any ? 0 : 1) < ($1.router == .any ? 0 : 1) }) {
                // A router outside the subnet (a /32 lease, as on GCE) is reached on the link first
                // (option 121 may list that route itself: then it exists already).
                if route.router != .any, !sameSubnet(route.router, lease.address, prefix: subnet),
                   !lease.routes.contains(where: { $0.destination == route.router && $0.prefix == 32 }) {
                    try lease.interface.addRoute(to: route.router, netmask: IPv4Address(netmaskOfPrefix: 32), via: nil)
                }
                let destination = route.destination
                try lease.interface.addRoute(to: destination, netmask: IPv4Address(netmaskOfPrefix: route.prefix),
                                             via: route.router == .any ? nil : route.router)
            }
            // The other NICs go back down now; only the one with the lease stays up.
            for interface in network.raised where interface != lease.interface {
                try? interface.setUp(false)
            }
            network.raised.removeAll { $0 != lease.interface }
            network.summary = "\(lease.interface.name): \(lease.address)/\(subnet)"
                + (lease.routes.first.map { " via \($0.router)" } ?? "") + " in \(Int(lease.milliseconds)) ms"
            return network
        } catch {
            network.tearDown()
            throw error
        }
    }

    /// Takes away what `bringUp` set: the address (its routes go with it), the interfaces it set up.
    public func tearDown() {
        if let addressed {
            do { try addressed.removeAddress() } catch { log.error("connect", "\(addressed.name): \(error)") }
        }
        for interface in raised.reversed() {
            do { try interface.setUp(false) } catch { log.error("connect", "\(interface.name): \(error)") }
            SignalCleanup.disarmInterfaceReset(interface.name)
        }
        addressed = nil
        raised = []
    }

    /// Leaves what `bringUp` set for the booted system (`rd.neednet=1`).
    public func keep() {
        for interface in raised { SignalCleanup.disarmInterfaceReset(interface.name) }
        addressed = nil
        raised = []
    }

    static func sameSubnet(_ a: IPv4Address, _ b: IPv4Address, prefix: Int) -> Bool {
        let mask = IPv4Address(netmaskOfPrefix: prefix).hostOrder
        return a.hostOrder & mask == b.hostOrder & mask
    }
}
