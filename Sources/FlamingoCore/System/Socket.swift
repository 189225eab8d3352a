import CFlamingo
import Glibc

/// A socket with bounded waits: TCP to one address (the HTTP client) or UDP bound to one
/// interface (the DHCP client). Every call that can wait takes a deadline on the monotonic clock
/// and throws `ETIMEDOUT` when it passes; nothing here waits without one.
public final class Socket {
    let raw: Int32

    private init(raw: Int32) { self.raw = raw }
    deinit { Glibc.close(raw) }

    /// A TCP connection to `address:port`, established before `deadline`.
    public static func connect(to address: IPv4Address, port: UInt16, deadline: Double) throws -> Socket {
        let descriptor = try syscallRetrying("socket") { Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0) }
        let socket = Socket(raw: descriptor)
        let where_ = "\(address):\(port)"
        if flamingo_connect_ipv4(descriptor, address.networkOrder, port) != 0 {
            guard errno == EINPROGRESS || errno == EINTR else { throw SystemError("connect", path: where_) }
            try socket.wait(for: flamingo_POLLOUT, until: deadline, operation: "connect", what: where_)
            let error = flamingo_socket_error(descriptor)
            guard error == 0 else { throw SystemError("connect", path: where_, code: error) }
        }
        return socket
    }

    /// A UDP socket bound to `port` on every address, sending and receiving only through
    /// `interface` (SO_BINDTODEVICE), allowed to broadcast: what a DHCP client needs before the
    /// interface has an address.
    public static func udp(port: UInt16, interface: String) throws -> Socket {
        let descriptor = try syscallRetrying("socket") { Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0) }
        let socket = Socket(raw: descriptor)
        try syscallRetrying("setsockopt SO_REUSEADDR", path: interface) { flamingo_socket_set_flag(descriptor, flamingo_SO_REUSEADDR) }
        try syscallRetrying("setsockopt SO_BROADCAST", path: interface) { flamingo_socket_set_flag(descriptor, flamingo_SO_BROADCAST) }
        try syscallRetrying("setsockopt SO_BINDTODEVICE", path: interface) { flamingo_socket_bind_to_device(descriptor, interface) }
        try syscallRetrying("bind port \(port)", path: interface) { flamingo_bind_ipv4(descriptor, 0, port) }
        return socket
    }

    /// Sends all of `bytes` before `deadline`.
    public func send(_ bytes: [UInt8], deadline: Double) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(raw, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { offset += sent; continue }
            guard errno == EAGAIN || errno == EINTR else { throw SystemError("send") }
            try wait(for: flamingo_POLLOUT, until: deadline, operation: "send", what: nil)
        }
    }

    /// Up to `maximum` bytes, waiting until `deadline` for some; empty at the end of the stream.
    public func receive(maximum: Int, deadline: Double) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(raw, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer[..<count]) }
            guard errno == EAGAIN || errno == EINTR else { throw SystemError("receive") }
            try wait(for: flamingo_POLLIN, until: deadline, operation: "receive", what: nil)
        }
    }

    /// One datagram to `address:port` (UDP).
    public func send(_ bytes: [UInt8], to address: IPv4Address, port: UInt16) throws {
        try syscallRetrying("sendto \(address):\(port)") {
            bytes.withUnsafeBytes { flamingo_send_to_ipv4(raw, $0.baseAddress, UInt($0.count), address.networkOrder, port) }
        }
    }

    /// The next datagram, or nil when none arrives before `deadline` (UDP).
    public func receiveDatagram(maximum: Int, deadline: Double) throws -> [UInt8]? {
        do {
            return try receive(maximum: maximum, deadline: deadline)
        } catch let error as SystemError where error.code == .timedOut {
            return nil
        }
    }

    private func wait(for events: Int16, until deadline: Double, operation: String, what: String?) throws {
        while true {
            let left = deadline - MonotonicClock.milliseconds()
            guard left > 0 else { throw SystemError(operation, path: what, code: .timedOut) }
            let ready = flamingo_poll_one(raw, events, Int32(min(left.rounded(.up), Double(Int32.max))))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw SystemError("poll (\(operation))", path: what) }
        }
    }
}
