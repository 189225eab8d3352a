#!/bin/bash
# dracut module: flamingo contextualizes the instance from its config drive before switch-root.
# With systemd in the initramfs it runs as flamingo.service; without, as a pre-pivot hook.
# The static binary is not copied into the initramfs: it runs from the real root once that is
# mounted (/sysroot/usr/bin/flamingo), so the initramfs stays small and never holds a flamingo
# older than the root's (docs/decisions/binary-from-the-root.md).

# The installed binary whose presence includes the module; a test building an initramfs on a
# host without flamingo installed points elsewhere with `flamingo_binary=/path` in a dracut.conf.d snippet.
: "${flamingo_binary:=/usr/bin/flamingo}"

# Included when asked for (--add flamingo, add_dracutmodules), or whenever flamingo is installed.
check() {
    [[ -x $dracutsysrootdir$flamingo_binary ]] && return 0
    return 255
}

depends() {
    # fs-lib: mounting helpers dracut's own hooks use; systemd is optional (see install).
    echo fs-lib
    return 0
}

installkernel() {
    # What a config drive can sit on, in every image (also --hostonly ones, which would otherwise
    # leave out drivers for devices the build host does not have).
    hostonly='' instmods iso9660 udf vfat nls_cp437 nls_iso8859-1 nls_utf8 nls_ascii \
        sr_mod cdrom virtio_blk virtio_scsi virtio_pci
    # The NICs a metadata service is reached through, where no drive is attached: virtio (KVM
    # clouds: OpenStack, Hetzner, Oracle), ena and ixgbevf (EC2), gve (GCE). flamingo's own DHCP
    # client needs nothing else (docs/decisions/initramfs-networking.md).
    hostonly='' instmods virtio_net ena ixgbevf gve
    # qemu's fw_cfg entries in sysfs: an Ignition config given with -fw_cfg (udev loads it on the
    # QEMU0002 ACPI device; docs/ignition.md).
    hostonly='' instmods qemu_fw_cfg
}

install() {
    [[ -x $dracutsysrootdir$flamingo_binary ]] || { dfatal "flamingo: $flamingo_binary not found"; return 1; }
    inst_multiple cat
    # growpart/resize_rootfs grow the root filesystem online with these, and fs_setup makes
    # filesystems with these (cmd through sh), when the image has them.
    inst_multiple -o resize2fs xfs_growfs btrfs mkfs.ext4 mkfs.ext3 mkfs.ext2 mke2fs mkfs.xfs mkfs.btrfs mkfs.vfat mkswap sh
    [[ -f /etc/mke2fs.conf ]] && inst_simple /etc/mke2fs.conf
    if dracut_module_included "systemd"; then
        inst_simple "$moddir/flamingo.service" "$systemdsystemunitdir/flamingo.service"
        $SYSTEMCTL -q --root "$initdir" add-wants initrd.target flamingo.service
    else
        # pre-pivot: the real root is mounted at $NEWROOT and switch_root has not happened yet.
        inst_hook pre-pivot 50 "$moddir/flamingo-pre-pivot.sh"
    fi
}
