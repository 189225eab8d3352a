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

# Killed between the renames of the account files (written together, renamed one by one): the
# next run makes the four files consistent whatever the point — the same as an uninterrupted
# run's, and clean for pwck and grpck. (passwd was renamed first: a crash after it left alice
# without her group, and the re-run, finding her "existing", never completed her.)
make_sysroot "$WORK/accounts"
printf 'root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n' > "$WORK/accounts/etc/shadow"
printf 'root:x:0:\ndaemon:x:1:\nadm:x:4:\n' > "$WORK/accounts/etc/group"
printf 'root:*::\ndaemon:*::\nadm:*::\n' > "$WORK/accounts/etc/gshadow"
chmod 640 "$WORK/accounts/etc/shadow" "$WORK/accounts/etc/gshadow"
mkdir -p "$WORK/accounts-seed"
printf 'instance-id: iid-accounts\n' > "$WORK/accounts-seed/meta-data"
printf '#cloud-config\nusers:\n  - {name: alice, groups: [adm], lock_passwd: false, hashed_passwd: "$6$salt$hash"}\n' > "$WORK/accounts-seed/user-data"
cp -a "$WORK/accounts" "$WORK/accounts-reference"
"$FLAMINGO" run --sysroot "$WORK/accounts-reference" --seed "$WORK/accounts-seed" 2> "$WORK/accounts.log" || fail "reference run: $(cat "$WORK/accounts.log")"
for n in 1 2 3; do
    rm -rf "$WORK/accounts-$n"; cp -a "$WORK/accounts" "$WORK/accounts-$n"
    FLAMINGO_TEST_CRASH=rename:$n "$FLAMINGO" run --sysroot "$WORK/accounts-$n" --seed "$WORK/accounts-seed" > /dev/null 2>&1 \
        && fail "rename $n: the run was not killed"
    "$FLAMINGO" run --sysroot "$WORK/accounts-$n" --seed "$WORK/accounts-seed" 2> "$WORK/accounts-rerun.log" \
        || fail "rename $n: the re-run failed: $(cat "$WORK/accounts-rerun.log")"
    for file in passwd group shadow gshadow; do
        cmp -s "$WORK/accounts-$n/etc/$file" "$WORK/accounts-reference/etc/$file" \
            || fail "rename $n: /etc/$file after the re-run: $(diff "$WORK/accounts-reference/etc/$file" "$WORK/accounts-$n/etc/$file")"
    done
    # pwck also reports the bare test sysroot's missing home and shell directories: those are not the point.
    pwck -r -R "$WORK/accounts-$n" > "$WORK/pwck.out" 2>&1 || true
    problems=$(grep -v "directory\|no changes\|program" "$WORK/pwck.out" || true)
    [ -z "$problems" ] || fail "rename $n: pwck: $problems"
    grpck -r -R "$WORK/accounts-$n" > "$WORK/grpck.out" 2>&1 || fail "rename $n: grpck: $(cat "$WORK/grpck.out")"
done
pass "killed after each of the account files' renames: the next run makes passwd, group, shadow and gshadow whole and consistent (pwck, grpck)"
