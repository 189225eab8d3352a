#!/usr/bin/env bash
# Hostile config drives (real ext4 images on loop devices): a FIFO, a device node or a file over
# the size bound where user-data should be is a clear error — never a hang, never a read of the
# device — and the sysroot gets no identity from it; a symlink pointing outside the drive
# resolves inside it (the host's file is never read).
. "$(dirname "$0")/../device/lib.sh"

# drive NAME: an ext4 NoCloud drive whose user-data is made by the rest of the command line.
drive() {
    local name=$1; shift
    mkdir -p "$WORK/$name/tree" "$WORK/$name/sysroot"
    printf 'instance-id: iid-%s\nlocal-hostname: hostile-%s\n' "$name" "$name" > "$WORK/$name/tree/meta-data"
    "$@" "$WORK/$name/tree/user-data"
    truncate -s 64M "$WORK/$name/drive.img"
    mkfs.ext4 -q -F -L cidata -d "$WORK/$name/tree" "$WORK/$name/drive.img"
    make_sysroot "$WORK/$name/sysroot"
    attach "$WORK/$name/drive.img"
}
run() {
    timeout 20 "$FLAMINGO" run --sysroot "$WORK/$1/sysroot" --device "$2" > "$WORK/$1/out" 2>&1
    echo $?
}

loop=$(drive fifo mkfifo)
status=$(run fifo "$loop")
[ "$status" != 124 ] || fail "a FIFO as user-data made flamingo hang"
[ "$status" = 1 ] && grep -q "user-data: not a regular file" "$WORK/fifo/out" || fail "fifo: status $status: $(cat "$WORK/fifo/out")"
[ ! -e "$WORK/fifo/sysroot/etc/hostname" ] || fail "fifo: the sysroot was changed from a broken drive"
pass "a FIFO as user-data: a clear error at once, the sysroot untouched"

make_node() { mknod -m 0644 "$1" c 1 5; }
loop=$(drive node make_node)
status=$(run node "$loop")
# The drive is mounted nodev: opening the node is refused by the kernel before flamingo's own check.
[ "$status" = 1 ] && grep -qE "user-data: (not a regular file|cannot open: .*Permission denied)" "$WORK/node/out" || fail "device node: status $status: $(cat "$WORK/node/out")"
pass "a device node as user-data: refused (the drive is mounted nodev), never read as a device"

big() { { echo '#cloud-config'; head -c 17M /dev/zero | tr '\0' '#'; } > "$1"; }
loop=$(drive big big)
status=$(run big "$loop")
[ "$status" = 1 ] && grep -q "user-data: 1[0-9]* bytes is more than the 16777216-byte limit" "$WORK/big/out" || fail "big: status $status: $(cat "$WORK/big/out")"
pass "a 17 MiB user-data: refused with the bound named"

outside() { ln -s /etc/shadow "$1"; }
loop=$(drive outside outside)
status=$(run outside "$loop")
[ "$status" = 0 ] || fail "outside: status $status: $(cat "$WORK/outside/out")"
grep -qF "$(head -c 20 /etc/shadow)" "$WORK/outside/out" "$WORK/outside/sysroot/var/lib/flamingo/result.json" && fail "the host's /etc/shadow was read"
pass "a symlink to the host's /etc/shadow resolves inside the drive: nothing of the host is read"
