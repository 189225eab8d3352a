/// What a DHCP client takes from its server, and what it sends (v2 `dhcp4-overrides` and
/// `dhcp6-overrides`, cloud-init's `dhcp4domain`/`dhcp6domain`, v1 a dhcp subnet's `metric`).
/// nil everywhere: the stack's defaults (take everything).
public struct DHCPOverrides: Sendable, Equatable {
    public var useDNS: Bool?
    public var useNTP: Bool?
    public var useHostname: Bool?
    public var sendHostname: Bool?
    public var useMTU: Bool?
    public var useRoutes: Bool?
    /// `true`, `false` or `route` (search domains for routing only).
    public var useDomains: String?
    public var hostname: String?
    public var routeMetric: Int?
    public init() {}

    public var isEmpty: Bool { self == DHCPOverrides() }
}

extension DocumentReader {
    /// `dhcp4-overrides`/`dhcp6-overrides` of a v2 interface, with `dhcpNdomain` (cloud-init's own
    /// key for use-domains); both at once is refused, as cloud-init refuses it.
    mutating func dhcpOverrides(_ node: Node, family: Int, at: KeyPath) -> DHCPOverrides {
        var overrides = DHCPOverrides()
        let key = "dhcp\(family)-overrides"
        let path = at.appending(key)
        for pair in node[key].flatMap({ mapping($0, at: path) }) ?? [] {
            guard let name = pair.key.scalar?.text else { continue }
            let at = path.appending(name)
            switch name {
            case "use-dns": overrides.useDNS = bool(pair.value, at: at)
            case "use-ntp": overrides.useNTP = bool(pair.value, at: at)
            case "use-hostname": overrides.useHostname = bool(pair.value, at: at)
            case "send-hostname": overrides.sendHostname = bool(pair.value, at: at)
            case "use-mtu": overrides.useMTU = bool(pair.value, at: at)
            case "use-routes": overrides.useRoutes = bool(pair.value, at: at)
            case "use-domains":
                let text = pair.value.scalar?.text.lowercased() ?? ""
                guard ["true", "false", "route", "yes", "no"].contains(text) else {
                    error(pair.value, at, "expected true, false or route")
                    continue
                }
                overrides.useDomains = text == "yes" ? "true" : text == "no" ? "false" : text
            case "hostname": overrides.hostname = string(pair.value, at: at)
            case "route-metric": overrides.routeMetric = int(pair.value, at: at, range: 0...Int(UInt32.max))
            default: warning(pair.key, at, "unknown DHCP override \"\(name)\"; ignored")
            }
        }
        if let domain = node["dhcp\(family)domain"] {
            let at = at.appending("dhcp\(family)domain")
            if overrides.useDomains != nil {
                error(domain, at, "given with \(key).use-domains as well; give one")
            } else if let value = bool(domain, at: at) {
                overrides.useDomains = value ? "true" : "false"
            }
        }
        return overrides
    }
}
