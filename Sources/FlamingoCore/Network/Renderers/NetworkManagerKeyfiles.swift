/// NetworkManager keyfiles: one `/etc/NetworkManager/system-connections/flamingo-NAME.nmconnection`
/// per interface, 0600 root (NetworkManager ignores keyfiles others can read). Physical NICs are
/// bound to their MAC (to their name when the input gives no MAC), never renamed here; bonds,
/// bridges and VLANs name the device NetworkManager creates. `autoconnect-priority` makes them win
/// over a profile the image ships for the same device.
public enum NetworkManagerKeyfiles: NetworkRenderer {
    public static let name = "nm"

    public static func isUsed(by sysroot: SysrootView) -> String? {
        RendererDetection.exists("/usr/sbin/NetworkManager", in: sysroot) ? "the sysroot has NetworkManager" : nil
    }
    public static let directory = "/etc/NetworkManager/system-connections"
    public static let autoconnectPriority = 120

    public static func path(for interface: NetworkInterface) -> String { "\(directory)/flamingo-\(interface.name).nmconnection" }

    public static func uuid(for interface: NetworkInterface) -> String {
        StableUUID.make("flamingo:\(interface.name):\(interface.macAddress ?? "")")
    }

    public static func render(_ config: NetworkConfig) -> [FileWrite] {
        let controllers = config.controllers.mapValues { controller -> (uuid: String, type: String) in
            if case .bond = controller.kind { return (uuid(for: controller), "bond") }
            return (uuid(for: controller), "bridge")
        }
        let parents = Dictionary(config.interfaces.map { ($0.name, uuid(for: $0)) }, uniquingKeysWith: { first, _ in first })
        return config.interfaces.map { interface in
            FileWrite(path: path(for: interface), text: keyfile(interface, controller: controllers[interface.name], parents: parents, config: config),
                      mode: FileMode(0o600), owner: .root)
        } + LinkFiles.render(config)
    }

    static func keyfile(_ interface: NetworkInterface, controller: (uuid: String, type: String)?, parents: [String: String],
                        config: NetworkConfig) -> String {
        var lines = ["# Written by flamingo from the instance's network configuration; replaced on every boot.", "", "[connection]",
                     "id=flamingo \(interface.name)", "uuid=\(uuid(for: interface))"]
        switch interface.kind {
        // A NIC given by name only is bound to that name: a profile bound to no device is one
        // NetworkManager may activate on any NIC.
        case .physical: lines += ["type=ethernet"] + (interface.macAddress == nil ? ["interface-name=\(interface.name)"] : [])
        case .infiniband: lines += ["type=infiniband", "interface-name=\(interface.name)"]
        case .bond: lines += ["type=bond", "interface-name=\(interface.name)"]
        case .bridge: lines += ["type=bridge", "interface-name=\(interface.name)"]
        case .vlan: lines += ["type=vlan", "interface-name=\(interface.name)"]
        }
        lines.append("autoconnect-priority=\(autoconnectPriority)")
        if let controller {
            lines += ["master=\(controller.uuid)", "slave-type=\(controller.type)"]
        }
        lines += ["", "[user]", "org.freedesktop.NetworkManager.origin=flamingo"]

        var ethernet: [String] = []
        if let mac = interface.macAddress, case .physical = interface.kind { ethernet.append("mac-address=\(mac.uppercased())") }
        else if let mac = interface.macAddress, case .infiniband = interface.kind { ethernet.append("mac-address=\(mac.uppercased())") }
        else if let mac = interface.macAddress { ethernet.append("cloned-mac-address=\(mac.uppercased())") }
        if let mtu = interface.mtu { ethernet.append("mtu=\(mtu)") }
        if interface.wakeOnLan { ethernet.append("wake-on-lan=64") }  // NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC
        if case .infiniband = interface.kind {
            // Datagram mode: what the port comes up in, and cloud-init's choice.
            lines += ["", "[infiniband]", "transport-mode=datagram"] + ethernet
        } else if !ethernet.isEmpty {
            lines += ["", "[ethernet]"] + ethernet
        }

        switch interface.kind {
        case .bond(let bond):
            lines += ["", "[bond]"] + BondOptions.kernel(bond)
        case .vlan(let id, let link):
            lines += ["", "[vlan]", "id=\(id)", "parent=\(parents[link] ?? link)"]
        case .bridge(let bridge):
            // STP off unless asked for: NetworkManager's own default (on) is no other stack's.
            lines += ["", "[bridge]", "stp=\(bridge.stp == true)"]
            if let value = bridge.priority { lines.append("priority=\(value)") }
            if let value = bridge.forwardDelay { lines.append("forward-delay=\(value)") }
            if let value = bridge.helloTime { lines.append("hello-time=\(value)") }
            if let value = bridge.maxAge { lines.append("max-age=\(value)") }
            if let value = bridge.ageingTime { lines.append("ageing-time=\(value)") }
        case .physical, .infiniband:
            break
        }
        if let port = config.controllers[interface.name], case .bridge(let bridge) = port.kind,
           bridge.portPriority[interface.name] != nil || bridge.pathCost[interface.name] != nil {
            lines += ["", "[bridge-port]"]
            if let value = bridge.portPriority[interface.name] { lines.append("priority=\(value)") }
            if let value = bridge.pathCost[interface.name] { lines.append("path-cost=\(value)") }
        }
        // A bond's or bridge's member has no addresses of its own.
        if controller == nil {
            lines += ["", "[ipv4]"] + family(interface, ipv6: false, config: config)
            lines += ["", "[ipv6]"] + family(interface, ipv6: true, config: config)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One address family's section: its method, addresses, gateway, routes and DNS, and nothing
    /// of the other family (an IPv6 default route never lands in [ipv4]).
    static func family(_ interface: NetworkInterface, ipv6: Bool, config: NetworkConfig) -> [String] {
        let subnets = interface.subnets.filter { $0.method.isIPv6 == ipv6 }
        guard !subnets.isEmpty else { return [ipv6 ? "method=ignore" : "method=disabled"] }
        let methods = Set(subnets.map(\.method))
        var lines: [String]
        if ipv6 {
            // `auto` follows the router's advertisement: SLAAC, and DHCPv6 (stateless or stateful) when
            // it says so — what cloud-init writes for every dynamic IPv6 method.
            // `accept-ra: false` with DHCPv6: `dhcp` (DHCPv6 alone); `accept-ra: true` with static
            // addresses: `auto` (the addresses plus what the routers advertise).
            let dynamic: Set<Subnet.Method> = [.dhcp6, .dhcpv6Stateful, .slaac, .dhcpv6Stateless]
            if interface.acceptRA == false, !methods.isDisjoint(with: [.dhcp6, .dhcpv6Stateful]) { lines = ["method=dhcp"] }
            else if interface.acceptRA == true { lines = ["method=auto"] }
            else if methods == [.linkLocal6] { lines = ["method=link-local"] }
            else { lines = [methods.isDisjoint(with: dynamic) ? "method=manual" : "method=auto"] }
        } else {
            lines = [methods.contains(.dhcp4) ? "method=auto" : "method=manual"]
        }
        lines.append("may-fail=false")
        // DHCP overrides NetworkManager has per connection: DNS (and with it the domains), routes,
        // their metric, the hostname sent.
        let dhcp = ipv6 ? interface.dhcp6Overrides : interface.dhcp4Overrides
        if interface.subnets.contains(where: { $0.method.isIPv6 == ipv6 && [.dhcp4, .dhcp6, .dhcpv6Stateful, .dhcpv6Stateless].contains($0.method) }) {
            if dhcp.useDNS == false { lines.append("ignore-auto-dns=true") }
            if dhcp.useRoutes == false { lines.append("ignore-auto-routes=true") }
            if let metric = dhcp.routeMetric { lines.append("route-metric=\(metric)") }
            if let hostname = dhcp.hostname { lines.append("dhcp-hostname=\(hostname)") }
            if dhcp.sendHostname == false { lines.append("dhcp-send-hostname=false") }
        }
        if ipv6, let mtu = interface.ipv6MTU { lines.append("mtu=\(mtu)") }
        var addressIndex = 0, routeIndex = 0
        var gateway: String?
        var dns: [String] = [], search: [String] = []
        var routes: [String] = []
        for subnet in subnets {
            if let address = subnet.address, let prefix = subnet.prefix {
                addressIndex += 1
                lines.append("address\(addressIndex)=\(address)/\(prefix)")
            }
            if gateway == nil { gateway = subnet.gateway }
            for route in subnet.routes where route.isIPv6 == ipv6 {
                if route.isPlainDefault, gateway == nil, let via = route.gateway {
                    gateway = via
                    continue
                }
                routeIndex += 1
                var entry = "route\(routeIndex)=\(route.destination)/\(route.prefix)"
                if let via = route.gateway { entry += ",\(via)" }
                if let metric = route.metric { entry += route.gateway == nil ? ",,\(metric)" : ",\(metric)" }
                routes.append(entry)
                let options = [route.table.map { "table=\($0)" }, route.mtu.map { "mtu=\($0)" }, route.onLink ? "onlink=true" : nil].compactMap { $0 }
                if !options.isEmpty { routes.append("route\(routeIndex)_options=" + options.joined(separator: ",")) }
            }
        }
        // DNS servers go to the section of their own family, whichever subnet carried them; search
        // domains to every family the connection configures (cloud-init's newest keyfiles).
        dns += interface.allDNSServers.filter { IPAddress.isIPv6($0) == ipv6 }
        search += interface.allDNSSearch
        dns += config.nameservers.filter { IPAddress.isIPv6($0) == ipv6 && !dns.contains($0) }
        search += config.searchDomains.filter { !search.contains($0) }
        // NetworkManager takes a gateway only beside an address of the family: without one (link-local
        // IPv6 carrying a route through a link-local router) the gateway is a default route.
        if let gateway {
            if addressIndex > 0 { lines.append("gateway=\(gateway)") }
            else { routes.append("route\(routeIndex + 1)=\(ipv6 ? "::" : "0.0.0.0")/0,\(gateway)") }
        }
        lines += routes
        // Policy routing rules: NetworkManager wants each with a priority (the kernel's would be
        // its own choice): one without is given the next free one from 30000 down, before main's 32766.
        var freePriority = 30000
        for (index, rule) in interface.routingRules.filter({ $0.isIPv6 == ipv6 }).enumerated() {
            var rule = rule
            if rule.priority == nil { rule.priority = freePriority; freePriority -= 1 }
            lines.append("routing-rule\(index + 1)=" + rule.ipArguments.split(separator: " ").map(String.init).reorderedPriorityFirst())
        }
        // NetworkManager refuses DNS settings beside `method=link-local`: an IPv6 server of an
        // interface with no IPv6 address is left out there (docs/network.md).
        if methods == [.linkLocal6] { return lines }
        if !dns.isEmpty { lines.append("dns=" + dns.map { $0 + ";" }.joined()) }
        if !search.isEmpty { lines.append("dns-search=" + search.map { $0 + ";" }.joined()) }
        return lines
    }

    /// Linux bonding's numeric modes by the names NetworkManager documents.
    static func bondModeName(_ mode: String) -> String {
        ["0": "balance-rr", "1": "active-backup", "2": "balance-xor", "3": "broadcast", "4": "802.3ad",
         "5": "balance-tlb", "6": "balance-alb"][mode] ?? mode
    }
}
