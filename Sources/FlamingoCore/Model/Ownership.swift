/// The numeric owner of a file in the sysroot (never looked up through this process's NSS:
/// the names are resolved against the sysroot's own /etc/passwd and /etc/group).
public struct Owner: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var uid: UInt32
    public var gid: UInt32
    public init(uid: UInt32, gid: UInt32) { self.uid = uid; self.gid = gid }
    public static let root = Owner(uid: 0, gid: 0)
    public var description: String { "\(uid):\(gid)" }
}

/// Permission bits, printed the way people write them (`0644`).
public struct FileMode: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var bits: UInt32
    public init(_ bits: UInt32) { self.bits = bits & 0o7777 }
    public var description: String {
        let octal = String(bits, radix: 8)
        return String(repeating: "0", count: max(0, 4 - octal.count)) + octal
    }
}

extension SysrootView {
    /// `readForMerge` for a file `owner` will own.
    public func readForMerge(_ path: String, into owner: Owner) throws -> [UInt8]? {
        try readForMerge(path, intoUID: owner.uid)
    }
}
