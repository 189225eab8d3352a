/// cloud-init network config version 1 (`config:` a list of physical, bond, bridge, vlan,
/// nameserver and route entries) → `NetworkConfig`.
public enum NetworkConfigV1 {
    static let subnetTypes: [String: Subnet.Method] = [
        "dhcp": .dhcp4, "dhcp4": .dhcp4, "dhcp6": .dhcp6, "static": .static4, "static6": .static6,
        "ipv6_slaac": .slaac, "ipv6_dhcpv6-stateless": .dhcpv6Stateless, "ipv6_dhcpv6-stateful": .dhcpv6Stateful,
    ]

    /// `root` is the mapping holding `version: 1` (the `network:` wrapper already removed).
    public static func parse(_ root: Node, reader: inout DocumentReader, names: InterfaceNames) -> NetworkConfig {
        var config = NetworkConfig()
        let path = KeyPath([.key("config")])
        guard let entries = root["config"]?.sequence else {
            reader.error(root["config"] ?? root, path, "expected a list of entries (or `disabled`)")
            return config
        }
        var interfaceDNS: [(name: String, servers: [String], search: [String], node: Node?, at: KeyPath)] = []
        for (index, entry) in entries.enumerated() {
            let at = path.appending(index)
            guard reader.mapping(entry, at: at) != nil, let type = entry["type"].flatMap({ reader.string($0, at: at.appending("type")) }) else {
                reader.error(entry, at, "an entry needs a type")
                continue
            }
            switch type {
            case "physical", "infiniband", "bond", "bridge", "vlan":
                if let interface = parseInterface(entry, type: type, at, &reader, names) { config.interfaces.append(interface) }
            case "nameserver":
                // A single string is a space-separated list, as cloud-init reads it ("a.example b.example").
                let servers = entry["address"].map { reader.stringList($0, at: at.appending("address"), separator: " ") } ?? []
                let search = entry["search"].map { reader.stringList($0, at: at.appending("search"), separator: " ") } ?? []
                // Naming an interface (declared before or after): that interface's own DNS.
                if let owner = entry["interface"].flatMap({ reader.string($0, at: at.appending("interface")) }) {
                    interfaceDNS.append((owner, servers, search, entry["interface"], at.appending("interface")))
                } else {
                    config.nameservers += servers
                    config.searchDomains += search
                }
            case "loopback":
                // The system's own lo: nothing for a renderer to write (the rest is rendered).
                continue
            case "route":
                guard let route = parseRoute(entry, at, &reader) else { continue }
                // A global route joins the first subnet of its family whose network holds the gateway,
                // else the first subnet of its family.
                let holdsGateway = { (subnet: Subnet) -> Bool in
                    guard let gateway = route.gateway, let address = subnet.address, let prefix = subnet.prefix else { return false }
                    return IPAddress.network(of: gateway, prefix: prefix) == IPAddress.network(of: address, prefix: prefix)
                }
                let family = { (subnet: Subnet) -> Bool in subnet.method.isIPv6 == route.isIPv6 }
                if let position = config.interfaces.firstIndex(where: { $0.subnets.contains { family($0) && holdsGateway($0) } })
                    ?? config.interfaces.firstIndex(where: { $0.subnets.contains(where: family) }),
                   let subnet = config.interfaces[position].subnets.firstIndex(where: { family($0) && holdsGateway($0) })
                    ?? config.interfaces[position].subnets.firstIndex(where: family) {
                    config.interfaces[position].subnets[subnet].routes.append(route)
                } else {
                    reader.error(entry, at, "no interface has an \(route.isIPv6 ? "IPv6" : "IPv4") subnet for this route")
                }
            default:
                reader.error(entry["type"], at.appending("type"), "unknown entry type \"\(type)\" (expected physical, infiniband, bond, bridge, vlan, loopback, nameserver or route)")
            }
        }
        for dns in interfaceDNS {
            guard let position = config.interfaces.firstIndex(where: { $0.name == dns.name }) else {
                reader.error(dns.node, dns.at, "\"\(dns.name)\" names no interface of this description")
                continue
            }
            config.interfaces[position].dnsServers += dns.servers
            config.interfaces[position].dnsSearch += dns.search
        }
        return config
    }

    static func parseInterface(_ entry: Node, type: String, _ at: KeyPath, _ reader: inout DocumentReader, _ names: InterfaceNames) -> NetworkInterface? {
        let mac = entry["mac_address"].flatMap { node -> String? in
            guard let text = reader.string(node, at: at.appending("mac_address")) else { return nil }
            guard let mac = MACAddress.normalise(text, bytes: type == "infiniband" ? 20 : 6) else {
                reader.error(node, at.appending("mac_address"), "\"\(text)\" is not a\(type == "infiniband" ? "n InfiniBand (20-byte)" : "") MAC address")
                return nil
            }
            return mac
        }
        var name = entry["name"].flatMap { reader.string($0, at: at.appending("name")) }
        if name == nil, type == "physical", let mac {
            do { name = try names.name(for: mac) } catch { reader.error(entry["mac_address"], at.appending("mac_address"), "\(error)") }
        }
        guard let name else {
            reader.error(entry, at, "an interface needs a name (or, if physical, a mac_address)")
            return nil
        }
        var interface: NetworkInterface
        let params = entry["params"]
        switch type {
        case "bond":
            // `params`: bond-OPTION or bond_OPTION, the kernel's option names with - or _.
            let bond = reader.bondSettings(params, at: at.appending("params")) { key in
                guard key.hasPrefix("bond-") || key.hasPrefix("bond_") else {
                    return .skip(key.hasPrefix("bridge") ? nil : "not a bond option (bond-NAME); ignored")
                }
                let option = String(key.dropFirst(5).map { $0 == "-" ? "_" : $0 })
                guard BondSettings.kernelOptions.contains(option) else {
                    return .skip(["slaves", "master"].contains(option) ? nil : "\"\(key)\" is no Linux bonding option; ignored")
                }
                return .option(option)
            }
            interface = NetworkInterface(name: name, kind: .bond(bond))
            interface.members = entry["bond_interfaces"].map { reader.stringList($0, at: at.appending("bond_interfaces")) } ?? []
        case "bridge":
            interface = NetworkInterface(name: name, kind: .bridge(reader.bridgeParamsV1(params, at: at.appending("params"))))
            interface.members = entry["bridge_interfaces"].map { reader.stringList($0, at: at.appending("bridge_interfaces")) } ?? []
        case "vlan":
            guard let id = entry["vlan_id"].flatMap({ reader.int($0, at: at.appending("vlan_id"), range: 1...4094) }),
                  let link = entry["vlan_link"].flatMap({ reader.string($0, at: at.appending("vlan_link")) }) else {
                reader.error(entry, at, "a vlan needs vlan_id (1–4094) and vlan_link")
                return nil
            }
            interface = NetworkInterface(name: name, kind: .vlan(id: id, link: link))
        case "infiniband":
            interface = NetworkInterface(name: name, kind: .infiniband)
        default:
            interface = NetworkInterface(name: name, kind: .physical)
        }
        interface.macAddress = mac
        interface.acceptRA = entry["accept-ra"].flatMap { reader.bool($0, at: at.appending("accept-ra")) }
        interface.mtu = entry["mtu"].flatMap { reader.int($0, at: at.appending("mtu"), range: 68...65535) }
        for (index, node) in (entry["subnets"]?.sequence ?? []).enumerated() {
            let subnetPath = at.appending("subnets").appending(index)
            guard var subnet = parseSubnet(node, subnetPath, &reader) else { continue }
            // A subnet's `metric`: a DHCP subnet's routes from the server get it; a static subnet's
            // gateway becomes a default route with it.
            if let metric = node["metric"].flatMap({ reader.int($0, at: subnetPath.appending("metric"), range: 0...Int(UInt32.max)) }) {
                switch subnet.method {
                case .dhcp4: interface.dhcp4Overrides.routeMetric = metric
                case .dhcp6, .dhcpv6Stateful, .dhcpv6Stateless: interface.dhcp6Overrides.routeMetric = metric
                case .static4, .static6:
                    if let gateway = subnet.gateway {
                        let any = IPAddress.isIPv6(gateway) ? "::" : "0.0.0.0"
                        subnet.routes.insert(Route(destination: any, prefix: 0, gateway: gateway, metric: metric, origin: subnet.gatewayOrigin), at: 0)
                        subnet.gateway = nil
                    } else {
                        reader.warning(node["metric"], subnetPath.appending("metric"), "a static subnet's metric applies to its gateway, and it has none; ignored")
                    }
                default: reader.warning(node["metric"], subnetPath.appending("metric"), "no route here takes a metric; ignored")
                }
            }
            // A subnet's MTU is the link's (IPv4; it wins over the entry's) or the IPv6 MTU, as
            // cloud-init renders it.
            if let mtu = node["mtu"].flatMap({ reader.int($0, at: subnetPath.appending("mtu"), range: 68...65535) }) {
                if subnet.method.isIPv6 { interface.ipv6MTU = mtu } else { interface.mtu = mtu }
            }
            interface.subnets.append(subnet)
        }
        return interface
    }

    static func parseSubnet(_ node: Node, _ at: KeyPath, _ reader: inout DocumentReader) -> Subnet? {
        guard let type = node["type"].flatMap({ reader.string($0, at: at.appending("type")) }) else {
            reader.error(node, at, "a subnet needs a type")
            return nil
        }
        if type == "manual" { return nil }
        guard var method = subnetTypes[type] else {
            reader.error(node["type"], at.appending("type"), "unknown subnet type \"\(type)\" (expected \(subnetTypes.keys.sorted().joined(separator: ", ")), manual)")
            return nil
        }
        var subnet = Subnet(method: method)
        if method == .static4 || method == .static6 {
            guard let addressNode = node["address"], let text = reader.string(addressNode, at: at.appending("address")),
                  let split = IPAddress.splitCIDR(text) else {
                reader.error(node["address"] ?? node, at.appending("address"), "a static subnet needs an address (ADDRESS or ADDRESS/PREFIX)")
                return nil
            }
            // `static` with an IPv6 address is static6, as cloud-init reads it.
            method = IPAddress.isIPv6(split.address) ? .static6 : .static4
            subnet.method = method
            subnet.address = split.address
            subnet.prefix = split.prefix
            switch reader.netmask(node["netmask"], at: at.appending("netmask")) {
            case .invalid: return nil
            case .prefix(let prefix): subnet.prefix = prefix
            case .absent: break
            }
            if subnet.prefix == nil { subnet.prefix = method == .static4 ? 24 : 64 }
        }
        subnet.gateway = node["gateway"].flatMap { reader.string($0, at: at.appending("gateway")) }
        subnet.gatewayOrigin = node["gateway"].map { Origin($0, at.appending("gateway")) } ?? Origin()
        // A single string is a space-separated list, as cloud-init reads it (`dns_search: a.maas b.maas`).
        subnet.dnsServers = node["dns_nameservers"].map { reader.stringList($0, at: at.appending("dns_nameservers"), separator: " ") } ?? []
        subnet.dnsSearch = node["dns_search"].map { reader.stringList($0, at: at.appending("dns_search"), separator: " ") } ?? []
        for (index, route) in (node["routes"]?.sequence ?? []).enumerated() {
            if let parsed = parseRoute(route, at.appending("routes").appending(index), &reader) { subnet.routes.append(parsed) }
        }
        return subnet
    }

    /// `network`/`destination` with `netmask`/`prefix` (or CIDR), `gateway`, `metric`.
    static func parseRoute(_ node: Node, _ at: KeyPath, _ reader: inout DocumentReader) -> Route? {
        guard let destinationText = (node["destination"] ?? node["network"]).flatMap({ reader.string($0, at: at.appending("destination")) }),
              let split = IPAddress.splitCIDR(destinationText) else {
            reader.error(node, at, "a route needs a destination (or network) address")
            return nil
        }
        var prefix = split.prefix
        switch reader.netmask(node["netmask"], at: at.appending("netmask")) {
        case .invalid: return nil
        case .prefix(let given): prefix = given
        case .absent: break
        }
        if let given = node["prefix"].flatMap({ reader.int($0, at: at.appending("prefix"), range: 0...128) }) { prefix = given }
        // Without a prefix or netmask: /24 or /64, cloud-init's default for a route's network
        // (the host bits cleared: the kernel refuses a destination that has them).
        let destination = prefix == nil ? IPAddress.network(of: split.address, prefix: Route.defaultPrefix(of: split.address)) : split.address
        return Route(destination: destination, prefix: prefix ?? Route.defaultPrefix(of: split.address),
                     gateway: node["gateway"].flatMap { reader.string($0, at: at.appending("gateway")) },
                     metric: node["metric"].flatMap { reader.int($0, at: at.appending("metric"), range: 0...Int(UInt32.max)) },
                     origin: Origin(node, at))
    }
}
