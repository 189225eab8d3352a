/// systemd-networkd: `/etc/systemd/network/10-flamingo-NAME.network` per interface, and a
/// `.netdev` for each bond, bridge and VLAN (which cloud-init 22.4's networkd renderer does not
/// write, leaving them uncreated). Physical NICs match on their MAC with `Type=ether`, so that a
/// VLAN or bond sharing the MAC does not match too.
public enum SystemdNetworkd: NetworkRenderer {
    public static let name = "networkd"

    public static func isUsed(by sysroot: SysrootView) -> String? {
        let enabled = ["multi-user.target.wants", "network-online.target.wants", "sockets.target.wants"].contains { wants in
            ["service", "socket"].contains { RendererDetection.exists("/etc/systemd/system/\(wants)/systemd-networkd.\($0)", in: sysroot) }
        }
        return enabled ? "systemd-networkd is enabled in the sysroot" : nil
    }
    public static let directory = "/etc/systemd/network"
    static let header = "# Written by flamingo from the instance's network configuration; replaced on every boot.\n"

    public static func render(_ config: NetworkConfig) -> [FileWrite] {
        let controllers = config.controllers
        let controller = controllers.mapValues { controller -> (kind: String, name: String) in
            if case .bond = controller.kind { return ("Bond", controller.name) }
            return ("Bridge", controller.name)
        }
        var vlans: [String: [String]] = [:]
        for interface in config.interfaces {
            if case .vlan(_, let link) = interface.kind { vlans[link, default: []].append(interface.name) }
        }
        var files: [FileWrite] = []
        for interface in config.interfaces {
            if let netdev = netdev(interface) {
                files.append(FileWrite(path: "\(directory)/10-flamingo-\(interface.name).netdev", text: netdev, mode: FileMode(0o644), owner: .root))
            }
            files.append(FileWrite(path: "\(directory)/10-flamingo-\(interface.name).network",
                                   text: network(interface, controller: controller[interface.name], vlans: vlans[interface.name] ?? [], config: config,
                                                 member: memberLines(controllers[interface.name], interface.name)),
                                   mode: FileMode(0o644), owner: .root))
        }
        return files + LinkFiles.render(config, wakeOnLan: true)
    }

    static func netdev(_ interface: NetworkInterface) -> String? {
        var lines: [String]
        switch interface.kind {
        case .physical, .infiniband: return nil
        case .bond(let bond):
            lines = ["[NetDev]", "Name=\(interface.name)", "Kind=bond"]
            if let mac = interface.macAddress { lines.append("MACAddress=\(mac)") }
            if let mtu = interface.mtu { lines.append("MTUBytes=\(mtu)") }
            lines += ["", "[Bond]"] + BondOptions.networkd(bond)
        case .bridge(let bridge):
            lines = ["[NetDev]", "Name=\(interface.name)", "Kind=bridge"]
            if let mac = interface.macAddress { lines.append("MACAddress=\(mac)") }
            if let mtu = interface.mtu { lines.append("MTUBytes=\(mtu)") }
            lines += ["", "[Bridge]", "STP=\(bridge.stp == true ? "yes" : "no")"]
            if let value = bridge.priority { lines.append("Priority=\(value)") }
            if let value = bridge.forwardDelay { lines.append("ForwardDelaySec=\(value)") }
            if let value = bridge.helloTime { lines.append("HelloTimeSec=\(value)") }
            if let value = bridge.maxAge { lines.append("MaxAgeSec=\(value)") }
            if let value = bridge.ageingTime { lines.append("AgeingTimeSec=\(value)") }
        case .vlan(let id, _):
            lines = ["[NetDev]", "Name=\(interface.name)", "Kind=vlan"]
            if let mac = interface.macAddress { lines.append("MACAddress=\(mac)") }
            if let mtu = interface.mtu { lines.append("MTUBytes=\(mtu)") }
            lines += ["", "[VLAN]", "Id=\(id)"]
        }
        return header + "\n" + lines.joined(separator: "\n") + "\n"
    }

    /// `[DHCPv4]`/`[DHCPv6]`: what the client takes from the server and sends (DHCPv6 has no
    /// UseMTU, UseRoutes, SendHostname or Hostname in networkd).
    static func dhcpSection(_ name: String, _ overrides: DHCPOverrides, ipv6: Bool) -> [String] {
        guard !overrides.isEmpty else { return [] }
        let yes = { (value: Bool) in value ? "yes" : "no" }
        var lines = ["", "[\(name)]"]
        if let value = overrides.useDNS { lines.append("UseDNS=\(yes(value))") }
        if let value = overrides.useNTP { lines.append("UseNTP=\(yes(value))") }
        if let value = overrides.useHostname { lines.append("UseHostname=\(yes(value))") }
        if let value = overrides.useDomains { lines.append("UseDomains=\(value == "true" ? "yes" : value == "false" ? "no" : value)") }
        if let value = overrides.routeMetric { lines.append("RouteMetric=\(value)") }
        if !ipv6 {
            if let value = overrides.sendHostname { lines.append("SendHostname=\(yes(value))") }
            if let value = overrides.hostname { lines.append("Hostname=\(value)") }
            if let value = overrides.useMTU { lines.append("UseMTU=\(yes(value))") }
            if let value = overrides.useRoutes { lines.append("UseRoutes=\(yes(value))") }
        }
        return lines
    }

    /// What a member says of its place in its bond (primary, active: [Network] lines) or bridge
    /// (its port's priority and cost: a [Bridge] section).
    static func memberLines(_ controller: NetworkInterface?, _ name: String) -> [String] {
        switch controller?.kind {
        case .bond(let bond)?: return BondOptions.memberSettings(bond, member: name)
        case .bridge(let bridge)?:
            let port = [bridge.portPriority[name].map { "Priority=\($0)" }, bridge.pathCost[name].map { "Cost=\($0)" }].compactMap { $0 }
            return port.isEmpty ? [] : ["", "[Bridge]"] + port
        default: return []
        }
    }

    static func network(_ interface: NetworkInterface, controller: (kind: String, name: String)?, vlans: [String], config: NetworkConfig,
                        member: [String] = []) -> String {
        var lines = ["[Match]"]
        if case .physical = interface.kind, let mac = interface.macAddress {
            lines += ["MACAddress=\(mac)", "Type=ether"]
        } else {
            lines.append("Name=\(interface.name)")
        }
        var link: [String] = []
        switch interface.kind {
        case .physical, .infiniband: if let mtu = interface.mtu { link.append("MTUBytes=\(mtu)") }
        default: break
        }
        // `optional`: systemd-networkd-wait-online does not wait for it.
        if interface.optional { link.append("RequiredForOnline=no") }
        if !link.isEmpty { lines += ["", "[Link]"] + link }
        lines += ["", "[Network]"]
        if let controller {
            // A bond's or bridge's member carries no addresses and gets no DHCP.
            lines.append("\(controller.kind)=\(controller.name)")
            lines += vlans.map { "VLAN=\($0)" }
            lines += member
            return header + "\n" + lines.joined(separator: "\n") + "\n"
        }
        let methods = Set(interface.subnets.map(\.method))
        let dhcp4 = methods.contains(.dhcp4)
        let dhcp6 = methods.contains(.dhcp6) || methods.contains(.dhcpv6Stateful)
        lines.append("DHCP=\(dhcp4 && dhcp6 ? "yes" : dhcp4 ? "ipv4" : dhcp6 ? "ipv6" : "no")")
        let acceptRA = interface.acceptRA ?? (methods.contains(.slaac) || methods.contains(.dhcpv6Stateless) || dhcp6)
        lines.append("IPv6AcceptRA=\(acceptRA ? "yes" : "no")")
        if let mtu = interface.ipv6MTU { lines.append("IPv6MTUBytes=\(mtu)") }
        var routes: [Route] = []
        var dns: [String] = [], domains: [String] = []
        for subnet in interface.subnets {
            if let address = subnet.address, let prefix = subnet.prefix { lines.append("Address=\(address)/\(prefix)") }
            if let gateway = subnet.gateway { lines.append("Gateway=\(gateway)") }
            routes += subnet.routes
        }
        dns += interface.allDNSServers
        domains += interface.allDNSSearch
        dns += config.nameservers.filter { !dns.contains($0) }
        domains += config.searchDomains.filter { !domains.contains($0) }
        lines += dns.map { "DNS=\($0)" }
        if !domains.isEmpty { lines.append("Domains=" + domains.joined(separator: " ")) }
        lines += vlans.map { "VLAN=\($0)" }
        for route in routes {
            lines += ["", "[Route]", "Destination=\(route.destination)/\(route.prefix)"]
            if let gateway = route.gateway { lines.append("Gateway=\(gateway)") }
            if let metric = route.metric { lines.append("Metric=\(metric)") }
            if let table = route.table { lines.append("Table=\(table)") }
            if let mtu = route.mtu { lines.append("MTUBytes=\(mtu)") }
            if route.onLink { lines.append("GatewayOnLink=yes") }
        }
        for rule in interface.routingRules {
            lines += ["", "[RoutingPolicyRule]"]
            if let from = rule.from { lines.append("From=\(from)") }
            if let to = rule.to { lines.append("To=\(to)") }
            if let table = rule.table { lines.append("Table=\(table)") }
            if let priority = rule.priority { lines.append("Priority=\(priority)") }
            if let mark = rule.mark { lines.append("FirewallMark=\(mark)") }
            if let tos = rule.typeOfService { lines.append("TypeOfService=\(tos)") }
        }
        if dhcp4 { lines += dhcpSection("DHCPv4", interface.dhcp4Overrides, ipv6: false) }
        if dhcp6 { lines += dhcpSection("DHCPv6", interface.dhcp6Overrides, ipv6: true) }
        return header + "\n" + lines.joined(separator: "\n") + "\n"
    }
}
