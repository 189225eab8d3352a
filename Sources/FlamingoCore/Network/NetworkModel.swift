/// The typed network description every input format parses into and every renderer reads
/// (OpenStack network_data.json, cloud-init network config v1 and v2 → this → NetworkManager,
/// ifcfg, systemd-networkd, ENI).
public struct NetworkConfig: Sendable, Equatable {
    public var interfaces: [NetworkInterface] = []
    /// DNS servers and search domains that belong to no one interface.
    public var nameservers: [String] = []
    public var searchDomains: [String] = []
    public init() {}

    public func interface(_ name: String) -> NetworkInterface? { interfaces.first { $0.name == name } }

    /// Each bond or bridge member's controller: the interface it belongs to, by member name.
    public var controllers: [String: NetworkInterface] {
        var result: [String: NetworkInterface] = [:]
        for interface in interfaces {
            switch interface.kind {
            case .bond, .bridge: for member in interface.members { result[member] = interface }
            default: break
            }
        }
        return result
    }

    /// The bond each bond member belongs to, and the bridge each bridge port belongs to, by name.
    public var bondOf: [String: String] {
        controllers.compactMapValues { controller in
            if case .bond = controller.kind { return controller.name } else { return nil }
        }
    }
    public var bridgeOf: [String: String] {
        controllers.compactMapValues { controller in
            if case .bridge = controller.kind { return controller.name } else { return nil }
        }
    }
}

public struct NetworkInterface: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case physical
        /// An InfiniBand port: physical, with a 20-byte hardware address (v1 `infiniband`).
        case infiniband
        case bond(BondSettings)
        case vlan(id: Int, link: String)
        case bridge(BridgeSettings)
    }

    /// The kernel name the configuration is for (physical NICs: the name their MAC has now; the
    /// booted system may rename them, which is why renderers bind physical NICs to the MAC).
    public var name: String
    public var kind: Kind
    /// Lower case, colon-separated (6 bytes; 20 for InfiniBand).
    public var macAddress: String?
    public var mtu: Int?
    /// Policy routing rules (v2 `routing-policy`).
    public var routingRules: [RoutingRule] = []
    /// What the DHCPv4 and DHCPv6 clients take and send.
    public var dhcp4Overrides = DHCPOverrides()
    public var dhcp6Overrides = DHCPOverrides()
    /// Boot does not wait for it to come up (v2 `optional`): systemd-networkd-wait-online skips it.
    public var optional = false
    /// Wake-on-LAN by magic packet (v2 `wakeonlan: true`).
    public var wakeOnLan = false
    /// IPv6 router advertisements accepted (true) or ignored (false) whatever the subnets' methods
    /// would imply (v1 and v2 `accept-ra`); nil: as the methods imply.
    public var acceptRA: Bool?
    /// DNS servers and search domains of the interface itself, whatever its subnets (v1
    /// `nameserver` entries naming it, v2 `nameservers`): kept also when it has no address.
    public var dnsServers: [String] = []
    public var dnsSearch: [String] = []
    /// The IPv6 MTU when it differs from the link's (v1 an IPv6 subnet's `mtu`, v2 `ipv6-mtu`).
    public var ipv6MTU: Int?
    /// Bond or bridge members, by interface name.
    public var members: [String] = []
    public var subnets: [Subnet] = []
    /// The input gives this physical NIC its name (v2 `set-name`): the booted system's udev renames
    /// it by MAC (LinkFiles), nothing does in the initramfs.
    public var renamed = false

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

extension NetworkInterface {
    /// Every DNS server the interface's description gives (its subnets' and its own), in order,
    /// each once.
    public var allDNSServers: [String] { unique(subnets.flatMap(\.dnsServers) + dnsServers) }
    public var allDNSSearch: [String] { unique(subnets.flatMap(\.dnsSearch) + dnsSearch) }

    private func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}

public struct Subnet: Sendable, Equatable {
    public enum Method: String, Sendable {
        case dhcp4, dhcp6, static4, static6
        /// IPv6 router advertisements only.
        case slaac
        /// SLAAC addresses, other settings (DNS) from DHCPv6.
        case dhcpv6Stateless = "dhcpv6-stateless"
        /// Addresses and settings from DHCPv6.
        case dhcpv6Stateful = "dhcpv6-stateful"
        /// No IPv6 address but the link-local one, and no router advertisements: what carries
        /// IPv6 routes (a default route through a link-local gateway) and DNS servers given for
        /// an interface with no IPv6 subnet (v2).
        case linkLocal6 = "ipv6-link-local"

        public var isIPv6: Bool { [.dhcp6, .static6, .slaac, .dhcpv6Stateless, .dhcpv6Stateful, .linkLocal6].contains(self) }
    }

    public var method: Method
    public var address: String?
    public var prefix: Int?
    public var gateway: String?
    public var gatewayOrigin = Origin()
    public var dnsServers: [String] = []
    public var dnsSearch: [String] = []
    public var routes: [Route] = []

    public init(method: Method) { self.method = method }
}

/// Where in the input a value was given, for messages about it (nil: made, not read); not part
/// of the value's meaning: two origins are always equal.
public struct Origin: Sendable, Equatable {
    public var mark: Mark?
    public var path: KeyPath
    public init() { self.mark = nil; self.path = KeyPath() }
    public init(_ node: Node, _ path: KeyPath) { self.mark = node.mark; self.path = path }
    public static func == (_: Origin, _: Origin) -> Bool { true }
}

public struct Route: Sendable, Equatable {
    public var destination: String
    public var prefix: Int
    public var gateway: String?
    public var metric: Int?
    /// The routing table (v2 `table`; nil: main), the path MTU, and a gateway reached on the
    /// link whatever the addresses (v2 `on-link`).
    public var table: Int?
    public var mtu: Int?
    public var onLink = false
    public var origin = Origin()
    public var isIPv6: Bool { destination.contains(":") }
    public var isDefault: Bool { prefix == 0 }
    /// A default route in the main table with nothing but its gateway: what stacks write as "the
    /// gateway" of an interface.
    public var isPlainDefault: Bool { isDefault && metric == nil && table == nil && mtu == nil && !onLink && gateway != nil }

    /// A route's network given without a prefix or netmask is a /24 or a /64, as cloud-init reads it.
    public static func defaultPrefix(of destination: String) -> Int { IPAddress.isIPv4(destination) ? 24 : 64 }
}
