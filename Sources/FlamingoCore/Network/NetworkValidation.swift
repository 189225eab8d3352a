/// What a network description may hold before any renderer writes it: nothing from the input
/// may add a line, a field or a path component to a file flamingo writes.
/// - Interface names (also bond and bridge members, VLAN links) are valid kernel names: 1–15
///   bytes, no `/`, `:` or whitespace, not `.` or `..` (the kernel's `dev_valid_name`) — they
///   become file names (`ifcfg-NAME`, `NAME.network`) — and no control or shell characters.
/// - Every other value written (addresses, gateways, DNS servers and search domains, routes, the
///   MAC, bond options) is one token of the characters such values are made of: letters, digits
///   and `. _ : % / + -` — no line break (a CRLF included), space, quote, `$` or backtick.
public enum NetworkValidation {
    public static func problems(_ config: NetworkConfig) -> [String] {
        var problems: [String] = []
        func name(_ value: String, _ what: String) {
            if let why = interfaceNameProblem(value) { problems.append("\(what) \(quoted(value)): \(why)") }
        }
        func token(_ value: String?, _ what: String) {
            guard let value, !isToken(value) else { return }
            problems.append("\(what) \(quoted(value)): expected one word of letters, digits and . _ : % / + -")
        }
        for value in config.nameservers { token(value, "nameserver") }
        for value in config.searchDomains { token(value, "search domain") }
        for interface in config.interfaces {
            let at = "interface \(quoted(interface.name))"
            name(interface.name, "interface name")
            for member in interface.members { name(member, "\(at): member") }
            token(interface.macAddress, "\(at): MAC address")
            switch interface.kind {
            case .vlan(_, let link): name(link, "\(at): VLAN link")
            case .bond(let bond):
                for option in bond.options {
                    switch option.name {
                    case "primary", "active_slave": name(option.value, "\(at): bond \(option.name)")
                    case "arp_ip_target": for target in option.value.split(separator: ",") { token(String(target), "\(at): bond arp_ip_target") }
                    default: token(option.value, "\(at): bond \(option.name)")
                    }
                }
            case .physical, .infiniband, .bridge: break
            }
            token(interface.dhcp4Overrides.hostname, "\(at): DHCPv4 hostname")
            token(interface.dhcp6Overrides.hostname, "\(at): DHCPv6 hostname")
            for rule in interface.routingRules {
                token(rule.from, "\(at): routing rule from")
                token(rule.to, "\(at): routing rule to")
            }
            for value in interface.dnsServers { token(value, "\(at): DNS server") }
            for value in interface.dnsSearch { token(value, "\(at): DNS search domain") }
            for subnet in interface.subnets {
                token(subnet.address, "\(at): address")
                token(subnet.gateway, "\(at): gateway")
                for value in subnet.dnsServers { token(value, "\(at): DNS server") }
                for value in subnet.dnsSearch { token(value, "\(at): DNS search domain") }
                for route in subnet.routes {
                    token(route.destination, "\(at): route destination")
                    token(route.gateway, "\(at): route gateway")
                }
            }
        }
        return problems
    }

    /// Why `name` is not a usable interface name, or nil.
    public static func interfaceNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "an interface name cannot be empty" }
        if bytes.count > 15 { return "longer than the kernel's 15 bytes for an interface name" }
        if name == "." || name == ".." { return "not an interface name" }
        if bytes.contains(where: { !isNameByte($0) }) {
            return "an interface name may hold letters, digits and . _ - @ + only (no /, :, whitespace or control characters)"
        }
        return nil
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "+")].contains(byte)
    }

    /// Checked byte by byte: `"\r\n"` is one Swift Character, so a Character test for `"\n"` misses it.
    static func isToken(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { isAlphanumeric($0) || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "%"),
                                                                       UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains($0) }
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The value as the message shows it: escapes for what is invisible or breaks a line.
    static func quoted(_ value: String) -> String {
        let text = value.escapingScalars { scalar in
            switch scalar {
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case "\"": return "\\\""
            default: return scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : nil
            }
        }
        return "\"" + text + "\""
    }
}
