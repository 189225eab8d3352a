#!/usr/bin/env bash
# A root mounted read-only, as real images boot (`ro` on the kernel command line), with a
# separate /var in its fstab that nobody has mounted yet: flamingo mounts /var for the run,
# remounts the root read-write for exactly as long as it writes, and leaves both as it found them
# (the root read-only again, /var unmounted); the records land on the /var filesystem. A /var
# that cannot be mounted stops the run before it writes anything; a `nofail` one does not.
. "$(dirname "$0")/lib.sh"

make_nocloud_seed "$WORK/seed" ro-host
make_sysroot "$WORK/tree"
mkdir -p "$WORK/tree/var" "$WORK/tree/srv" "$WORK/vartree/lib" "$WORK/srvtree"
printf '# the image\nLABEL=flamingo-ro-root / ext4 defaults 0 1\nLABEL=flamingo-ro-var /var ext4 defaults,nosuid 0 2\nLABEL=flamingo-ro-srv /srv ext4 ro,nofail 0 2\n' > "$WORK/tree/etc/fstab"
truncate -s 32M "$WORK/root.img"; mkfs.ext4 -q -F -L flamingo-ro-root -d "$WORK/tree" "$WORK/root.img"
make_ext4 "$WORK/var.img" flamingo-ro-var "$WORK/vartree"
make_ext4 "$WORK/srv.img" flamingo-ro-srv "$WORK/srvtree"
root_loop=$(attach "$WORK/root.img")
var_loop=$(attach "$WORK/var.img")
srv_loop=$(attach "$WORK/srv.img")
udevadm settle 2> /dev/null || true
mkdir -p "$WORK/sysroot"
mount -o ro "$root_loop" "$WORK/sysroot"

options() { findmnt -n -o OPTIONS --mountpoint "$1"; }
before=$(options "$WORK/sysroot")
[[ $before == ro,* ]] || fail "the test root is not read-only: $before"

"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" 2> "$WORK/run.log" || fail "run failed: $(cat "$WORK/run.log")"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after the run"
findmnt -rn --mountpoint "$WORK/sysroot/var" > /dev/null && fail "/var is still mounted after the run"
grep -q "remount: $WORK/sysroot: the ext4 filesystem on $root_loop remounted read-write for the run" "$WORK/run.log" \
    || fail "the remount was not logged: $(cat "$WORK/run.log")"
grep -q "fstab: /var: LABEL=flamingo-ro-var mounted on $WORK/sysroot/var for the run" "$WORK/run.log" \
    || fail "the /var mount was not logged: $(cat "$WORK/run.log")"
grep -q "fstab: /srv: LABEL=flamingo-ro-srv mounted on $WORK/sysroot/srv" "$WORK/run.log" || fail "/srv was not mounted: $(cat "$WORK/run.log")"
grep -q "remount: $WORK/sysroot/srv" "$WORK/run.log" && fail "/srv, ro in fstab, was made writable: $(cat "$WORK/run.log")"
grep -q "restore: 3 mount changes undone" "$WORK/run.log" || fail "the restore was not logged: $(cat "$WORK/run.log")"
findmnt -rn --mountpoint "$WORK/sysroot/srv" > /dev/null && fail "/srv is still mounted after the run"
assert_file "$WORK/sysroot/etc/hostname" "ro-host"
[ -z "$(ls -A "$WORK/sysroot/var")" ] || fail "the root's own /var (hidden once /var is mounted) holds: $(ls -A "$WORK/sysroot/var")"
mkdir -p "$WORK/var-mnt"; mount -o ro "$var_loop" "$WORK/var-mnt"
assert_file "$WORK/var-mnt/lib/flamingo/instance-id" "iid-device-test"
umount "$WORK/var-mnt"
grep -q '"name": "restore"' /run/flamingo/result.json || fail "the host record has no restore step"
losetup -d "$srv_loop"
pass "read-only root: written through a remount, /var mounted from fstab (and /srv read-only, as fstab says), all put back"

# While flamingo writes, the root is writable and /var mounted; a SIGTERM then puts both back.
FLAMINGO_TEST_PAUSE=writable:3000 "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" --force 2> "$WORK/term.log" &
pid=$!
for _ in $(seq 50); do grep -q "remount:" "$WORK/term.log" && break; sleep 0.1; done
[[ $(options "$WORK/sysroot") == rw,* ]] || fail "the root is not writable during the run: $(options "$WORK/sysroot")"
findmnt -rn --mountpoint "$WORK/sysroot/var" > /dev/null || fail "/var is not mounted during the run"
kill -TERM "$pid"; rc=0; wait "$pid" || rc=$?
assert_eq "$rc" 143 "exit status after SIGTERM"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after a SIGTERM"
findmnt -rn --mountpoint "$WORK/sysroot/var" > /dev/null && fail "/var is still mounted after a SIGTERM"
pass "a SIGTERM mid-run restores the read-only root and unmounts /var"

# A crash (a Swift trap while writing) in the initramfs step: mounts restored, the policy decides.
printf 'flamingo.debug\n' > "$WORK/cmdline"
rc=0; FLAMINGO_TEST_CRASH=trap:1 "$FLAMINGO" run --initrd --kernel-cmdline "$WORK/cmdline" --sysroot "$WORK/sysroot" \
    --seed "$WORK/seed" --force 2> "$WORK/crash.log" || rc=$?
assert_eq "$rc" 0 "exit status of a crash without flamingo.strict=1 (the boot goes on)"
grep -q "run: error: crashed (signal 4); mounts restored; exit status 0" "$WORK/crash.log" || fail "crash: $(tail -n 5 "$WORK/crash.log")"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after a crash"
findmnt -rn --mountpoint "$WORK/sysroot/var" > /dev/null && fail "/var is still mounted after a crash"
printf 'flamingo.strict=yes\n' > "$WORK/cmdline"
rc=0; FLAMINGO_TEST_CRASH=trap:1 "$FLAMINGO" run --initrd --kernel-cmdline "$WORK/cmdline" --sysroot "$WORK/sysroot" \
    --seed "$WORK/seed" --force 2> "$WORK/crash.log" || rc=$?
assert_eq "$rc" 1 "exit status of a crash with flamingo.strict=yes"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after a strict crash"
pass "a crash in the initramfs step restores the mounts; exit 0, or 1 under flamingo.strict=yes"

# A read-only mount point over a writable filesystem (a read-only bind): only the mount point's
# flag is changed for the run (MS_BIND|MS_REMOUNT), and put back.
umount "$WORK/sysroot"
mkdir -p "$WORK/rwfs" "$WORK/bound"; mount "$root_loop" "$WORK/rwfs"
mount --bind "$WORK/rwfs" "$WORK/bound"; mount -o remount,bind,ro "$WORK/bound"
bound_before=$(options "$WORK/bound")
[[ $bound_before == ro,* ]] && [[ $(findmnt -n -o FS-OPTIONS --mountpoint "$WORK/bound") == rw* ]] || fail "the bind is not a read-only mount point over a writable filesystem"
"$FLAMINGO" run --sysroot "$WORK/bound" --seed "$WORK/seed" --force 2> "$WORK/bind.log" || fail "bind run failed: $(cat "$WORK/bind.log")"
grep -q "remount: $WORK/bound: the mount point made writable for the run" "$WORK/bind.log" || fail "bind: $(grep -v wrote "$WORK/bind.log")"
assert_eq "$(options "$WORK/bound")" "$bound_before" "the bind's options after the run"
[[ $(options "$WORK/rwfs") == rw,* ]] || fail "the filesystem's other mount changed: $(options "$WORK/rwfs")"
umount "$WORK/bound" "$WORK/rwfs"
mount -o ro "$root_loop" "$WORK/sysroot"
pass "a read-only bind over a writable filesystem: only the mount point made writable, then read-only again"

# /var's filesystem is gone: nothing may be written into the directory it would hide.
losetup -d "$var_loop"
digest=$(tree_digest "$WORK/sysroot")
rc=0; "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" --force 2> "$WORK/novar.log" || rc=$?
assert_eq "$rc" 1 "exit status when fstab's /var cannot be mounted (--seed named)"
grep -q "fstab: error: /etc/fstab:3: /var: the root's fstab mounts LABEL=flamingo-ro-var there, which could not be mounted for the run: .*nothing is written" \
    "$WORK/novar.log" || fail "no clear message: $(cat "$WORK/novar.log")"
assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "the sysroot after a refused run"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after a refused run"
pass "a /var that cannot be mounted: refused with its fstab line, nothing written"

# …unless fstab says nofail: the booted system goes without it, and so does the run.
umount "$WORK/sysroot"
mkdir -p "$WORK/rw"; mount "$root_loop" "$WORK/rw"
sed -i 's/defaults,nosuid/defaults,nosuid,nofail/' "$WORK/rw/etc/fstab"
umount "$WORK/rw"
mount -o ro "$root_loop" "$WORK/sysroot"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" --force 2> "$WORK/nofail.log" || fail "nofail run failed: $(cat "$WORK/nofail.log")"
grep -q "fstab: warning: /etc/fstab:3: /var: LABEL=flamingo-ro-var (nofail) not mounted" "$WORK/nofail.log" || fail "nofail: $(cat "$WORK/nofail.log")"
assert_eq "$(options "$WORK/sysroot")" "$before" "the root's mount options after the nofail run"
pass "a nofail /var that is missing: a warning, the run goes on"
