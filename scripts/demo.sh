#!/usr/bin/env bash
# The main job on an embedded default: make a config drive from examples/, attach it as a
# labelled loop device, let flamingo find it by label, mount it, read it and write into a
# scratch sysroot; then show what was written.
#
#   scripts/demo.sh              NoCloud (examples/nocloud, label cidata)
#   scripts/demo.sh configdrive  OpenStack ConfigDrive v2 (examples/configdrive, label config-2)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

kind=${1:-nocloud}
case $kind in
    nocloud) label=cidata ;;
    configdrive) label=config-2 ;;
    *) die "usage: $0 [nocloud|configdrive]" ;;
esac
[ "$(id -u)" = 0 ] || die "the demo attaches a loop device and mounts it: run it as root"

ensure_packages e2fsprogs xorriso util-linux
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2
flamingo=$FLAMINGO_ROOT/dist/flamingo

work=$(mktemp -d /tmp/flamingo-demo.XXXXXX)
cleanup() {
    for loop in $(losetup -n -l -O NAME,BACK-FILE | awk -v w="$work/" 'index($2, w) == 1 {print $1}'); do losetup -d "$loop"; done
    rm -rf "$work"
}
trap cleanup EXIT

# A real config drive is ISO9660 (or vfat). Kernels that cannot mount iso9660 — the machine this
# project is developed on is one — get an ext4 drive with the same label and files instead.
if grep -qw iso9660 /proc/filesystems || modprobe -q iso9660 2>/dev/null; then
    xorriso -as mkisofs -quiet -o "$work/drive.img" -V "$label" -J -R "$FLAMINGO_ROOT/examples/$kind" 2>/dev/null
    fstype=iso9660
else
    truncate -s 8M "$work/drive.img"
    mkfs.ext4 -q -L "$label" -d "$FLAMINGO_ROOT/examples/$kind" "$work/drive.img"
    fstype=ext4
fi
loop=$(losetup -f --show "$work/drive.img")
echo "== config drive: $loop, label $label, $fstype, from examples/$kind"

cp -a "$FLAMINGO_ROOT/examples/sysroot" "$work/sysroot"
rm -f "$work/sysroot/root/.keep" "$work/sysroot/etc/network/interfaces.d/.keep"
chmod 700 "$work/sysroot/root"
chmod 640 "$work/sysroot/etc/shadow"

echo "== flamingo probe --fstype $fstype"
"$flamingo" probe --fstype "$fstype"
echo "== flamingo run --sysroot $work/sysroot --fstype $fstype --mac eth0=52:54:00:12:34:56 --dry-run"
"$flamingo" run --sysroot "$work/sysroot" --fstype "$fstype" --mac eth0=52:54:00:12:34:56 --dry-run
touch "$work/before-run"
# --mac stands for the VM's NIC that examples/ describe (this machine has other NICs).
echo "== flamingo run --sysroot $work/sysroot --fstype $fstype --mac eth0=52:54:00:12:34:56"
"$flamingo" run --sysroot "$work/sysroot" --fstype "$fstype" --mac eth0=52:54:00:12:34:56
echo "== what was written"
(cd "$work/sysroot" && find . -newer "$work/before-run" -printf '%M %U:%G %p\n' | sort -k3)
for file in etc/hostname etc/passwd etc/group etc/sudoers.d/90-flamingo-users home/alice/.ssh/authorized_keys \
            etc/ssh/sshd_config.d/40-flamingo-pwauth.conf etc/motd var/lib/flamingo/handoff/runcmd \
            etc/network/interfaces.d/50-flamingo.cfg; do
    [ -f "$work/sysroot/$file" ] && { echo "-- /$file"; cat "$work/sysroot/$file"; }
done
echo "== flamingo status"
"$flamingo" status --sysroot "$work/sysroot" | head -n 20
