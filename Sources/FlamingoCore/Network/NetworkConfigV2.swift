/// cloud-init network config version 2, the netplan subset cloud-init accepts (ethernets with
/// match/set-name, bonds, bridges, vlans, addresses, gateway4/6, routes, nameservers, dhcp4/6,
/// mtu) → `NetworkConfig`.
public enum NetworkConfigV2 {
    public static func parse(_ root: Node, reader: inout DocumentReader, names: InterfaceNames) -> NetworkConfig {
        var config = NetworkConfig()
        var idToName: [String: String] = [:]
        // Ethernets first: bonds, bridges and VLANs refer to them by id.
        for (id, node, at) in section("ethernets", root, &reader) {
            var name = node["set-name"].flatMap { reader.string($0, at: at.appending("set-name")) }
            let match = node["match"]
            let mac = (match?["macaddress"] ?? node["macaddress"]).flatMap { node -> String? in
                guard let text = reader.string(node, at: at.appending("match").appending("macaddress")) else { return nil }
                guard let mac = MACAddress.normalise(text) else {
                    reader.error(node, at.appending("match").appending("macaddress"), "\"\(text)\" is not a MAC address")
                    return nil
                }
                return mac
            }
            if name == nil, let matched = match?["name"]?.scalar?.text, !matched.contains(where: { "*?[".contains($0) }) { name = matched }
            // `match: name:` a glob (`en*`): every NIC here whose name matches (and MAC, if given),
            // each configured alike and bound to its MAC — renderers that cannot match by pattern
            // (ifcfg, ENI) get the same files as the others.
            if node["set-name"] == nil, let pattern = match?["name"]?.scalar?.text, pattern.contains(where: { "*?[".contains($0) }) {
                let nics = names.entries.filter { entry in
                    entry.isPreferred && FileSystem.matches(pattern, entry.name) && (mac == nil || entry.mac == mac)
                }
                if nics.isEmpty {
                    reader.warning(match?["name"], at.appending("match").appending("name"), "\"\(pattern)\" matches no NIC here; not configured")
                }
                for nic in nics.sorted(by: { $0.name < $1.name }) where !config.interfaces.contains(where: { $0.name == nic.name }) {
                    var interface = NetworkInterface(name: nic.name, kind: .physical)
                    interface.macAddress = nic.mac
                    common(&interface, node, at, &reader)
                    config.interfaces.append(interface)
                }
                if nics.count == 1 { idToName[id] = nics[0].name }
                continue
            }
            if name == nil, let mac {
                do { name = try names.name(for: mac) } catch {
                    reader.error(match?["macaddress"], at.appending("match").appending("macaddress"), "\(error)")
                    continue
                }
            }
            var interface = NetworkInterface(name: name ?? id, kind: .physical)
            interface.macAddress = mac
            interface.renamed = node["set-name"] != nil && mac != nil
            interface.wakeOnLan = node["wakeonlan"].flatMap { reader.bool($0, at: at.appending("wakeonlan")) } ?? false
            common(&interface, node, at, &reader)
            idToName[id] = interface.name
            config.interfaces.append(interface)
        }
        for (id, node, at) in section("bonds", root, &reader) {
            let bond = reader.bondSettings(node["parameters"], at: at.appending("parameters")) { key in
                BondSettings.netplanNames[key].map { .option($0) } ?? .skip("unknown bond parameter \"\(key)\"; ignored")
            }
            var interface = NetworkInterface(name: id, kind: .bond(bond))
            interface.members = members(node, at, idToName, &reader)
            interface.macAddress = node["macaddress"]?.scalar.flatMap { MACAddress.normalise($0.text) }
            common(&interface, node, at, &reader)
            idToName[id] = id
            config.interfaces.append(interface)
        }
        for (id, node, at) in section("bridges", root, &reader) {
            var interface = NetworkInterface(name: id, kind: .bridge(reader.bridgeParamsV2(node["parameters"], at: at.appending("parameters"), ports: idToName)))
            interface.members = members(node, at, idToName, &reader)
            interface.macAddress = node["macaddress"]?.scalar.flatMap { MACAddress.normalise($0.text) }
            common(&interface, node, at, &reader)
            idToName[id] = id
            config.interfaces.append(interface)
        }
        for (id, node, at) in section("vlans", root, &reader) {
            guard let vlanID = node["id"].flatMap({ reader.int($0, at: at.appending("id"), range: 0...4094) }),
                  let link = node["link"].flatMap({ reader.string($0, at: at.appending("link")) }) else {
                reader.error(node, at, "a vlan needs id and link")
                continue
            }
            guard let linkName = idToName[link] else {
                reader.error(node["link"], at.appending("link"), "\"\(link)\" names no ethernet, bond or bridge")
                continue
            }
            var interface = NetworkInterface(name: id, kind: .vlan(id: vlanID, link: linkName))
            interface.macAddress = node["macaddress"]?.scalar.flatMap { MACAddress.normalise($0.text) }
            common(&interface, node, at, &reader)
            config.interfaces.append(interface)
        }
        return config
    }

    private static func section(_ key: String, _ root: Node, _ reader: inout DocumentReader) -> [(String, Node, KeyPath)] {
        guard let node = root[key], let pairs = reader.mapping(node, at: KeyPath([.key(key)])) else { return [] }
        return pairs.compactMap { pair in
            guard let id = pair.key.scalar?.text else { return nil }
            let at = KeyPath([.key(key), .key(id)])
            guard reader.mapping(pair.value, at: at) != nil || pair.value.isNull else { return nil }
            return (id, pair.value, at)
        }
    }

    private static func members(_ node: Node, _ at: KeyPath, _ idToName: [String: String], _ reader: inout DocumentReader) -> [String] {
        let ids = node["interfaces"].map { reader.stringList($0, at: at.appending("interfaces")) } ?? []
        return ids.map { idToName[$0] ?? $0 }
    }

    /// `routing-policy`: from, to, table, priority, mark, type-of-service.
    private static func routingRules(_ node: Node?, _ at: KeyPath, _ reader: inout DocumentReader) -> [RoutingRule] {
        (node?.sequence ?? []).enumerated().compactMap { index, item in
            let path = at.appending(index)
            guard reader.mapping(item, at: path) != nil else { return nil }
            var rule = RoutingRule()
            rule.from = item["from"].flatMap { reader.string($0, at: path.appending("from")) }
            rule.to = item["to"].flatMap { reader.string($0, at: path.appending("to")) }
            rule.table = item["table"].flatMap { reader.int($0, at: path.appending("table"), range: 1...Int(UInt32.max)) }
            rule.priority = item["priority"].flatMap { reader.int($0, at: path.appending("priority"), range: 0...Int(UInt32.max)) }
            rule.mark = item["mark"].flatMap { reader.int($0, at: path.appending("mark"), range: 0...Int(UInt32.max)) }
            rule.typeOfService = item["type-of-service"].flatMap { reader.int($0, at: path.appending("type-of-service"), range: 0...255) }
            for (key, value) in [("from", rule.from), ("to", rule.to)] {
                if let value, IPAddress.splitCIDR(value) == nil {
                    reader.error(item[key], path.appending(key), "\"\(value)\" is not an address or network")
                    return nil
                }
            }
            guard rule.from != nil || rule.to != nil else {
                reader.error(item, path, "a routing rule needs from or to")
                return nil
            }
            return rule
        }
    }

    /// addresses, gateways, DHCP, nameservers, routes, mtu: shared by every kind of interface.
    private static func common(_ interface: inout NetworkInterface, _ node: Node, _ at: KeyPath, _ reader: inout DocumentReader) {
        interface.mtu = node["mtu"].flatMap { reader.int($0, at: at.appending("mtu"), range: 68...65535) }
        interface.routingRules = routingRules(node["routing-policy"], at.appending("routing-policy"), &reader)
        interface.dhcp4Overrides = reader.dhcpOverrides(node, family: 4, at: at)
        interface.dhcp6Overrides = reader.dhcpOverrides(node, family: 6, at: at)
        interface.optional = node["optional"].flatMap { reader.bool($0, at: at.appending("optional")) } ?? false
        interface.acceptRA = node["accept-ra"].flatMap { reader.bool($0, at: at.appending("accept-ra")) }
        interface.ipv6MTU = node["ipv6-mtu"].flatMap { reader.int($0, at: at.appending("ipv6-mtu"), range: 1280...65535) }
        if node["dhcp4"].flatMap({ reader.bool($0, at: at.appending("dhcp4")) }) == true { interface.subnets.append(Subnet(method: .dhcp4)) }
        if node["dhcp6"].flatMap({ reader.bool($0, at: at.appending("dhcp6")) }) == true { interface.subnets.append(Subnet(method: .dhcp6)) }
        let gateway4 = node["gateway4"].flatMap { reader.string($0, at: at.appending("gateway4")) }
        let gateway6 = node["gateway6"].flatMap { reader.string($0, at: at.appending("gateway6")) }
        for (index, addressNode) in (node["addresses"]?.sequence ?? []).enumerated() {
            let path = at.appending("addresses").appending(index)
            guard let text = reader.string(addressNode, at: path), let split = IPAddress.splitCIDR(text), split.prefix != nil else {
                reader.error(addressNode, path, "expected ADDRESS/PREFIX")
                continue
            }
            var subnet = Subnet(method: IPAddress.isIPv6(split.address) ? .static6 : .static4)
            subnet.address = split.address
            subnet.prefix = split.prefix
            interface.subnets.append(subnet)
        }
        // Gateways, DNS and routes go to the first subnet of their family (a static one when there is one).
        func attach(_ isIPv6: Bool, _ body: (inout Subnet) -> Void) {
            if let index = interface.subnets.firstIndex(where: { $0.method.isIPv6 == isIPv6 && ($0.method == .static4 || $0.method == .static6) })
                ?? interface.subnets.firstIndex(where: { $0.method.isIPv6 == isIPv6 }) {
                body(&interface.subnets[index])
            }
        }
        if let gateway4, let node = node["gateway4"] { attach(false) { $0.gateway = gateway4; $0.gatewayOrigin = Origin(node, at.appending("gateway4")) } }
        if let gateway6, let node = node["gateway6"] { attach(true) { $0.gateway = gateway6; $0.gatewayOrigin = Origin(node, at.appending("gateway6")) } }
        if let nameservers = node["nameservers"] {
            let servers = nameservers["addresses"].map { reader.stringList($0, at: at.appending("nameservers").appending("addresses")) } ?? []
            let search = nameservers["search"].map { reader.stringList($0, at: at.appending("nameservers").appending("search")) } ?? []
            interface.dnsServers = servers
            interface.dnsSearch = search
            // IPv6 servers need an IPv6 configuration to be reached from (and keyfiles a section to hold them).
            if servers.contains(where: IPAddress.isIPv6), !interface.subnets.contains(where: \.method.isIPv6),
               interface.subnets.contains(where: { !$0.method.isIPv6 }) {
                interface.subnets.append(Subnet(method: .linkLocal6))
            }
        }
        for (index, route) in (node["routes"]?.sequence ?? []).enumerated() {
            let path = at.appending("routes").appending(index)
            guard let to = route["to"].flatMap({ reader.string($0, at: path.appending("to")) }) else {
                reader.error(route, path, "a route needs to")
                continue
            }
            let destination = to == "default" ? (route["via"]?.scalar?.text.contains(":") == true ? "::/0" : "0.0.0.0/0") : to
            guard let split = IPAddress.splitCIDR(destination) else {
                reader.error(route["to"], path.appending("to"), "\"\(to)\" is not a destination")
                continue
            }
            // Without a prefix: cloud-init's /24 or /64, the host bits cleared (as in v1).
            let parsed = Route(destination: split.prefix == nil ? IPAddress.network(of: split.address, prefix: Route.defaultPrefix(of: split.address)) : split.address,
                               prefix: split.prefix ?? Route.defaultPrefix(of: split.address),
                               gateway: route["via"].flatMap { reader.string($0, at: path.appending("via")) },
                               metric: route["metric"].flatMap { reader.int($0, at: path.appending("metric"), range: 0...Int(UInt32.max)) },
                               table: route["table"].flatMap { reader.int($0, at: path.appending("table"), range: 1...Int(UInt32.max)) },
                               mtu: route["mtu"].flatMap { reader.int($0, at: path.appending("mtu"), range: 68...65535) },
                               onLink: route["on-link"].flatMap { reader.bool($0, at: path.appending("on-link")) } ?? false,
                               origin: Origin(route, path))
            // An IPv6 route on an interface with no IPv6 subnet (a default route through a
            // link-local gateway): the interface gets link-local IPv6 to carry it.
            if parsed.isIPv6, !interface.subnets.contains(where: \.method.isIPv6) { interface.subnets.append(Subnet(method: .linkLocal6)) }
            attach(parsed.isIPv6) { $0.routes.append(parsed) }
        }
    }
}
