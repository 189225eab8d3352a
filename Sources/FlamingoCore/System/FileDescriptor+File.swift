import CFlamingo
import Glibc

/// The calls on the open file itself.
extension FileDescriptor {
    /// `fchown` then, separately, `fchmod` (chown clears set-id bits that chmod must then set).
    public func setOwnerAndMode(uid: UInt32, gid: UInt32, mode: UInt32, path: String? = nil) throws {
        try syscallRetrying("fchown", path: path) { fchown(raw, uid, gid) }
        try syscallRetrying("fchmod", path: path) { fchmod(raw, mode) }
    }

    /// `syncfs`: everything written to this file's filesystem reaches the disk.
    public func syncFilesystem(path: String? = nil) throws {
        try syscallRetrying("syncfs", path: path) { flamingo_syncfs(raw) }
    }

    /// `posix_fallocate`: `bytes` allocated from the start, no holes.
    public func allocate(bytes: UInt64, path: String? = nil) throws {
        while true {
            let rc = posix_fallocate(raw, 0, off_t(bytes))
            if rc == 0 { return }
            if rc == EINTR { continue }
            throw SystemError("fallocate", path: path, code: rc)
        }
    }

    /// `pwrite` of every byte at `offset`, looping over partial writes.
    public func write(_ bytes: [UInt8], at offset: Int64, path: String? = nil) throws {
        var done = 0
        try bytes.withUnsafeBytes { buffer in
            while done < buffer.count {
                let written = try syscallRetrying("pwrite", path: path) {
                    pwrite(raw, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                }
                done += written
            }
        }
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    public func read(count: Int, at offset: Int64, path: String? = nil) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = try buffer.withUnsafeMutableBytes { bytes in
                try syscallRetrying("pread", path: path) {
                    pread(raw, bytes.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                }
            }
            if got == 0 { break }
            done += got
        }
        return Array(buffer.prefix(done))
    }

    /// `fcntl(F_SETLK)` of a write lock on the whole file: true when taken, false when another
    /// process holds one (the caller decides how long to keep trying).
    public func tryLockForWriting(path: String? = nil) throws -> Bool {
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        do {
            try syscallRetrying("fcntl F_SETLK", path: path) { fcntl(raw, F_SETLK, &lock) }
            return true
        } catch let error as SystemError where error.code == .permissionDenied || error.code == .wouldBlock {
            return false
        }
    }
}

extension FileDescriptor {
    /// Where the open file is on this host (`/proc/self/fd/N`'s link): for handing a file found
    /// inside a root to a program that takes host paths.
    public func hostPath() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = try syscallRetrying("readlink", path: "/proc/self/fd/\(raw)") {
            readlink("/proc/self/fd/\(raw)", &buffer, buffer.count - 1)
        }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension FileDescriptor {
    /// The free bytes of the filesystem this file is on (`fstatvfs`: fragments × free blocks).
    public func filesystemFreeBytes() throws -> UInt64 {
        var stats = statvfs()
        try syscallRetrying("fstatvfs") { fstatvfs(raw, &stats) }
        return UInt64(stats.f_frsize) * UInt64(stats.f_bfree)
    }
}
