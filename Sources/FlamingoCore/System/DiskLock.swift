import Glibc

/// The whole-disk lock of systemd's block device locking protocol (systemd.io/BLOCK_DEVICE_LOCKING):
/// a BSD `flock(LOCK_EX)` on the whole disk while it is partitioned and formatted, so that udev
/// neither probes it half-written nor re-reads its partition table (which drops and re-adds the
/// partition devices) while a mkfs is writing to one of them. flamingo holds the lock of each disk
/// it changes until it exits; udev then sees the finished result.
public enum DiskLock {
    nonisolated(unsafe) private static var held: [String: FileDescriptor] = [:]

    /// Takes (once per disk) the exclusive lock on `disk`, waiting at most `milliseconds` for
    /// another holder (udev probing it) to let go.
    public static func holdExclusive(_ disk: String, milliseconds: Int = 5000) throws {
        if held[disk] != nil { return }
        let fd = try FileDescriptor.open(disk, .nonBlocking)
        let deadline = MonotonicClock.milliseconds() + Double(milliseconds)
        while flock(fd.raw, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw SystemError("flock", path: disk) }
            guard MonotonicClock.milliseconds() < deadline else {
                throw DiskError("\(disk) stayed locked by another program for \(milliseconds) ms")
            }
            MonotonicClock.sleep(milliseconds: 10)
        }
        held[disk] = fd
    }
}
