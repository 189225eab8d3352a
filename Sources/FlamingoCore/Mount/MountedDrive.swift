/// A config drive mounted read-only, nosuid, nodev, noexec on a private directory under
/// `/run/flamingo/`. It is unmounted (and the directory removed) by `unmount()`, when the object
/// goes away, or — if a signal ends the process while it is mounted — by a signal handler.
public final class MountedDrive {
    public static let options = "ro,nosuid,nodev,noexec"

    public let source: String
    public let directory: String
    private var mounted = true

    /// Mounts `source` (a block device or an image file) with `fsType`, or any type libblkid
    /// recognises when nil.
    public init(source: String, fsType: String?, runDirectory: String = "/run/flamingo") throws {
        self.source = source
        try FileSystem.makeDirectory(runDirectory, mode: FlamingoPaths.runDirectoryMode, existingIsFine: true)
        directory = try FileSystem.makeTemporaryDirectory(in: runDirectory, prefix: "drive-")
        do {
            try LibMount.mount(source: source, target: directory, fsType: fsType, options: Self.options)
        } catch {
            FileSystem.removeDirectory(directory)
            throw error
        }
        SignalCleanup.arm(directory, removeDirectory: true)
    }

    public func unmount() throws {
        guard mounted else { return }
        defer { SignalCleanup.disarm() }
        do {
            try LibMount.unmount(target: directory)
        } catch {
            // Busy or gone: detach it so that nothing stays mounted under /run/flamingo.
            guard LibMount.detach(target: directory) else { throw error }
        }
        mounted = false
        FileSystem.removeDirectory(directory)
    }

    deinit { try? unmount() }
}
