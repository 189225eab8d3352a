/// The network of the initramfs step, brought up only when a metadata service must be read:
/// DHCP on the machine's primary NIC (`PrimaryInterface`: cloud-init's choice, physical NICs
/// first), the address and its routes set, and all of it taken away again before switch-root,
/// so the booted system's network stack starts as it would have without flamingo — unless the image asked dracut to keep the
/// initramfs' network (`rd.neednet`). A network the initramfs already has (dracut's own
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
        guard let primary = primaryInterface(of: interfaces) else {
            throw Diagnostic(.error, file: "/sys/class/net", mark: nil, "no Ethernet interface to ask for an address on")
        }
        let network = EphemeralNetwork(summary: "", log: log)
        do {
            // Only the primary NIC asks: a DHCP server on another network (another NIC's) can
            // never win the race and steer the service's address elsewhere.
            if try !primary.isUp() {
                SignalCleanup.armInterfaceReset(primary.name)
                try primary.setUp(true)
                network.raised.append(primary)
            }
            guard let lease = try DHCPClient.lease(on: [primary], deadline: deadline, log: log) else {
                let others = interfaces.count - 1
                throw Diagnostic(.error, file: primary.name, mark: nil, "no DHCP answer on the primary NIC before the deadline"
                                 + (others > 0 ? " (the other \(others == 1 ? "NIC is" : "\(others) NICs are") not asked)" : ""))
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
            network.summary = "\(lease.interface.name): \(lease.address)/\(subnet)"
                + (lease.routes.first.map { " via \($0.router)" } ?? "") + " in \(Int(lease.milliseconds)) ms"
            return network
        } catch {
            network.tearDown()
            throw error
        }
    }

    /// The NIC the initramfs asks on: physical ones when there are any, in cloud-init's order.
    static func primaryInterface(of interfaces: [NetworkLink]) -> NetworkLink? {
        let candidates = interfaces.contains(where: \.isPhysical) ? interfaces.filter(\.isPhysical) : interfaces
        return PrimaryInterface.ordered(candidates, name: \.name).first
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
