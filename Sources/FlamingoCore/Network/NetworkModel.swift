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

    /// Bond and bridge members and VLAN parents the description names without declaring them
    /// become physical NICs with no addresses of their own, as cloud-init reads them: a bond
    /// needs its ports configured to have any.
    public mutating func declareImpliedInterfaces() {
        var declared = Set(interfaces.map(\.name))
        for interface in interfaces {
            var implied = interface.members
            if case .vlan(_, let link) = interface.kind { implied.append(link) }
            for name in implied where !declared.contains(name) {
                interfaces.append(NetworkInterface(name: name, kind: .physical))
                declared.insert(name)
            }
        }
    }

    /// A gateway outside every static network of its interface (a /32 address with a gateway
    /// beside it, a provider's routed setup) is reachable only "on link": its default route says
    /// so (`onlink`), else the kernel refuses it as unreachable. cloud-init's newest networkd does
    /// the same for a subnet's gateway; other routes stay as given.
    public mutating func markOnLinkGateways() {
        for index in interfaces.indices {
            let statics = interfaces[index].subnets.compactMap { subnet -> (String, Int)? in
                guard subnet.method == .static4 || subnet.method == .static6, let address = subnet.address, let prefix = subnet.prefix else { return nil }
                return (address, prefix)
            }
            func offLink(_ gateway: String) -> Bool {
                let ipv6 = IPAddress.isIPv6(gateway)
                let networks = statics.filter { IPAddress.isIPv6($0.0) == ipv6 }
                // Link-local gateways are on the link by definition; without a static network of the
                // family (DHCP), nothing here tells.
                guard !networks.isEmpty, !gateway.lowercased().hasPrefix("fe80:") else { return false }
                return !networks.contains { IPAddress.network(of: gateway, prefix: $0.1) == IPAddress.network(of: $0.0, prefix: $0.1) }
            }
            for subnetIndex in interfaces[index].subnets.indices {
                var subnet = interfaces[index].subnets[subnetIndex]
                if let gateway = subnet.gateway, offLink(gateway) {
                    subnet.routes.insert(Route(destination: IPAddress.isIPv6(gateway) ? "::" : "0.0.0.0", prefix: 0, gateway: gateway,
                                               onLink: true, origin: subnet.gatewayOrigin), at: 0)
                    subnet.gateway = nil
                }
                for routeIndex in subnet.routes.indices where subnet.routes[routeIndex].isDefault && subnet.routes[routeIndex].table == nil {
                    if let gateway = subnet.routes[routeIndex].gateway, offLink(gateway) { subnet.routes[routeIndex].onLink = true }
                }
                interfaces[index].subnets[subnetIndex] = subnet
            }
        }
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

/// A bond's Linux bonding options by the kernel's names (`mode`, `miimon`, `xmit_hash_policy`,
/// `lacp_rate`, `updelay`, …, as /sys/class/net/BOND/bonding/ calls them), in input order.
/// A policy routing rule (v2 `routing-policy`): which table a packet is looked up in.
public struct RoutingRule: Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var table: Int?
    public var priority: Int?
    public var mark: Int?
    public var typeOfService: Int?
    public init() {}
    public var isIPv6: Bool { (from ?? to ?? "").contains(":") }
}

public struct BondSettings: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public var name: String
        public var value: String
    }
    public private(set) var options: [Option] = []
    public init() {}

    public subscript(name: String) -> String? {
        get { options.first { $0.name == name }?.value }
        set {
            options.removeAll { $0.name == name }
            if let newValue { options.append(Option(name: name, value: newValue)) }
        }
    }

    public var mode: String? { get { self["mode"] } set { self["mode"] = newValue } }
    public var miimon: Int? { get { self["miimon"].flatMap { Int($0) } } set { self["miimon"] = newValue.map(String.init) } }
    public var xmitHashPolicy: String? { get { self["xmit_hash_policy"] } set { self["xmit_hash_policy"] = newValue } }

    /// The options Linux bonding has (and NetworkManager, ifcfg's BONDING_OPTS and ifenslave take
    /// by these names).
    public static let kernelOptions: Set<String> = [
        "mode", "miimon", "xmit_hash_policy", "lacp_rate", "ad_select", "ad_actor_sys_prio", "ad_actor_system",
        "ad_user_port_key", "min_links", "updelay", "downdelay", "use_carrier", "arp_interval", "arp_ip_target",
        "arp_validate", "arp_all_targets", "fail_over_mac", "num_grat_arp", "num_unsol_na", "primary",
        "primary_reselect", "active_slave", "all_slaves_active", "resend_igmp", "lp_interval", "packets_per_slave",
        "tlb_dynamic_lb", "peer_notif_delay",
    ]

    /// Why Linux bonding would refuse `value` for `option`, or nil.
    public static func problem(_ option: String, _ value: String) -> String? {
        let words: [String: [String]] = [
            "mode": ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"],
            "lacp_rate": ["slow", "fast"], "fail_over_mac": ["none", "active", "follow"],
            "arp_validate": ["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"],
            "ad_select": ["stable", "bandwidth", "count"], "primary_reselect": ["always", "better", "failure"],
            "arp_all_targets": ["any", "all"],
            "xmit_hash_policy": ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"],
        ]
        let numbers: Set<String> = ["miimon", "updelay", "downdelay", "arp_interval", "min_links", "num_grat_arp", "num_unsol_na",
                                    "resend_igmp", "lp_interval", "packets_per_slave", "ad_actor_sys_prio", "ad_user_port_key",
                                    "peer_notif_delay"]
        if let allowed = words[option] {
            // The kernel's numbers for the words count too (mode 4 is 802.3ad).
            guard allowed.contains(value) || (Int(value).map { $0 >= 0 && $0 < allowed.count } ?? false) else {
                return "\"\(value)\" is not a bond \(option) (\(allowed.joined(separator: ", ")))"
            }
        } else if numbers.contains(option) {
            guard let number = Int(value), number >= 0 else { return "\"\(value)\" is not a bond \(option) (a number)" }
        } else if ["use_carrier", "all_slaves_active", "tlb_dynamic_lb"].contains(option) {
            guard value == "0" || value == "1" else { return "\"\(value)\" is not a bond \(option) (true or false)" }
        } else if option == "ad_actor_system" {
            guard MACAddress.normalise(value) != nil else { return "\"\(value)\" is not a bond ad_actor_system (a MAC address)" }
        } else if option == "arp_ip_target" {
            let targets = value.split(separator: ",").map(String.init)
            guard !targets.isEmpty, targets.allSatisfy(IPAddress.isIPv4) else { return "\"\(value)\" is not a bond arp_ip_target (IPv4 addresses)" }
        }
        return nil
    }

    /// netplan's (v2 `parameters`) names of the kernel's options.
    public static let netplanNames: [String: String] = [
        "mode": "mode", "lacp-rate": "lacp_rate", "mii-monitor-interval": "miimon", "min-links": "min_links",
        "transmit-hash-policy": "xmit_hash_policy", "ad-select": "ad_select", "all-slaves-active": "all_slaves_active",
        "arp-interval": "arp_interval", "arp-ip-targets": "arp_ip_target", "arp-validate": "arp_validate",
        "arp-all-targets": "arp_all_targets", "up-delay": "updelay", "down-delay": "downdelay",
        "fail-over-mac-policy": "fail_over_mac", "gratuitous-arp": "num_grat_arp", "gratuitious-arp": "num_grat_arp",
        "packets-per-slave": "packets_per_slave", "primary-reselect-policy": "primary_reselect",
        "resend-igmp": "resend_igmp", "learn-packet-interval": "lp_interval", "primary": "primary",
    ]
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
