import Glibc

/// A failed system call, with the operation and the path it concerned.
/// Its description reads as a chain: `openat2 "/etc/hostname": No such file or directory`.
public struct SystemError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String?
    public let code: Errno
    /// Said instead of `strerror(code)` when the code alone would mislead (a link refused for
    /// where it lies reads ELOOP, "Too many levels of symbolic links").
    public let reason: String?

    public init(_ operation: String, path: String? = nil, code: Errno, reason: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.reason = reason
    }

    /// The failure of a call that just set `errno` (or returned the code), inside `System/`.
    init(_ operation: String, path: String? = nil, code: Int32 = errno, reason: String? = nil) {
        self.init(operation, path: path, code: Errno(code), reason: reason)
    }

    public var description: String {
        let reason = self.reason ?? code.description
        if let path { return "\(operation) \"\(path)\": \(reason)" }
        return "\(operation): \(reason)"
    }
}

/// The one funnel for system calls that return -1 and set errno: retries EINTR, throws the rest.
@discardableResult
func syscallRetrying<T: BinaryInteger>(
    _ operation: String, path: String? = nil, _ call: () -> T
) throws -> T {
    while true {
        let result = call()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(operation, path: path, code: code)
    }
}
