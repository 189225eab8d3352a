import Glibc

/// Writing to stderr without stdio's buffer (messages interleave with child processes').
public enum StandardStreams {
    public static func writeError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
