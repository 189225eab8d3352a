/// IPv4 and IPv6 addresses and prefixes, checked and normalised without the C library (so that
/// parsing stays pure and testable).
public enum IPAddress {
    public static func isIPv4(_ text: String) -> Bool { ipv4Octets(text) != nil }

    static func ipv4Octets(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isNumber), let value = UInt8(part) else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// A syntactic IPv6 check: hex groups of at most four digits, at most one `::`, an optional
    /// trailing dotted IPv4 part.
    public static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), !text.contains(":::") else { return false }
        let doubleColons = text.components(separatedByLiteral: "::").count - 1
        guard doubleColons <= 1 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        var count = groups.count
        if let last = groups.last, last.contains(".") {
            guard isIPv4(last) else { return false }
            groups.removeLast()
            count += 1
        }
        guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return doubleColons == 1 ? count < 8 : count == 8
    }

    /// The prefix length of a dotted IPv4 netmask (`255.255.255.248` → 29), nil if not contiguous.
    public static func prefix(ofNetmask netmask: String) -> Int? {
        if let octets = ipv4Octets(netmask) {
            let bits = octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let ones = (~bits).leadingZeroBitCount
            let contiguous = ones == 32 ? bits == UInt32.max : bits == ~(UInt32.max >> UInt32(ones))
            return contiguous ? ones : nil
        }
        if isIPv6(netmask) {  // an IPv6 "netmask" as OpenStack sometimes writes it
            var ones = 0
            var ended = false
            for group in expandIPv6(netmask) {
                for bit in (0..<16).reversed() {
                    let set = (group >> UInt16(bit)) & 1 == 1
                    if set && ended { return nil }
                    if set { ones += 1 } else { ended = true }
                }
            }
            return ones
        }
        return nil
    }

    /// The eight 16-bit groups of an IPv6 address (valid input assumed).
    static func expandIPv6(_ text: String) -> [UInt16] {
        let halves = text.components(separatedByLiteral: "::")
        func groups(_ part: String) -> [UInt16] {
            part.split(separator: ":").map { UInt16($0, radix: 16) ?? 0 }
        }
        if halves.count == 2 {
            let head = groups(halves[0]), tail = groups(halves[1])
            return head + Array(repeating: 0, count: max(0, 8 - head.count - tail.count)) + tail
        }
        return groups(text)
    }

    /// The network holding `address` under `prefix`: the host bits cleared (`192.0.2.7`, 24 →
    /// `192.0.2.0`; `2001:db8::1`, 64 → `2001:db8::`), as the kernel wants a route's destination.
    public static func network(of address: String, prefix: Int) -> String {
        if let octets = ipv4Octets(address) {
            let bits = octets.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let masked = prefix <= 0 ? 0 : bits & ~(UInt32.max >> UInt32(min(prefix, 32)))
            return (0..<4).map { String((masked >> UInt32(24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
        }
        guard isIPv6(address), !address.contains(".") else { return address }
        let groups = expandIPv6(address).enumerated().map { index, group -> UInt16 in
            let kept = min(max(prefix - 16 * index, 0), 16)
            return kept == 0 ? 0 : group & ~(UInt16.max >> UInt16(kept))
        }
        return compressIPv6(groups)
    }

    /// RFC 5952's text form of eight groups: lower-case hex, the longest run of two or more zero
    /// groups (the first of equal runs) as `::`.
    static func compressIPv6(_ groups: [UInt16]) -> String {
        var best = (start: -1, length: 1), run = (start: -1, length: 0)
        for (index, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (index, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        return hex[..<best.start].joined(separator: ":") + "::" + hex[(best.start + best.length)...].joined(separator: ":")
    }

    /// `address/prefix` split; the prefix is nil when absent.
    public static func splitCIDR(_ text: String) -> (address: String, prefix: Int?)? {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = parts.first, isIPv4(address) || isIPv6(address) else { return nil }
        guard parts.count == 2 else { return (address, nil) }
        guard let prefix = Int(parts[1]), prefix >= 0, prefix <= (isIPv4(address) ? 32 : 128) else { return nil }
        return (address, prefix)
    }
}

extension String {
    /// The pieces between occurrences of `separator` (a literal, not a pattern).
    func components(separatedByLiteral separator: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(separator) {
                pieces.append(current)
                current = ""
                index = self.index(index, offsetBy: separator.count)
            } else {
                current.append(self[index])
                index = self.index(after: index)
            }
        }
        pieces.append(current)
        return pieces
    }
}

/// A `netmask` value as network descriptions write it: dotted IPv4, IPv6-style, or a prefix length.
enum NetmaskValue {
    case absent
    case prefix(Int)
    /// Not a netmask (already reported with its location).
    case invalid
}

extension DocumentReader {
    mutating func netmask(_ node: Node?, at path: KeyPath) -> NetmaskValue {
        // An empty netmask is none (network_data.json writes `"netmask": ""` for IPv6).
        guard let node, let text = string(node, at: path), !text.isEmpty else { return .absent }
        guard let prefix = IPAddress.prefix(ofNetmask: text) ?? Int(text), prefix >= 0, prefix <= 128 else {
            error(node, path, "\"\(text)\" is not a netmask")
            return .invalid
        }
        return .prefix(prefix)
    }
}
