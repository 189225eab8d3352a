# Helpers for the script-level tests: real loop devices, real filesystems, the real binary.
# Each test sources this, runs as root, and leaves no loop device, mount or temp file behind,
# also when it fails (the EXIT trap).
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FLAMINGO=${FLAMINGO:-$ROOT/dist/flamingo}
[ -x "$FLAMINGO" ] || { echo "no flamingo binary at $FLAMINGO (run scripts/build-static.sh)"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "device tests need root"; exit 1; }

WORK=$(mktemp -d /tmp/flamingo-device.XXXXXX)

# Unmounts what is mounted below $WORK or /run/flamingo, detaches every loop device backed by a
# file below $WORK (found from the kernel's list, so loops attached in subshells count too).
cleanup() {
    local loop mnt
    for mnt in $(findmnt -rn -o TARGET | grep -E "^($WORK|/run/flamingo)/" | sort -r); do umount -l "$mnt" || true; done
    for loop in $(losetup -n -l -O NAME,BACK-FILE | awk -v w="$WORK/" 'index($2, w) == 1 {print $1}'); do
        # Partitions added through BLKPG (partx -a) outlive a detach without partscan: drop them.
        partx -d "$loop" 2>/dev/null || true
        losetup -d "$loop" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# attach IMAGE → prints the loop device; cleanup detaches it.
attach() { losetup -f --show "$1"; }

# make_ext4 IMAGE LABEL DIR: an 8 MiB ext4 filesystem holding DIR's tree.
make_ext4() { truncate -s 8M "$1"; mkfs.ext4 -q -F -L "$2" -d "$3" "$1"; }

# make_iso IMAGE LABEL DIR: ISO9660 with Rock Ridge and Joliet, as cloud images' seeds are made.
make_iso() { xorriso -as mkisofs -quiet -o "$1" -V "$2" -J -R "$3" 2>/dev/null; }

# make_vfat IMAGE LABEL DIR: vfat filled with mtools (this kernel cannot mount vfat).
make_vfat() {
    truncate -s 8M "$1"; mkfs.vfat -n "$2" "$1" >/dev/null
    (cd "$3" && for entry in *; do MTOOLS_SKIP_CHECK=1 mcopy -s -i "$1" "$entry" ::/; done)
}

# A Debian-like sysroot: passwd with root, an empty /root.
make_sysroot() {
    mkdir -p "$1/etc" "$1/root"
    chmod 700 "$1/root"
    printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' > "$1/etc/passwd"
}

# A NoCloud seed with a host name and two keys.
make_nocloud_seed() {
    mkdir -p "$1"
    cat > "$1/meta-data" <<EOD
instance-id: iid-device-test
local-hostname: ${2:-nocloud-host}.example.com
public-keys:
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDeviceTestKeyOne one@test
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDeviceTestKeyTwo two@test
EOD
    printf '#cloud-config\n{}\n' > "$1/user-data"
}

# A ConfigDrive v2 tree with openstack/latest.
make_configdrive_seed() {
    mkdir -p "$1/openstack/latest"
    cat > "$1/openstack/latest/meta_data.json" <<EOD
{"uuid": "0b5ef3a2-1a0e-4d7e-9d6a-device-test", "hostname": "${2:-cd-host}.novalocal",
 "public_keys": {"mykey": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDeviceTestKey Generated-by-Nova\n"}}
EOD
    printf '#cloud-config\n{}\n' > "$1/openstack/latest/user_data"
}

# tree_digest DIR: one checksum over every path, mode, owner and content below DIR, leaving out
# flamingo's own records (var/lib/flamingo), which every run rewrites.
tree_digest() {
    (cd "$1" && find . -path ./var/lib/flamingo -prune -o -printf '%p %m %U %G %s %l\n' | sort \
        && find . -path ./var/lib/flamingo -prune -o -type f -print0 | sort -z | xargs -0r cat) | sha256sum
}

assert_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
assert_file() { [ -f "$1" ] || fail "missing file $1"; assert_eq "$(cat "$1")" "$2" "contents of $1"; }
assert_mode() { assert_eq "$(stat -c '%a %u:%g' "$1")" "$2" "mode and owner of $1"; }
assert_no_flamingo_mounts() {
    if findmnt -rn -o TARGET | grep -q '^/run/flamingo/'; then fail "a mount under /run/flamingo was left behind"; fi
}

# waits_for ROOT UNIT: every unit UNIT is ordered after, transitively, as systemd itself loads the
# root's units (`systemd --test`, which refuses root: run as nobody), one per line.
waits_for() {
    local dump=$WORK/dump-${2%%.*}.txt
    [ -x /lib/systemd/systemd ] || fail "no /lib/systemd/systemd (scripts/test.sh installs systemd)"
    chmod a+x "$WORK"   # systemd --test runs as nobody: it must reach the roots (their files keep their modes)
    mkdir -p /run/systemd  # and cannot make this itself (a machine where systemd never ran has none)
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        env SYSTEMD_UNIT_PATH="$1/etc/systemd/system:$1/usr/lib/systemd/system:/lib/systemd/system" \
        timeout 30 /lib/systemd/systemd --test --system --no-pager --unit="$2" > "$dump" 2> "$dump.err" \
        || fail "systemd --test: $(tail -n 5 "$dump.err")"
    ! grep -i "ordering cycle" "$dump.err" || fail "systemd finds an ordering cycle starting $2"
    python3 - "$dump" "$2" <<'PY'
import re, sys
after, unit = {}, None
for line in open(sys.argv[1]):
    if m := re.match(r"\t-> Unit (.+):$", line): unit = m.group(1)
    elif unit and (m := re.match(r"\t\tAfter: (\S+)", line)): after.setdefault(unit, set()).add(m.group(1))
seen, todo = set(), [sys.argv[2]]
while todo:
    for other in after.get(todo.pop(), ()):
        if other not in seen: seen.add(other); todo.append(other)
print("\n".join(sorted(seen)))
PY
}
