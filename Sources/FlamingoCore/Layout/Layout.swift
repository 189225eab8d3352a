// Everything a distributor may need to change, in one file (as Ignition's `distro.go`): the
// paths flamingo keeps its own state in, the programs it runs and where it looks for them, and
// the defaults of its waits and of the drives it looks for.

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

    /// qemu's firmware configuration entry for an Ignition config, as Fedora CoreOS is given it
    /// (`-fw_cfg name=opt/com.coreos/config,file=…`; the kernel's qemu_fw_cfg driver).
    public static let qemuFirmwareConfig = "/sys/firmware/qemu_fw_cfg/by_name/opt/com.coreos/config/raw"

    /// udev's marker for events still being processed (`udevadm settle` waits for it to go).
    public static let udevQueue = "/run/udev/queue"
}

/// Every program flamingo itself runs, by the name it is looked up under, and where it looks:
/// one place for a distribution whose tools are named or placed otherwise (as Ignition's
/// `distro.go`). The dracut module installs them into the initramfs (`dracut/module-setup.sh`).
/// Commands written for the booted system (units, the hand-off) name that system's programs.
public enum Programs {
    /// Where a program is looked for after `$PATH` (the initramfs' PATH may be short).
    public static let searchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]

    /// fs_setup's `cmd`, run as `sh -c CMD` (the user asked for a shell command).
    public static let shell = "sh"
    /// fs_setup: `mkfs.TYPE` for a filesystem type, `mkswap` for swap.
    public static func mkfs(_ type: String) -> String { type == "swap" ? mkswap : "mkfs.\(type)" }
    public static let mkswap = "mkswap"
    /// resize_rootfs, per filesystem type.
    public static let resize2fs = "resize2fs"
    public static let xfsGrowfs = "xfs_growfs"
    public static let btrfs = "btrfs"
    /// growpart on LVM: `lvm pvresize`, `lvm lvextend`.
    public static let lvm = "lvm"
    /// SELinux labels of what was written, when the initramfs has it (else a unit relabels later).
    public static let setfiles = "setfiles"

    /// What the dracut module puts into the initramfs when the build host has it (`inst_multiple
    /// -o` in module-setup.sh; `ProgramsTests` keeps the two lists together). `lvm` comes with
    /// dracut's lvm module; `setfiles` is the image's choice (docs/boot.md).
    public static let installedByTheModule = [resize2fs, xfsGrowfs, btrfs, mkswap, shell]
        + ["ext4", "ext3", "ext2", "xfs", "btrfs", "vfat"].map(mkfs)
}

/// The defaults a distribution may want otherwise. The kernel command line (`flamingo.*`,
/// docs/boot.md) and the command's options override them per boot.
public enum Defaults {
    /// How long the initramfs step waits for udev's queue to drain before looking for drives.
    public static let udevTimeoutMilliseconds = 10_000
    /// The initramfs run's deadline beyond its waits (udev, the drive): for the work itself,
    /// mkfs and resize programs included. SIGALRM then ends the run (mounts undone first).
    public static let workSeconds = 120
    /// The filesystem types a config drive may have (as cloud-init accepts them); `--fstype` and
    /// the datasources' labels choose among the drives that have one.
    public static let driveFilesystemTypes = ["vfat", "iso9660"]
    /// How long the initramfs' DHCP client asks for an address before giving up (a metadata
    /// service to read, no drive): retransmissions at 1, 2, 4, 4 s (docs/datasources.md).
    public static let dhcpTimeoutMilliseconds = 10_000
    /// Everything a metadata service's reading may take, retries included
    /// (`flamingo.metadata.timeout=S` overrides it per boot).
    public static let metadataTimeoutMilliseconds = 15_000
    /// One connection to a metadata service, and one request's whole answer.
    public static let metadataConnectMilliseconds = 2_000
    public static let metadataRequestMilliseconds = 5_000
    /// How long flamingo waits for a lock shadow-utils' tools hold on the account files.
    public static let accountLockTimeoutMilliseconds = 15_000
}
