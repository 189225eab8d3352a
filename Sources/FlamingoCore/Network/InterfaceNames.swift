/// Which kernel interface has which MAC address: from /sys/class/net (an injectable directory for
/// tests), or from `--mac NAME=MAC` arguments. MACs are compared without regard to case.
///
/// When several interfaces share a MAC (a bond and its members, a VLAN and its parent, an SR-IOV
/// VF copying its PF's address), the match goes to the physical device that is neither a VF nor a
/// bond, bridge or VLAN device; more than one such device is an error naming the MAC.
public struct InterfaceNames: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var mac: String
        /// Backed by a device (`/sys/class/net/NAME/device`), and not a virtual function.
        public var isPreferred: Bool
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// `NAME=MAC` pairs; each is taken as a physical device.
    public init(arguments: [String]) throws {
        entries = try arguments.map { argument in
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, MACAddress.normalise(parts[1]) != nil, !parts[0].isEmpty else {
                throw NetworkError("--mac \(argument): expected NAME=MAC, e.g. eth0=52:54:00:12:34:56")
            }
            return Entry(name: parts[0], mac: MACAddress.normalise(parts[1])!, isPreferred: true)
        }
    }

    public static func fromSysfs(_ directory: String = "/sys/class/net") -> InterfaceNames {
        guard let fd = try? FileDescriptor.open(directory, .directory) else { return InterfaceNames(entries: []) }
        var entries: [Entry] = []
        for name in DirectoryListing.names(fd) where name != "lo" {
            guard let text = BlockDeviceScan.readSmallFile("\(directory)/\(name)/address"),
                  let mac = MACAddress.normalise(text), mac != "00:00:00:00:00:00" else { continue }
            let hasDevice = FileStatus.exists("\(directory)/\(name)/device")
            let isVF = FileStatus.exists("\(directory)/\(name)/device/physfn")
            let isVirtual = ["bonding", "bridge"].contains { FileStatus.exists("\(directory)/\(name)/\($0)") }
            entries.append(Entry(name: name, mac: mac, isPreferred: hasDevice && !isVF && !isVirtual))
        }
        return InterfaceNames(entries: entries)
    }

    /// The interface with `mac`, by the rule above.
    public func name(for mac: String) throws -> String {
        guard let wanted = MACAddress.normalise(mac) else { throw NetworkError("\"\(mac)\" is not a MAC address") }
        let matching = entries.filter { $0.mac == wanted }
        let preferred = matching.filter(\.isPreferred)
        let candidates = preferred.isEmpty ? matching : preferred
        guard let first = candidates.first else {
            throw NetworkError("no interface has the MAC address \(wanted) (known: \(entries.map { "\($0.name)=\($0.mac)" }.joined(separator: " ")))")
        }
        guard candidates.count == 1 else {
            throw NetworkError("the MAC address \(wanted) is on several devices (\(candidates.map(\.name).joined(separator: ", "))): ambiguous")
        }
        return first.name
    }
}

public enum MACAddress {
    /// Six colon- or dash-separated hex octets, in lower case with colons; nil for anything else.
    public static func normalise(_ text: String, bytes: Int = 6) -> String? {
        let parts = text.trimmingWhitespace().lowercased().split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == bytes, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return parts.joined(separator: ":")
    }
}

public struct NetworkError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
