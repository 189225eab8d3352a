/// A disk operation that cannot be done, in words (not a failed system call: `SystemError`).
public struct DiskError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
