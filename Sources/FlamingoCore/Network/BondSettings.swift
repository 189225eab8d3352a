/// A bond's Linux bonding options by the kernel's names (`mode`, `miimon`, `xmit_hash_policy`,
/// `lacp_rate`, `updelay`, …, as /sys/class/net/BOND/bonding/ calls them), in input order.
public struct BondSettings: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public var name: String
        public var value: String
    }
    public private(set) var options: [Option] = []
    public init() {}

    public subscript(name: String) -> String? {
        get { options.first { $0.name == name }?.value }
        set {
            options.removeAll { $0.name == name }
            if let newValue { options.append(Option(name: name, value: newValue)) }
        }
    }

    public var mode: String? { get { self["mode"] } set { self["mode"] = newValue } }
    public var miimon: Int? { get { self["miimon"].flatMap { Int($0) } } set { self["miimon"] = newValue.map(String.init) } }
    public var xmitHashPolicy: String? { get { self["xmit_hash_policy"] } set { self["xmit_hash_policy"] = newValue } }

    /// The options Linux bonding has (and NetworkManager, ifcfg's BONDING_OPTS and ifenslave take
    /// by these names).
    public static let kernelOptions: Set<String> = [
        "mode", "miimon", "xmit_hash_policy", "lacp_rate", "ad_select", "ad_actor_sys_prio", "ad_actor_system",
        "ad_user_port_key", "min_links", "updelay", "downdelay", "use_carrier", "arp_interval", "arp_ip_target",
        "arp_validate", "arp_all_targets", "fail_over_mac", "num_grat_arp", "num_unsol_na", "primary",
        "primary_reselect", "active_slave", "all_slaves_active", "resend_igmp", "lp_interval", "packets_per_slave",
        "tlb_dynamic_lb", "peer_notif_delay",
    ]

    /// Why Linux bonding would refuse `value` for `option`, or nil.
    public static func problem(_ option: String, _ value: String) -> String? {
        let words: [String: [String]] = [
            "mode": ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"],
            "lacp_rate": ["slow", "fast"], "fail_over_mac": ["none", "active", "follow"],
            "arp_validate": ["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"],
            "ad_select": ["stable", "bandwidth", "count"], "primary_reselect": ["always", "better", "failure"],
            "arp_all_targets": ["any", "all"],
            "xmit_hash_policy": ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"],
        ]
        let numbers: Set<String> = ["miimon", "updelay", "downdelay", "arp_interval", "min_links", "num_grat_arp", "num_unsol_na",
                                    "resend_igmp", "lp_interval", "packets_per_slave", "ad_actor_sys_prio", "ad_user_port_key",
                                    "peer_notif_delay"]
        if let allowed = words[option] {
            // The kernel's numbers for the words count too (mode 4 is 802.3ad).
            guard allowed.contains(value) || (Int(value).map { $0 >= 0 && $0 < allowed.count } ?? false) else {
                return "\"\(value)\" is not a bond \(option) (\(allowed.joined(separator: ", ")))"
            }
        } else if numbers.contains(option) {
            guard let number = Int(value), number >= 0 else { return "\"\(value)\" is not a bond \(option) (a number)" }
        } else if ["use_carrier", "all_slaves_active", "tlb_dynamic_lb"].contains(option) {
            guard value == "0" || value == "1" else { return "\"\(value)\" is not a bond \(option) (true or false)" }
        } else if option == "ad_actor_system" {
            guard MACAddress.normalise(value) != nil else { return "\"\(value)\" is not a bond ad_actor_system (a MAC address)" }
        } else if option == "arp_ip_target" {
            let targets = value.split(separator: ",").map(String.init)
            guard !targets.isEmpty, targets.allSatisfy(IPAddress.isIPv4) else { return "\"\(value)\" is not a bond arp_ip_target (IPv4 addresses)" }
        }
        return nil
    }

    /// netplan's (v2 `parameters`) names of the kernel's options.
    public static let netplanNames: [String: String] = [
        "mode": "mode", "lacp-rate": "lacp_rate", "mii-monitor-interval": "miimon", "min-links": "min_links",
        "transmit-hash-policy": "xmit_hash_policy", "ad-select": "ad_select", "all-slaves-active": "all_slaves_active",
        "arp-interval": "arp_interval", "arp-ip-targets": "arp_ip_target", "arp-validate": "arp_validate",
        "arp-all-targets": "arp_all_targets", "up-delay": "updelay", "down-delay": "downdelay",
        "fail-over-mac-policy": "fail_over_mac", "gratuitous-arp": "num_grat_arp", "gratuitious-arp": "num_grat_arp",
        "packets-per-slave": "packets_per_slave", "primary-reselect-policy": "primary_reselect",
        "resend-igmp": "resend_igmp", "learn-packet-interval": "lp_interval", "primary": "primary",
    ]
}

extension DocumentReader {
    /// What an input's key is: a kernel option, or not one (with the warning to give, if any).
    enum BondKey {
        case option(String)
        case skip(String?)
    }

    /// A bond's options from an input's mapping, each key named by `kernelName`: every value
    /// checked, then what the mode refuses left out, each with a warning at its key.
    mutating func bondSettings(_ node: Node?, at: KeyPath, kernelName: (String) -> BondKey) -> BondSettings {
        var bond = BondSettings()
        var keys: [String: (Node, KeyPath)] = [:]
        for pair in node.flatMap({ mapping($0, at: at) }) ?? [] {
            guard let key = pair.key.scalar?.text else { continue }
            let path = at.appending(key)
            switch kernelName(key) {
            case .skip(let message):
                if let message { warning(pair.key, path, message) }
            case .option(let option):
                if let value = bondOptionValue(pair.value, option: option, at: path) {
                    bond[option] = value
                    keys[option] = (pair.key, path)
                }
            }
        }
        for (option, reason) in bond.removeIncompatible() {
            warning(keys[option]?.0, keys[option]?.1 ?? at, "\(option): \(reason); left out")
        }
        return bond
    }

    /// A bond option's value as the kernel takes it: a scalar, a boolean as 1/0, a list (ARP
    /// targets) comma-separated. A value Linux bonding would refuse is left out with a warning:
    /// NetworkManager and networkd refuse a whole bond for one bad option.
    mutating func bondOptionValue(_ node: Node, option: String, at path: KeyPath) -> String? {
        let value: String
        if node.sequence != nil {
            let items = stringList(node, at: path)
            guard !items.isEmpty else {
                warning(node, path, "an empty list; left out")
                return nil
            }
            value = items.joined(separator: ",")
        } else if let text = node.scalar?.text {
            switch text.lowercased() {
            case "true", "yes", "on": value = "1"
            case "false", "no", "off": value = "0"
            default: value = text
            }
        } else {
            warning(node, path, "expected a value; left out")
            return nil
        }
        if let problem = BondSettings.problem(option, value) {
            warning(node, path, "\(problem); left out")
            return nil
        }
        return value
    }
}
