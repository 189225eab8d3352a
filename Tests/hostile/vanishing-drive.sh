#!/usr/bin/env bash
# A config drive that disappears while flamingo reads it (the loop device's backing file emptied
# and the device resized to 0 bytes while the drive is mounted, as media pulled out of a drive
# look to the kernel): a clear I/O error naming the file, the drive unmounted, the sysroot as it
# was, and the boot goes on (exit 0) unless the drive was forced with --device.
. "$(dirname "$0")/../device/lib.sh"

mkdir -p "$WORK/tree"
printf 'instance-id: iid-vanish\nlocal-hostname: vanished\n' > "$WORK/tree/meta-data"
# A user-data large enough to span many blocks, none of them read before the pause.
{ printf '#cloud-config\nwrite_files:\n'
  for i in $(seq 400); do printf '  - path: /etc/vanish/%d\n    content: "%s"\n' "$i" "$(printf 'x%.0s' $(seq 200))"; done
} > "$WORK/tree/user-data"
truncate -s 64M "$WORK/drive.img"
mkfs.ext4 -q -F -L cidata -d "$WORK/tree" "$WORK/drive.img"
make_sysroot "$WORK/sysroot"
digest=$(tree_digest "$WORK/sysroot")

# vanish_during_run LOG MODE: runs flamingo (MODE discover: finds the drive by label; device: the
# drive forced with --device) paused after the mount, pulls the drive out, lets it go on; prints
# its exit status.
vanish_during_run() {
    local log=$1 mode=$2 loop pid status
    cp "$WORK/drive.img" "$WORK/live.img"
    loop=$(attach "$WORK/live.img")
    local source=(--fstype ext4)
    [ "$mode" = device ] && source=(--device "$loop")
    FLAMINGO_TEST_PAUSE=after-mount:3000 timeout 30 "$FLAMINGO" run --sysroot "$WORK/sysroot" "${source[@]}" > "$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do findmnt -rn -S "$loop" > /dev/null && break; sleep 0.05; done
    findmnt -rn -S "$loop" > /dev/null || fail "the drive was never mounted: $(cat "$log")"
    # Nothing of the drive's files may come from the page cache; then the medium is gone.
    sync; echo 3 > /proc/sys/vm/drop_caches
    truncate -s 0 "$WORK/live.img"
    losetup -c "$loop"
    assert_eq "$(blockdev --getsize64 "$loop")" 0 "size of the pulled drive" >&2
    wait "$pid" && status=0 || status=$?
    [ "$status" != 124 ] || fail "flamingo hung on a vanished drive: $(cat "$log")"
    findmnt -rn -S "$loop" > /dev/null && fail "the vanished drive stayed mounted"
    assert_no_flamingo_mounts
    losetup -d "$loop"
    echo "$status"
}

status=$(vanish_during_run "$WORK/discover.log" discover)
assert_eq "$status" 0 "exit status of a discovering run whose drive vanished"
grep -qE 'read: error: /dev/loop[0-9]+:(meta-data|user-data): .*Input/output error' "$WORK/discover.log" \
    || fail "no clear I/O error naming the file: $(cat "$WORK/discover.log")"
assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "sysroot after a vanished drive"
pass "a drive pulled out mid-read: $(grep -oE 'read: error: .*' "$WORK/discover.log" | head -n1); exit 0, unmounted, sysroot untouched"

status=$(vanish_during_run "$WORK/forced.log" device)
assert_eq "$status" 1 "exit status of a --device run whose drive vanished"
grep -qE 'Input/output error' "$WORK/forced.log" || fail "no I/O error: $(cat "$WORK/forced.log")"
assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "sysroot after a vanished forced drive"
pass "a forced drive pulled out mid-read: exit 1, the same clear error, sysroot untouched"
