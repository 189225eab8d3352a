/// Every fixed path flamingo uses, in one place (as Ignition's distro.go): distributors who need
/// other places change them here.
public enum FlamingoPaths {
    /// Host side (the initramfs, or a rescue system): where drives are mounted and the last result
    /// record is kept. The booted system keeps it: switch-root moves /run along.
    public static let runDirectory = "/run/flamingo"
    /// Readable by everyone: `flamingo status` works for any user of the booted system (the record
    /// holds no secret); each drive is mounted on a 0700 directory of its own below it.
    public static let runDirectoryMode: UInt32 = 0o755
    public static let resultFileName = "result.json"

    /// Inside the sysroot: flamingo's records (on ostree systems in the stateroot's var).
    public static let stateDirectory = "/var/lib/flamingo"
    public static let instanceIDFile = stateDirectory + "/instance-id"
    public static let semaphoreDirectory = stateDirectory + "/sem"
    public static let resultFile = stateDirectory + "/result.json"
    public static let historyDirectory = stateDirectory + "/results"
    /// Result records kept in `historyDirectory`, newest first.
    public static let historyLength = 5

    /// Inside the sysroot: the image's own settings for flamingo (its default user, its network
    /// renderer), as an image builder writes them.
    public static let imageConfigFile = "/etc/flamingo/flamingo.yaml"

    /// udev's marker for events still being processed (`udevadm settle` waits for it to go).
    public static let udevQueue = "/run/udev/queue"
}
