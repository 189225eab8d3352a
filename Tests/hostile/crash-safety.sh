#!/usr/bin/env bash
# Crash-safety: `flamingo run` is killed (SIGKILL, from a test hook) while writing each file in
# turn — filled and synced, not yet renamed into place — on a sysroot whose files already have
# old contents. After every kill each file is either entirely old or entirely new (never partial,
# never missing), the account files parse; a re-run completes the job, reports success and
# leaves no temporary file behind.
. "$(dirname "$0")/../device/lib.sh"

make_sysroot "$WORK/pristine"
mkdir -p "$WORK/pristine/etc/app"
printf 'root:x:0:\nadm:x:4:\n' > "$WORK/pristine/etc/group"
for i in $(seq 1 12); do printf 'old %s\n' "$i" > "$WORK/pristine/etc/app/conf$i"; done
printf 'old hostname\n' > "$WORK/pristine/etc/hostname"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-crash\nlocal-hostname: crash-test\n' > "$WORK/seed/meta-data"
{
    printf '#cloud-config\nusers:\n  - default\n  - {name: alice, ssh_authorized_keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICrashTestKey alice@x"]}\nwrite_files:\n'
    for i in $(seq 1 12); do printf '  - {path: /etc/app/conf%s, content: "%s"}\n' "$i" "$(printf 'new %s line\\n' $(seq 1 200) | tr -d ' ' | head -c 4000)"; done
} > "$WORK/seed/user-data"

# The expected new contents, from an uninterrupted run.
cp -a "$WORK/pristine" "$WORK/reference"
"$FLAMINGO" run --sysroot "$WORK/reference" --seed "$WORK/seed" 2> "$WORK/reference.log" || fail "reference run: $(cat "$WORK/reference.log")"
writes=$(grep -cE ': wrote [0-9]+ bytes' "$WORK/reference.log")
[ "$writes" -ge 20 ] || fail "only $writes writes in the reference run"

crashes=0
for n in $(seq 1 "$writes"); do
    rm -rf "$WORK/sysroot"; cp -a "$WORK/pristine" "$WORK/sysroot"
    FLAMINGO_TEST_CRASH=write:$n "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" > /dev/null 2>&1 && fail "write $n: the run was not killed"
    crashes=$((crashes + 1))
    for file in etc/hostname $(cd "$WORK/pristine" && ls etc/app/conf*); do
        cmp -s "$WORK/sysroot/$file" "$WORK/pristine/$file" || cmp -s "$WORK/sysroot/$file" "$WORK/reference/$file" \
            || fail "killed at write $n: /$file is neither the old nor the new version: $(head -c 200 "$WORK/sysroot/$file")"
    done
    for file in etc/passwd etc/shadow etc/group; do
        [ -e "$WORK/sysroot/$file" ] || continue
        cmp -s "$WORK/sysroot/$file" "$WORK/pristine/$file" 2> /dev/null || cmp -s "$WORK/sysroot/$file" "$WORK/reference/$file" \
            || fail "killed at write $n: /$file is partial"
    done
    # The re-run finishes the job.
    "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" 2> "$WORK/rerun.log" || fail "write $n: the re-run failed: $(cat "$WORK/rerun.log")"
    grep -q '"outcome": "ok"' "$WORK/sysroot/var/lib/flamingo/result.json" || fail "write $n: the re-run's record"
    for file in etc/hostname $(cd "$WORK/pristine" && ls etc/app/conf*) etc/passwd etc/group etc/shadow; do
        cmp -s "$WORK/sysroot/$file" "$WORK/reference/$file" || fail "write $n: after the re-run /$file is not the new version"
    done
    leftovers=$(find "$WORK/sysroot" -name '.*.flamingo-*' | head -n 3)
    [ -z "$leftovers" ] || fail "write $n: temporary files left after the re-run: $leftovers"
done
pass "killed at each of $crashes writes: every file old or new, never partial; each re-run completed the job and left no temporary file"
