import Glibc

/// An open file descriptor owned by this object: closed exactly once, when the object goes away.
public final class FileDescriptor {
    public let raw: Int32

    public init(adopting raw: Int32) { self.raw = raw }
    deinit { Glibc.close(raw) }

    /// Opens `path` (not confined: for /sys, /proc, /dev and the like).
    public static func open(_ path: String, _ options: OpenOptions = .readOnly, mode: UInt32 = 0) throws -> FileDescriptor {
        let fd = try syscallRetrying("open", path: path) { Glibc.open(path, options.rawValue | O_CLOEXEC, mode) }
        return FileDescriptor(adopting: fd)
    }

    public func status() throws -> FileStatus {
        var st = stat()
        try syscallRetrying("fstat") { fstat(raw, &st) }
        return FileStatus(st)
    }

    /// Reads to end of file, refusing more than `limit` bytes.
    public func readAll(limit: Int, path: String? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try syscallRetrying("read", path: path) { Glibc.read(raw, buffer.baseAddress, buffer.count) }
            }
            if count == 0 { return bytes }
            if bytes.count + count > limit { throw SystemError("read", path: path, code: EFBIG) }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes every byte, looping over partial writes.
    public func writeAll(_ bytes: [UInt8], path: String? = nil) throws {
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = try syscallRetrying("write", path: path) {
                    Glibc.write(raw, buffer.baseAddress! + offset, buffer.count - offset)
                }
                offset += written
            }
        }
    }

    public func sync(path: String? = nil) throws {
        try syscallRetrying("fsync", path: path) { fsync(raw) }
    }
}
