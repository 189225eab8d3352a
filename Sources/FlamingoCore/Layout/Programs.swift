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
