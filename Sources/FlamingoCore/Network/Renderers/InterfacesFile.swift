/// ifupdown's /etc/network/interfaces (ENI), Debian's classic stack: one file,
/// `/etc/network/interfaces.d/50-flamingo.cfg`, sourced by the distribution's
/// /etc/network/interfaces. ENI has no way to bind to a MAC: stanzas name the kernel interface
/// (the name the MAC has in this boot, or a v2 `set-name`, which a .link file gives the NIC in the
/// booted system; see docs/network.md).
public enum InterfacesFile: NetworkRenderer {
    public static let name = "eni"

    public static func isUsed(by sysroot: SysrootView) -> String? {
        RendererDetection.exists("/etc/network/interfaces", in: sysroot) && RendererDetection.hasIfup(sysroot)
            ? "the sysroot has ifupdown" : nil
    }
    public static let path = "/etc/network/interfaces.d/50-flamingo.cfg"

    public static func render(_ config: NetworkConfig) -> [FileWrite] {
        let bondOf = config.bondOf, bridgeOf = config.bridgeOf
        var text = "# Written by flamingo from the instance's network configuration; replaced on every boot.\n"
        for interface in config.interfaces {
            text += "\nauto \(interface.name)\n"
            let settings = deviceSettings(interface, bond: bondOf[interface.name])
            let subnets = bondOf[interface.name] != nil || bridgeOf[interface.name] != nil ? [] : interface.subnets
            // The interface's own DNS and the global DNS go with its first stanza (resolvconf's
            // ifupdown hook reads them whatever the method).
            let ownDNS = interface.dnsServers + config.nameservers, ownSearch = interface.dnsSearch + config.searchDomains
            var dnsLines: [String] = []
            if !ownDNS.isEmpty { dnsLines.append("dns-nameservers " + ownDNS.joined(separator: " ")) }
            if !ownSearch.isEmpty { dnsLines.append("dns-search " + ownSearch.joined(separator: " ")) }
            if subnets.isEmpty {
                text += "iface \(interface.name) inet manual\n" + (settings + (bondOf[interface.name] ?? bridgeOf[interface.name] == nil ? dnsLines : [])).map { "    \($0)\n" }.joined()
                continue
            }
            var first = true
            for subnet in subnets {
                let family = subnet.method.isIPv6 ? "inet6" : "inet"
                let method: String
                switch subnet.method {
                case .dhcp4, .dhcp6, .dhcpv6Stateful: method = "dhcp"
                case .static4, .static6: method = "static"
                case .slaac, .dhcpv6Stateless: method = "auto"
                case .linkLocal6: method = "manual"
                }
                text += "iface \(interface.name) \(family) \(method)\n"
                var lines = first ? settings : []
                first = false
                if let address = subnet.address, let prefix = subnet.prefix { lines.append("address \(address)/\(prefix)") }
                // A default route without a metric is the stanza's gateway, as ifupdown users write it.
                // (`manual` takes no gateway: there the default route stays a post-up route.)
                let defaultRoute = subnet.gateway == nil && method != "manual" ? subnet.routes.first(where: \.isPlainDefault) : nil
                if let gateway = subnet.gateway ?? defaultRoute?.gateway { lines.append("gateway \(gateway)") }
                if subnet.method == .dhcpv6Stateless { lines.append("dhcp 1") }
                // ifupdown's dhcp options: the hostname sent, the metric of the server's routes.
                if method == "dhcp" {
                    let dhcp = subnet.method.isIPv6 ? interface.dhcp6Overrides : interface.dhcp4Overrides
                    if !subnet.method.isIPv6, let hostname = dhcp.hostname { lines.append("hostname \(hostname)") }
                    if !subnet.method.isIPv6, let metric = dhcp.routeMetric { lines.append("metric \(metric)") }
                }
                if subnet.method.isIPv6, let acceptRA = interface.acceptRA { lines.append("accept_ra \(acceptRA ? 1 : 0)") }
                let dns = subnet.dnsServers + (subnets.first == subnet ? ownDNS : [])
                if !dns.isEmpty { lines.append("dns-nameservers " + dns.joined(separator: " ")) }
                let search = subnet.dnsSearch + (subnets.first == subnet ? ownSearch : [])
                if !search.isEmpty { lines.append("dns-search " + search.joined(separator: " ")) }
                for route in subnet.routes where route != defaultRoute {
                    let family = route.isIPv6 ? "-6 " : ""
                    lines.append("post-up ip \(family)route add \(route.ipArguments) dev \(interface.name) || true")
                    lines.append("pre-down ip \(family)route del \(route.ipArguments) dev \(interface.name) || true")
                }
                // Policy routing rules of the family, with the first stanza of that family.
                if subnets.first(where: { $0.method.isIPv6 == subnet.method.isIPv6 }) == subnet {
                    for rule in interface.routingRules where rule.isIPv6 == subnet.method.isIPv6 {
                        let family = rule.isIPv6 ? "-6 " : ""
                        lines.append("post-up ip \(family)rule add \(rule.ipArguments) || true")
                        lines.append("pre-down ip \(family)rule del \(rule.ipArguments) || true")
                    }
                }
                text += lines.map { "    \($0)\n" }.joined()
            }
        }
        return [FileWrite(path: path, text: text, mode: FileMode(0o644), owner: .root)] + LinkFiles.render(config)
    }

    /// Link-level settings: MTU, MAC for virtual devices, bond, VLAN and bridge options.
    static func deviceSettings(_ interface: NetworkInterface, bond: String?) -> [String] {
        var lines: [String] = []
        if let mtu = interface.mtu { lines.append("mtu \(mtu)") }
        if interface.wakeOnLan { lines.append("ethernet-wol g") }  // ethtool's ifupdown hook
        if let bond { lines.append("bond-master \(bond)") }
        switch interface.kind {
        case .bond(let settings):
            lines.append("bond-slaves " + (interface.members.isEmpty ? "none" : interface.members.joined(separator: " ")))
            lines += BondOptions.ifenslave(settings)
            if let mac = interface.macAddress { lines.append("hwaddress \(mac)") }
        case .vlan(let id, let link):
            lines += ["vlan-raw-device \(link)", "vlan-id \(id)"]
            if let mac = interface.macAddress { lines.append("hwaddress \(mac)") }
        case .bridge(let bridge):
            // bridge-utils' options (times in seconds); STP off unless asked for.
            lines.append("bridge_ports " + (interface.members.isEmpty ? "none" : interface.members.joined(separator: " ")))
            lines.append("bridge_stp \(bridge.stp == true ? "on" : "off")")
            if let value = bridge.priority { lines.append("bridge_bridgeprio \(value)") }
            if let value = bridge.forwardDelay { lines.append("bridge_fd \(value)") }
            if let value = bridge.helloTime { lines.append("bridge_hello \(value)") }
            if let value = bridge.maxAge { lines.append("bridge_maxage \(value)") }
            if let value = bridge.ageingTime { lines.append("bridge_ageing \(value)") }
            for (port, value) in bridge.portPriority.sorted(by: { $0.key < $1.key }) { lines.append("bridge_portprio \(port) \(value)") }
            for (port, value) in bridge.pathCost.sorted(by: { $0.key < $1.key }) { lines.append("bridge_pathcost \(port) \(value)") }
        case .physical, .infiniband:
            break
        }
        return lines
    }
}
