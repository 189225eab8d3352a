import CFlamingo
import Glibc

/// How a file is opened: `open(2)`'s flags as a typed set (`O_CLOEXEC` is always added).
public struct OpenOptions: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Reading only: the empty set (`O_RDONLY` is 0).
    public static let readOnly: OpenOptions = []
    public static let writeOnly = OpenOptions(rawValue: O_WRONLY)
    public static let readWrite = OpenOptions(rawValue: O_RDWR)
    public static let create = OpenOptions(rawValue: O_CREAT)
    /// With `create`: fail when the name exists (a link there included).
    public static let exclusive = OpenOptions(rawValue: O_EXCL)
    public static let truncate = OpenOptions(rawValue: O_TRUNC)
    public static let directory = OpenOptions(rawValue: flamingo_O_DIRECTORY)
    /// The last component must not be a symlink.
    public static let noFollow = OpenOptions(rawValue: flamingo_O_NOFOLLOW)
    public static let nonBlocking = OpenOptions(rawValue: O_NONBLOCK)
    /// A handle for the path only (`O_PATH`): stat, *at calls, no reads.
    public static let pathOnly = OpenOptions(rawValue: flamingo_O_PATH)
}
