/// One default gateway per interface and address family. Two default routes of one family on
/// one interface with no metric to order them (two subnets' `gateway`s, a `gateway` and a
/// default route, two default routes) cannot all be installed: the kernel refuses the second
/// IPv4 one, and cloud-init keeps one or the other depending on the renderer (the last subnet's
/// for NetworkManager and ifcfg, both for networkd and ENI; network_data.json's two default
/// routes are an error for ifcfg). flamingo refuses the description, naming both, rather than
/// drop one without a word (docs/network.md).
enum DefaultGateways {
    static func conflicts(_ config: NetworkConfig, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for interface in config.interfaces {
            for ipv6 in [false, true] {
                var first: (gateway: String, origin: Origin)?
                for subnet in interface.subnets where subnet.method.isIPv6 == ipv6 || subnet.gateway.map(IPAddress.isIPv6) == ipv6 {
                    var candidates: [(String, Origin)] = []
                    if let gateway = subnet.gateway, IPAddress.isIPv6(gateway) == ipv6 { candidates.append((gateway, subnet.gatewayOrigin)) }
                    for route in subnet.routes where route.isDefault && route.isIPv6 == ipv6 && route.metric == nil && route.table == nil {
                        if let gateway = route.gateway { candidates.append((gateway, route.origin)) }
                    }
                    for (gateway, origin) in candidates {
                        guard let earlier = first else { first = (gateway, origin); continue }
                        guard earlier.gateway.lowercased() != gateway.lowercased() else { continue }
                        let family = ipv6 ? "IPv6" : "IPv4"
                        let earlierAt = earlier.origin.mark.map { " (at \($0), \(earlier.origin.path))" } ?? ""
                        diagnostics.append(Diagnostic(
                            .error, file: file, mark: origin.mark, keyPath: origin.path,
                            "a second default \(family) gateway on \(interface.name): \(gateway), besides \(earlier.gateway)\(earlierAt); only one can be the default route — keep one, or give the default routes metrics to order them"))
                    }
                }
            }
        }
        return diagnostics
    }
}
