extension NetworkConfig {
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
}
