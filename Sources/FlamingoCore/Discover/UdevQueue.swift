/// udev's event queue: while `/run/udev/queue` exists, udev is still handling devices (the marker
/// `udevadm settle` watches). Waiting for it to drain means every device present at boot has its
/// node — without the fixed delay of a settle timeout.
public enum UdevQueue {
    /// Waits until the queue is empty, at most `timeoutMilliseconds`; returns the time waited, or
    /// nil when the queue was still busy at the deadline.
    public static func waitUntilEmpty(timeoutMilliseconds: Int, marker: String = FlamingoPaths.udevQueue) -> Double? {
        let start = MonotonicClock.milliseconds()
        while FileStatus.exists(marker) {
            if MonotonicClock.milliseconds() - start >= Double(timeoutMilliseconds) { return nil }
            MonotonicClock.sleep(milliseconds: 10)
        }
        return MonotonicClock.milliseconds() - start
    }
}
