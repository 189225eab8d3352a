/// OpenStack's `network_data.json` → `NetworkConfig`, following cloud-init's `convert_net_json`:
/// physical links (`phy` and the other physical types) named by their MAC, bonds named `bond0`,
/// `bond1`… in order, VLANs named `<parent>.<vlan_id>`, networks turned into subnets, `dns`
/// services per network and globally.
public enum OpenStackNetworkData {
    /// The link types cloud-init treats as physical NICs.
    public static let physicalTypes: Set<String> = ["bridge", "ethernet", "hw_veb", "hyperv", "ovs", "phy", "tap", "vhostuser", "vif"]

    static let networkTypes: [String: Subnet.Method] = [
        "ipv4": .static4, "static": .static4, "ipv6": .static6, "static6": .static6,
        "ipv4_dhcp": .dhcp4, "ipv6_dhcp": .dhcp6, "ipv6_slaac": .slaac,
        "ipv6_dhcpv6-stateless": .dhcpv6Stateless, "ipv6_dhcpv6-stateful": .dhcpv6Stateful,
    ]

    public static func parse(_ document: Document, names: InterfaceNames) -> (NetworkConfig, [Diagnostic]) {
        var reader = DocumentReader(document: document)
        var config = NetworkConfig()
        let root = document.root
        guard reader.mapping(root, at: KeyPath()) != nil else { return (config, reader.diagnostics) }

        // Pass 1: each link's kernel name (physical by MAC, bonds by order, VLANs by parent).
        var linkNames: [String: String] = [:]
        var linkNodes: [(id: String, node: Node, path: KeyPath)] = []
        var bondNumber = 0
        let links = root["links"]?.sequence ?? []
        for (index, link) in links.enumerated() {
            let path = KeyPath([.key("links"), .index(index)])
            guard reader.mapping(link, at: path) != nil,
                  let id = link["id"].flatMap({ reader.string($0, at: path.appending("id")) }) else {
                reader.error(link, path, "a link needs an id")
                continue
            }
            linkNodes.append((id, link, path))
            let type = link["type"].flatMap { reader.string($0, at: path.appending("type")) } ?? "phy"
            if type == "bond" {
                linkNames[id] = "bond\(bondNumber)"
                bondNumber += 1
            } else if type != "vlan" {
                if let given = link["name"].flatMap({ reader.string($0, at: path.appending("name")) }) {
                    linkNames[id] = given
                } else if let macNode = link["ethernet_mac_address"], let mac = reader.string(macNode, at: path.appending("ethernet_mac_address")) {
                    do { linkNames[id] = try names.name(for: mac) } catch {
                        reader.error(macNode, path.appending("ethernet_mac_address"), "\(error)")
                    }
                } else {
                    reader.error(link, path, "a physical link needs ethernet_mac_address (or a name)")
                }
                if !physicalTypes.contains(type) {
                    reader.warning(link["type"], path.appending("type"), "unknown link type \"\(type)\"; treated as physical, as cloud-init does")
                }
            }
        }
        for (id, link, path) in linkNodes where link["type"]?.scalar?.text == "vlan" {
            guard let parent = link["vlan_link"].flatMap({ reader.string($0, at: path.appending("vlan_link")) }),
                  let parentName = linkNames[parent],
                  let vlanID = link["vlan_id"].flatMap({ reader.int($0, at: path.appending("vlan_id"), range: 1...4094) }) else {
                reader.error(link, path, "a vlan link needs vlan_id (1–4094) and a vlan_link naming another link")
                continue
            }
            linkNames[id] = "\(parentName).\(vlanID)"
        }

        // Pass 2: interfaces with their settings and subnets.
        let networks = root["networks"]?.sequence ?? []
        for (id, link, path) in linkNodes {
            guard let name = linkNames[id] else { continue }
            let type = link["type"]?.scalar?.text ?? "phy"
            var interface: NetworkInterface
            switch type {
            case "bond":
                var bond = BondSettings()
                bond.mode = link["bond_mode"].flatMap { reader.string($0, at: path.appending("bond_mode")) }
                bond.miimon = link["bond_miimon"].flatMap { reader.int($0, at: path.appending("bond_miimon"), range: 0...100_000) }
                bond.xmitHashPolicy = link["bond_xmit_hash_policy"].flatMap { reader.string($0, at: path.appending("bond_xmit_hash_policy")) }
                interface = NetworkInterface(name: name, kind: .bond(bond))
                for (memberIndex, member) in (link["bond_links"]?.sequence ?? []).enumerated() {
                    let memberPath = path.appending("bond_links").appending(memberIndex)
                    guard let memberID = reader.string(member, at: memberPath), let memberName = linkNames[memberID] else {
                        reader.error(member, memberPath, "names no link")
                        continue
                    }
                    interface.members.append(memberName)
                }
                interface.macAddress = link["ethernet_mac_address"].flatMap { $0.scalar.flatMap { MACAddress.normalise($0.text) } }
            case "vlan":
                let parent = link["vlan_link"]?.scalar?.text ?? ""
                interface = NetworkInterface(name: name, kind: .vlan(id: Int(link["vlan_id"]?.scalar?.text ?? "") ?? 0, link: linkNames[parent] ?? parent))
                interface.macAddress = link["vlan_mac_address"].flatMap { $0.scalar.flatMap { MACAddress.normalise($0.text) } }
            default:
                interface = NetworkInterface(name: name, kind: .physical)
                interface.macAddress = link["ethernet_mac_address"].flatMap { $0.scalar.flatMap { MACAddress.normalise($0.text) } }
            }
            interface.mtu = link["mtu"].flatMap { reader.int($0, at: path.appending("mtu"), range: 68...65535) }
            for (index, network) in networks.enumerated() where network["link"]?.scalar?.text == id {
                if let subnet = parseNetwork(network, KeyPath([.key("networks"), .index(index)]), &reader) {
                    interface.subnets.append(subnet)
                }
            }
            config.interfaces.append(interface)
        }
        for (index, network) in networks.enumerated() {
            if let link = network["link"]?.scalar?.text, linkNames[link] == nil, !linkNodes.contains(where: { $0.id == link }) {
                // cloud-init configures a network only on a link that exists: the rest is rendered.
                reader.warning(network["link"], KeyPath([.key("networks"), .index(index), .key("link")]),
                               "\"\(link)\" names no link; this network is not configured")
            }
        }
        config.nameservers = dnsServices(root["services"], KeyPath([.key("services")]), &reader)
        // A global dns service's `search` list: the instance's search domains, as cloud-init reads it.
        for (index, service) in (root["services"]?.sequence ?? []).enumerated() where service["type"]?.scalar?.text == "dns" {
            if let search = service["search"] {
                config.searchDomains += reader.stringList(search, at: KeyPath([.key("services"), .index(index), .key("search")]))
            }
        }
        return (config, reader.diagnostics)
    }

    static func parseNetwork(_ network: Node, _ path: KeyPath, _ reader: inout DocumentReader) -> Subnet? {
        guard let typeName = network["type"].flatMap({ reader.string($0, at: path.appending("type")) }) else {
            reader.error(network, path, "a network needs a type")
            return nil
        }
        guard let method = networkTypes[typeName] else {
            reader.error(network["type"], path.appending("type"), "unknown network type \"\(typeName)\" (expected one of \(networkTypes.keys.sorted().joined(separator: ", ")))")
            return nil
        }
        var subnet = Subnet(method: method)
        if method == .static4 || method == .static6 {
            guard let addressNode = network["ip_address"], let text = reader.string(addressNode, at: path.appending("ip_address")),
                  let split = IPAddress.splitCIDR(text), IPAddress.isIPv4(split.address) == (method == .static4) else {
                reader.error(network["ip_address"] ?? network, path.appending("ip_address"),
                             "expected an \(method == .static4 ? "IPv4" : "IPv6") address")
                return nil
            }
            subnet.address = split.address
            subnet.prefix = split.prefix
            switch reader.netmask(network["netmask"], at: path.appending("netmask")) {
            case .invalid: return nil
            case .prefix(let prefix): subnet.prefix = prefix
            case .absent: break
            }
            // Without a netmask: /32 for IPv4; /64 for IPv6, as cloud-init renders it.
            if subnet.prefix == nil { subnet.prefix = method == .static4 ? 32 : 64 }
        }
        subnet.gateway = network["gateway"].flatMap { reader.string($0, at: path.appending("gateway")) }
        subnet.gatewayOrigin = network["gateway"].map { Origin($0, path.appending("gateway")) } ?? Origin()
        for (index, route) in (network["routes"]?.sequence ?? []).enumerated() {
            let at = path.appending("routes").appending(index)
            guard let destination = route["network"].flatMap({ reader.string($0, at: at.appending("network")) }),
                  IPAddress.isIPv4(destination) || IPAddress.isIPv6(destination) else {
                reader.error(route, at, "a route needs network (an address) and netmask")
                continue
            }
            guard case .prefix(let prefix) = reader.netmask(route["netmask"], at: at.appending("netmask")) else {
                if route["netmask"] == nil { reader.error(route, at, "a route needs network (an address) and netmask") }
                continue
            }
            subnet.routes.append(Route(destination: destination, prefix: prefix,
                                       gateway: route["gateway"].flatMap { reader.string($0, at: at.appending("gateway")) },
                                       origin: Origin(route, at)))
        }
        subnet.dnsServers = dnsServices(network["services"], path.appending("services"), &reader)
        // A network's own DNS settings (newer Nova writes them), as cloud-init reads them.
        if let servers = network["dns_nameservers"] { subnet.dnsServers += reader.stringList(servers, at: path.appending("dns_nameservers")) }
        if let search = network["dns_search"] { subnet.dnsSearch += reader.stringList(search, at: path.appending("dns_search")) }
        return subnet
    }

    static func dnsServices(_ node: Node?, _ path: KeyPath, _ reader: inout DocumentReader) -> [String] {
        (node?.sequence ?? []).enumerated().compactMap { index, service in
            guard service["type"]?.scalar?.text == "dns" else { return nil }
            return service["address"].flatMap { reader.string($0, at: path.appending(index).appending("address")) }
        }
    }
}
