/// Red Hat's ifcfg files (CentOS 7, Atomic Host): `/etc/sysconfig/network-scripts/ifcfg-NAME`,
/// with `route-NAME`/`route6-NAME` for routes, and /etc/resolv.conf. Physical NICs are bound with
/// `HWADDR`; a `set-name` is `DEVICE=`, which initscripts' rename_device applies by `HWADDR`.
public enum SysconfigIfcfg: NetworkRenderer {
    public static let name = "ifcfg"

    public static func isUsed(by sysroot: SysrootView) -> String? {
        RendererDetection.exists("/etc/sysconfig/network-scripts", in: sysroot) && RendererDetection.hasIfup(sysroot)
            ? "the sysroot has network-scripts and ifup" : nil
    }
    public static let directory = "/etc/sysconfig/network-scripts"
    public static let resolvConfPath = "/etc/resolv.conf"

    public static func render(_ config: NetworkConfig) -> [FileWrite] {
        let bondOf = config.bondOf, bridgeOf = config.bridgeOf
        var files: [FileWrite] = []
        for interface in config.interfaces {
            var lines = ["# Written by flamingo from the instance's network configuration; replaced on every boot.",
                         "DEVICE=\(interface.name)", "ONBOOT=yes"]
            switch interface.kind {
            case .physical:
                lines.append("TYPE=Ethernet")
                if let mac = interface.macAddress { lines.append("HWADDR=\(mac.uppercased())") }
            case .infiniband:
                lines += ["TYPE=InfiniBand", "CONNECTED_MODE=no"]
                if let mac = interface.macAddress { lines.append("HWADDR=\(mac.uppercased())") }
            case .bond(let bond):
                lines.append("TYPE=Bond")
                lines.append("BONDING_MASTER=yes")
                let options = BondOptions.kernel(bond)
                if !options.isEmpty { lines.append("BONDING_OPTS=\"\(options.joined(separator: " "))\"") }
                if let mac = interface.macAddress { lines.append("MACADDR=\(mac.uppercased())") }
            case .bridge(let bridge):
                // initscripts' ifup-eth: STP and DELAY (seconds) through brctl, BRIDGING_OPTS into
                // /sys/class/net/BRIDGE/bridge/ (times there in hundredths of a second).
                lines += ["TYPE=Bridge", "STP=\(bridge.stp == true ? "yes" : "no")"]
                if let value = bridge.forwardDelay { lines.append("DELAY=\(value)") }
                let options = [bridge.priority.map { "priority=\($0)" }, bridge.helloTime.map { "hello_time=\($0 * 100)" },
                               bridge.maxAge.map { "max_age=\($0 * 100)" }, bridge.ageingTime.map { "ageing_time=\($0 * 100)" }].compactMap { $0 }
                if !options.isEmpty { lines.append("BRIDGING_OPTS=\"\(options.joined(separator: " "))\"") }
            case .vlan(_, let link):
                lines += ["VLAN=yes", "PHYSDEV=\(link)"]
                if let mac = interface.macAddress { lines.append("MACADDR=\(mac.uppercased())") }
            }
            if let mtu = interface.mtu { lines.append("MTU=\(mtu)") }
            if let mtu = interface.ipv6MTU { lines.append("IPV6_MTU=\(mtu)") }
            if interface.wakeOnLan { lines.append("ETHTOOL_OPTS=\"wol g\"") }
            if let bond = bondOf[interface.name] {
                lines += ["MASTER=\(bond)", "SLAVE=yes", "BOOTPROTO=none"]
            } else if let bridge = bridgeOf[interface.name] {
                lines += ["BRIDGE=\(bridge)", "BOOTPROTO=none"]
                // The port's settings, into /sys/class/net/PORT/brport/.
                if case .bridge(let settings)? = config.interface(bridge)?.kind {
                    let options = [settings.portPriority[interface.name].map { "priority=\($0)" },
                                   settings.pathCost[interface.name].map { "path_cost=\($0)" }].compactMap { $0 }
                    if !options.isEmpty { lines.append("BRIDGING_OPTS=\"\(options.joined(separator: " "))\"") }
                }
            } else {
                lines += addressing(interface, config)
                if let routes = routeFile(interface, ipv6: false) {
                    files.append(FileWrite(path: "\(directory)/route-\(interface.name)", text: routes, mode: FileMode(0o644), owner: .root))
                }
                for ipv6 in [false, true] {
                    let rules = interface.routingRules.filter { $0.isIPv6 == ipv6 }.map { $0.ipArguments + "\n" }
                    if !rules.isEmpty {
                        files.append(FileWrite(path: "\(directory)/rule\(ipv6 ? "6" : "")-\(interface.name)", text: "# Written by flamingo\n" + rules.joined(),
                                               mode: FileMode(0o644), owner: .root))
                    }
                }
                if let routes = routeFile(interface, ipv6: true) {
                    files.append(FileWrite(path: "\(directory)/route6-\(interface.name)", text: routes, mode: FileMode(0o644), owner: .root))
                }
            }
            files.append(FileWrite(path: "\(directory)/ifcfg-\(interface.name)", text: lines.joined(separator: "\n") + "\n",
                                   mode: FileMode(0o644), owner: .root))
        }
        return files + [resolvConf(config)].compactMap { $0 }
    }

    static func addressing(_ interface: NetworkInterface, _ config: NetworkConfig) -> [String] {
        let methods = Set(interface.subnets.map(\.method))
        var lines = ["BOOTPROTO=\(methods.contains(.dhcp4) ? "dhcp" : "none")"]
        var index = 0
        var dns: [String] = [], search: [String] = []
        for subnet in interface.subnets where subnet.method == .static4 {
            let suffix = index == 0 ? "" : String(index)
            if let address = subnet.address, let prefix = subnet.prefix { lines += ["IPADDR\(suffix)=\(address)", "PREFIX\(suffix)=\(prefix)"] }
            index += 1
        }
        // The one default gateway (DefaultGateways refuses a second), whichever subnet gives it.
        if let gateway = defaultGateway(interface, ipv6: false) { lines.append("GATEWAY=\(gateway)") }
        // initscripts' DHCP switches: PEERDNS, PEERROUTES, METRIC, DHCP_HOSTNAME, DHCP_SEND_HOSTNAME.
        if methods.contains(.dhcp4) {
            let dhcp = interface.dhcp4Overrides
            if dhcp.useDNS == false { lines.append("PEERDNS=no") }
            if dhcp.useRoutes == false { lines.append("PEERROUTES=no") }
            if let metric = dhcp.routeMetric { lines.append("METRIC=\(metric)") }
            if let hostname = dhcp.hostname { lines.append("DHCP_HOSTNAME=\(hostname)") }
            if dhcp.sendHostname == false { lines.append("DHCP_SEND_HOSTNAME=no") }
        }
        let ipv6 = interface.subnets.filter(\.method.isIPv6)
        if ipv6.isEmpty {
            lines.append("IPV6INIT=no")
        } else {
            lines.append("IPV6INIT=yes")
            let statics = ipv6.filter { $0.method == .static6 }.compactMap { subnet in subnet.address.map { "\($0)/\(subnet.prefix ?? 64)" } }
            if let first = statics.first { lines.append("IPV6ADDR=\(first)") }
            if statics.count > 1 { lines.append("IPV6ADDR_SECONDARIES=\"\(statics.dropFirst().joined(separator: " "))\"") }
            if let gateway = defaultGateway(interface, ipv6: true) { lines.append("IPV6_DEFAULTGW=\(gateway)") }
            lines += ipv6Methods(Set(ipv6.map(\.method)), acceptRA: interface.acceptRA)
        }
        dns += interface.allDNSServers
        search += interface.allDNSSearch
        dns += config.nameservers.filter { !dns.contains($0) }
        search += config.searchDomains.filter { !search.contains($0) }
        for (number, server) in dns.prefix(3).enumerated() { lines.append("DNS\(number + 1)=\(server)") }
        if !search.isEmpty { lines.append("DOMAIN=\"\(search.joined(separator: " "))\"") }
        return lines
    }

    /// A subnet's gateway of the family, else its default route without a metric (one with a
    /// metric stays a route of route-NAME/route6-NAME).
    static func defaultGateway(_ interface: NetworkInterface, ipv6: Bool) -> String? {
        interface.subnets.compactMap(\.gateway).first { IPAddress.isIPv6($0) == ipv6 }
            ?? defaultRoute(interface, ipv6: ipv6)?.gateway
    }

    static func defaultRoute(_ interface: NetworkInterface, ipv6: Bool) -> Route? {
        interface.subnets.flatMap(\.routes).first { $0.isPlainDefault && $0.isIPv6 == ipv6 }
    }

    /// initscripts' IPv6 switches. Router advertisements stay accepted wherever DHCPv6 runs:
    /// DHCPv6 hands out no routes, the default route comes from the router's advertisement.
    static func ipv6Methods(_ methods: Set<Subnet.Method>, acceptRA: Bool? = nil) -> [String] {
        // `accept-ra` given: SLAAC and the advertisements' routes follow it, DHCPv6 as asked.
        if let acceptRA {
            let dhcp = methods.contains(.dhcp6) || methods.contains(.dhcpv6Stateful) || methods.contains(.dhcpv6Stateless)
            return ["IPV6_AUTOCONF=\(acceptRA && !methods.contains(.dhcpv6Stateful) ? "yes" : "no")", "IPV6_FORCE_ACCEPT_RA=\(acceptRA ? "yes" : "no")"]
                + (dhcp ? ["DHCPV6C=yes"] : []) + (methods.contains(.dhcpv6Stateless) ? ["DHCPV6C_OPTIONS=-S"] : [])
        }
        if methods.contains(.dhcpv6Stateless) { return ["IPV6_AUTOCONF=yes", "DHCPV6C=yes", "DHCPV6C_OPTIONS=-S"] }
        if methods.contains(.dhcp6) { return ["IPV6_AUTOCONF=yes", "DHCPV6C=yes"] }
        // Stateful: addresses from DHCPv6 only, yet the advertisement's default route.
        if methods.contains(.dhcpv6Stateful) { return ["IPV6_AUTOCONF=no", "IPV6_FORCE_ACCEPT_RA=yes", "DHCPV6C=yes"] }
        return ["IPV6_AUTOCONF=\(methods.contains(.slaac) ? "yes" : "no")"]
    }

    /// /etc/resolv.conf, as initscripts would assemble it from the DNSn settings, written now so
    /// that the first boot resolves before (and without) any ifup: every server once (glibc reads
    /// three), then the search domains. Nil without DNS: the image's file stays.
    static func resolvConf(_ config: NetworkConfig) -> FileWrite? {
        var servers: [String] = [], domains: [String] = []
        for interface in config.interfaces {
            servers += interface.allDNSServers.filter { !servers.contains($0) }
            domains += interface.allDNSSearch.filter { !domains.contains($0) }
        }
        servers += config.nameservers.filter { !servers.contains($0) }
        domains += config.searchDomains.filter { !domains.contains($0) }
        guard !servers.isEmpty || !domains.isEmpty else { return nil }
        var text = "# Written by flamingo from the instance's network configuration; replaced on every boot.\n"
        if !domains.isEmpty { text += "search \(domains.joined(separator: " "))\n" }
        text += servers.prefix(3).map { "nameserver \($0)\n" }.joined()
        return FileWrite(path: resolvConfPath, text: text, mode: FileMode(0o644), owner: .root)
    }

    /// route-NAME (`ADDRESSn`/`NETMASKn`/`GATEWAYn`) or route6-NAME (`DEST via GW`); default
    /// routes are the GATEWAY settings instead.
    static func routeFile(_ interface: NetworkInterface, ipv6: Bool) -> String? {
        // (A plain default route is the GATEWAY setting: the first, or the same gateway again.)
        let routes = interface.subnets.flatMap(\.routes).filter { $0.isIPv6 == ipv6 && !$0.isPlainDefault }
        guard !routes.isEmpty else { return nil }
        var text = "# Written by flamingo\n"
        // ip format (one `ip route add` argument list a line) for IPv6, and for IPv4 when a route
        // has a table, MTU or on-link gateway, which the ADDRESSn format cannot say.
        let ipFormat = ipv6 || routes.contains { $0.table != nil || $0.mtu != nil || $0.onLink }
        for (index, route) in routes.enumerated() {
            if ipFormat {
                text += route.ipArguments + "\n"
            } else {
                text += "ADDRESS\(index)=\(route.destination)\nNETMASK\(index)=\(netmask(route.prefix))\n"
                if let gateway = route.gateway { text += "GATEWAY\(index)=\(gateway)\n" }
                if let metric = route.metric { text += "METRIC\(index)=\(metric)\n" }
            }
        }
        return text
    }

    static func netmask(_ prefix: Int) -> String {
        let bits: UInt32 = prefix == 0 ? 0 : ~(UInt32.max >> UInt32(prefix))
        return [24, 16, 8, 0].map { String((bits >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }
}
