import CFlamingo
import Glibc

/// A network interface as the initramfs' DHCP client sees and changes it: its flags, its IPv4
/// address, routes through it (the classic `SIOC*` ioctls: no netlink code for three calls).
public struct NetworkLink: Sendable, Equatable {
    public let name: String
    /// `aa:bb:cc:dd:ee:ff`, lower case.
    public let mac: String
    public let index: Int
    /// Backed by a device (`/sys/class/net/NAME/device`): not a bridge, bond, veth or tunnel.
    public let isPhysical: Bool

    public init(name: String, mac: String, index: Int, isPhysical: Bool) {
        self.name = name
        self.mac = mac
        self.index = index
        self.isPhysical = isPhysical
    }

    /// The Ethernet interfaces in `directory` (/sys/class/net), in index order (the kernel's
    /// probe order: the first NIC of a VM comes first).
    public static func ethernet(in directory: String = "/sys/class/net") -> [NetworkLink] {
        guard let listing = try? FileDescriptor.open(directory, .directory) else { return [] }
        let names = DirectoryListing.names(listing)
        var found: [NetworkLink] = []
        for name in names where name != "lo" {
            let base = "\(directory)/\(name)"
            // ARPHRD_ETHER (1): not loopback, not a tunnel, not InfiniBand.
            guard FileSystem.readSmallFile("\(base)/type")?.trimmingWhitespace() == "1",
                  let mac = FileSystem.readSmallFile("\(base)/address")?.trimmingWhitespace().lowercased(),
                  let index = FileSystem.readSmallFile("\(base)/ifindex").flatMap({ Int($0.trimmingWhitespace()) })
            else { continue }
            found.append(NetworkLink(name: name, mac: mac, index: index, isPhysical: FileStatus.exists("\(base)/device")))
        }
        return found.sorted { $0.index < $1.index }
    }

    /// Whether the link has a carrier (`/sys/class/net/NAME/carrier`); nil while it is down.
    public func hasCarrier(in directory: String = "/sys/class/net") -> Bool? {
        FileSystem.readSmallFile("\(directory)/\(name)/carrier").map { $0.trimmingWhitespace() == "1" }
    }

    /// Whether the interface is up (IFF_UP).
    public func isUp() throws -> Bool {
        let control = try Self.controlSocket()
        defer { close(control) }
        var flags: Int16 = 0
        try syscallRetrying("SIOCGIFFLAGS", path: name) { flamingo_interface_flags(control, name, &flags) }
        return flags & flamingo_IFF_UP != 0
    }

    /// Sets IFF_UP, or clears it (which also drops the routes through the interface).
    public func setUp(_ up: Bool) throws {
        let control = try Self.controlSocket()
        defer { close(control) }
        var flags: Int16 = 0
        try syscallRetrying("SIOCGIFFLAGS", path: name) { flamingo_interface_flags(control, name, &flags) }
        let wanted = up ? flags | flamingo_IFF_UP : flags & ~flamingo_IFF_UP
        guard wanted != flags else { return }
        try syscallRetrying("SIOCSIFFLAGS", path: name) { flamingo_interface_set_flags(control, name, wanted) }
    }

    /// The interface's IPv4 address, or nil when it has none.
    public func address() throws -> IPv4Address? {
        let control = try Self.controlSocket()
        defer { close(control) }
        var raw: UInt32 = 0
        if flamingo_interface_address(control, name, &raw) != 0 {
            if errno == EADDRNOTAVAIL { return nil }
            throw SystemError("SIOCGIFADDR", path: name)
        }
        return IPv4Address(hostOrder: UInt32(bigEndian: raw))
    }

    /// Gives the interface `address` with `netmask` (its subnet route comes with it).
    public func setAddress(_ address: IPv4Address, netmask: IPv4Address) throws {
        let control = try Self.controlSocket()
        defer { close(control) }
        try syscallRetrying("set address \(address)", path: name) {
            flamingo_interface_set_address(control, name, address.networkOrder, netmask.networkOrder)
        }
    }

    /// Removes the interface's IPv4 address (and the routes that need it).
    public func removeAddress() throws {
        let control = try Self.controlSocket()
        defer { close(control) }
        try syscallRetrying("remove address", path: name) { flamingo_interface_set_address(control, name, 0, 0) }
    }

    /// A route to `destination/netmask` through this interface, via `gateway` (nil: on the link).
    public func addRoute(to destination: IPv4Address, netmask: IPv4Address, via gateway: IPv4Address?) throws {
        let control = try Self.controlSocket()
        defer { close(control) }
        let target = "route \(destination)/\(netmask.prefixLength ?? 0)" + (gateway.map { " via \($0)" } ?? "")
        try syscallRetrying(target, path: name) {
            flamingo_route_add(control, name, destination.networkOrder, netmask.networkOrder, gateway?.networkOrder ?? 0)
        }
    }

    /// What `SignalCleanup` does for an interface the run set up: no address, down. Only
    /// async-signal-safe calls (socket, ioctl, close).
    static func resetInSignalHandler(_ name: UnsafePointer<CChar>) {
        let control = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard control >= 0 else { return }
        _ = flamingo_interface_set_address(control, name, 0, 0)
        var flags: Int16 = 0
        if flamingo_interface_flags(control, name, &flags) == 0 {
            _ = flamingo_interface_set_flags(control, name, flags & ~flamingo_IFF_UP)
        }
        close(control)
    }

    private static func controlSocket() throws -> Int32 {
        try syscallRetrying("socket") { Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }
}
