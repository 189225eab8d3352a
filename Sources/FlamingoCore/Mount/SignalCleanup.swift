import Glibc

/// Undoes flamingo's mounts (a drive, a bound /var) if SIGINT, SIGTERM, SIGHUP, SIGQUIT or SIGALRM arrives
/// while they are mounted, then lets the signal end the process as it would have. Only
/// async-signal-safe calls in the handler.
enum SignalCleanup {
    private static let capacity = 4
    nonisolated(unsafe) private static let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    nonisolated(unsafe) private static let removeAfter = UnsafeMutablePointer<Bool>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var count = 0
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM]  // SIGALRM: the initramfs run's deadline

    /// Adds a mount point to undo (and, for a drive's private directory, to remove); the most
    /// recent is undone first.
    static func arm(_ directory: String, removeDirectory: Bool) {
        guard count < capacity else { return }
        paths[count] = strdup(directory)
        removeAfter[count] = removeDirectory
        count += 1
        for signalNumber in signals {
            signal(signalNumber) { received in
                var index = SignalCleanup.count - 1
                while index >= 0 {
                    if let path = SignalCleanup.paths[index] {
                        umount2(path, Int32(MNT_DETACH))
                        if SignalCleanup.removeAfter[index] { rmdir(path) }
                    }
                    index -= 1
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Forgets the most recently armed mount point (it was undone normally).
    static func disarm() {
        guard count > 0 else { return }
        count -= 1
        free(paths[count])
        paths[count] = nil
        if count == 0 { for signalNumber in signals { signal(signalNumber, SIG_DFL) } }
    }
}
