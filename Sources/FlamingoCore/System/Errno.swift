import Glibc

/// An `errno` value with a name, so that code outside `System/` can tell one failure from another
/// (`error.code == .noSuchFile`) without seeing C.
public struct Errno: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno` now.
    static var current: Errno { Errno(errno) }

    public static let notPermitted = Errno(EPERM)
    public static let noSuchFile = Errno(ENOENT)
    public static let noSuchProcess = Errno(ESRCH)
    public static let interrupted = Errno(EINTR)
    public static let wouldBlock = Errno(EAGAIN)
    public static let permissionDenied = Errno(EACCES)
    public static let busy = Errno(EBUSY)
    public static let exists = Errno(EEXIST)
    public static let crossDevice = Errno(EXDEV)
    public static let notDirectory = Errno(ENOTDIR)
    public static let isDirectory = Errno(EISDIR)
    public static let invalidArgument = Errno(EINVAL)
    public static let fileTooLarge = Errno(EFBIG)
    public static let noSpace = Errno(ENOSPC)
    public static let readOnlyFilesystem = Errno(EROFS)
    public static let tooManyLinks = Errno(ELOOP)
    public static let notImplemented = Errno(ENOSYS)
    public static let timedOut = Errno(ETIMEDOUT)
    public static let connectionReset = Errno(ECONNRESET)
    public static let brokenPipe = Errno(EPIPE)
    public static let noDevice = Errno(ENODEV)
    public static let noMedium = Errno(ENOMEDIUM)

    /// `strerror`'s words for it.
    public var description: String { String(cString: strerror(rawValue)) }
}
