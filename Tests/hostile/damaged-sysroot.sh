#!/usr/bin/env bash
# A damaged or unwritable sysroot: flamingo reports, leaves the old files intact, and the boot
# would go on (exit status 1 for a named --seed; the initramfs step exits 0 without flamingo.strict=1).
# - /etc/passwd with a name twice and a line without fields: the account modules refuse (line
#   numbers named), passwd is not touched, the host name is still written;
# - /etc/passwd without a final line end and a stale shadow-utils lock file: handled (the new
#   entry on its own line);
# - a sysroot that cannot be made writable (ext4 on a write-protected device: flamingo's remount
#   is refused) and a full one (a small ext4 filled up): clear errors, every old file as it was,
#   no temporary file left. (A merely read-only mount is remounted: tests/device/read-only-root.sh.)
. "$(dirname "$0")/../device/lib.sh"

mkdir -p "$WORK/seed"
printf 'instance-id: iid-damaged\nlocal-hostname: damaged-test\n' > "$WORK/seed/meta-data"
printf '#cloud-config\nusers: [{name: alice}]\nwrite_files:\n  - {path: /etc/app/big, content: "%s"}\n' "$(head -c 300000 /dev/zero | tr '\0' 'x')" > "$WORK/seed/user-data"

# Damaged account files.
make_sysroot "$WORK/damaged"
printf 'root:x:0:\n' > "$WORK/damaged/etc/group"
printf 'root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\nbob:x:1001:1001::/home/bob2:/bin/sh\nbroken\n' > "$WORK/damaged/etc/passwd"
cp "$WORK/damaged/etc/passwd" "$WORK/passwd.before"
"$FLAMINGO" run --sysroot "$WORK/damaged" --seed "$WORK/seed" 2> "$WORK/damaged.log" && fail "damaged passwd: exit status 0"
grep -q "users_groups: error: the account files are damaged, not edited: /etc/passwd line 3: bob again (first on line 2); /etc/passwd line 4: 1 field (7 expected)" "$WORK/damaged.log" \
    || fail "damaged passwd: $(cat "$WORK/damaged.log")"
cmp -s "$WORK/passwd.before" "$WORK/damaged/etc/passwd" || fail "the damaged passwd was edited"
[ "$(cat "$WORK/damaged/etc/hostname")" = damaged-test ] || fail "the host name was not written"
pass "damaged /etc/passwd: refused with line numbers, left as it was; the other modules still ran"

# No final line end, a stale lock.
make_sysroot "$WORK/odd"
printf 'root:x:0:\n' > "$WORK/odd/etc/group"
printf 'root:*:19000:0:99999:7:::\n' > "$WORK/odd/etc/shadow"; chmod 640 "$WORK/odd/etc/shadow"
printf 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin' > "$WORK/odd/etc/passwd"
printf '999999' > "$WORK/odd/etc/passwd.lock"
"$FLAMINGO" run --sysroot "$WORK/odd" --seed "$WORK/seed" 2> "$WORK/odd.log" || fail "odd: $(cat "$WORK/odd.log")"
[ "$(tail -n 2 "$WORK/odd/etc/passwd" | head -n 1)" = 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin' ] && grep -q '^alice:x:' "$WORK/odd/etc/passwd" \
    || fail "passwd without a final line end: $(cat "$WORK/odd/etc/passwd")"
pass "passwd without a final line end and a stale lock file: alice on a line of her own"

# Read-only.
truncate -s 32M "$WORK/ro.img"; mkfs.ext4 -q -F "$WORK/ro.img"
mkdir -p "$WORK/ro"; mount "$WORK/ro.img" "$WORK/ro"
make_sysroot "$WORK/ro"; printf 'root:x:0:\n' > "$WORK/ro/etc/group"; printf 'old\n' > "$WORK/ro/etc/hostname"
umount "$WORK/ro"
ro_loop=$(losetup -f --show -r "$WORK/ro.img")
mount -o ro "$ro_loop" "$WORK/ro"
"$FLAMINGO" run --sysroot "$WORK/ro" --seed "$WORK/seed" 2> "$WORK/ro.log" && fail "read-only: exit status 0"
grep -q "remount: error: remount \"$WORK/ro\": Permission denied\|remount: error: remount \"$WORK/ro\": Read-only file system" "$WORK/ro.log" \
    || fail "read-only: $(cat "$WORK/ro.log")"
grep -q "wrote" "$WORK/ro.log" && fail "read-only: something was written: $(cat "$WORK/ro.log")"
[ "$(cat "$WORK/ro/etc/hostname")" = old ] || fail "read-only: the host name changed"
pass "a sysroot that cannot be remounted read-write: the remount's error reported, nothing written"

# Full.
truncate -s 8M "$WORK/full.img"; mkfs.ext4 -q -F -N 256 -m 0 "$WORK/full.img"
mkdir -p "$WORK/full"; mount "$(attach "$WORK/full.img")" "$WORK/full"
make_sysroot "$WORK/full"; printf 'root:x:0:\n' > "$WORK/full/etc/group"; printf 'old\n' > "$WORK/full/etc/hostname"
cp "$WORK/full/etc/passwd" "$WORK/full-passwd.before"
dd if=/dev/zero of="$WORK/full/filler" bs=4k status=none 2> /dev/null || true
# dd stops with a block or two that delayed allocation had reserved still free: take those too.
block=$(stat -f -c %S "$WORK/full")
for i in $(seq 16); do head -c "$block" /dev/zero > "$WORK/full/filler.$i" 2> /dev/null && sync || break; done
"$FLAMINGO" run --sysroot "$WORK/full" --seed "$WORK/seed" 2> "$WORK/full.log" && fail "full: exit status 0"
grep -q "No space left on device" "$WORK/full.log" || fail "full: $(cat "$WORK/full.log")"
[ "$(cat "$WORK/full/etc/hostname")" = old ] || fail "full: the host name is not the old one: $(cat "$WORK/full/etc/hostname")"
cmp -s "$WORK/full-passwd.before" "$WORK/full/etc/passwd" || fail "full: passwd changed"
leftovers=$(find "$WORK/full" -name '.*.flamingo-*')
[ -z "$leftovers" ] || fail "full: temporary files left: $leftovers"
pass "a full sysroot: \"No space left on device\" reported, every old file as it was, no temporary file left"
