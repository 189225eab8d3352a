#!/usr/bin/env bash
# The drive is unmounted after a read error and when a signal ends the run while it is mounted.
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/broken"
printf 'instance-id: x\nlocal-hostname: [unclosed\n' > "$WORK/broken/meta-data"
make_ext4 "$WORK/broken.img" cidata "$WORK/broken"
loop=$(attach "$WORK/broken.img")
make_sysroot "$WORK/sysroot"
digest=$(tree_digest "$WORK/sysroot")

"$FLAMINGO" run --sysroot "$WORK/sysroot" --fstype ext4 2> "$WORK/run.log" || fail "a discovering run must exit 0"
grep -q "read: error: $loop:meta-data:3:1: invalid YAML" "$WORK/run.log" || fail "no located error: $(cat "$WORK/run.log")"
assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "sysroot after broken meta-data"
assert_no_flamingo_mounts
pass "broken meta-data: error with file:line:column, exit 0, unmounted, sysroot untouched"

if "$FLAMINGO" run --sysroot "$WORK/sysroot" --device "$loop" 2> "$WORK/run2.log"; then fail "a forced device with broken meta-data exited 0"; fi
assert_no_flamingo_mounts
pass "forced --device with broken meta-data exits 1"

make_nocloud_seed "$WORK/good"
make_ext4 "$WORK/good.img" cidata "$WORK/good"
good=$(attach "$WORK/good.img")
FLAMINGO_TEST_PAUSE=after-mount:5000 "$FLAMINGO" run --sysroot "$WORK/sysroot" --device "$good" 2> "$WORK/run3.log" &
pid=$!
for _ in $(seq 50); do findmnt -rn -S "$good" > /dev/null && break; sleep 0.1; done
findmnt -rn -S "$good" > /dev/null || fail "the drive was never mounted"
kill -TERM "$pid"
wait "$pid" && status=0 || status=$?
assert_eq "$status" 143 "exit status after SIGTERM"
findmnt -rn -S "$good" > /dev/null && fail "the drive stayed mounted after SIGTERM"
assert_eq "$(find /run/flamingo -mindepth 1 -maxdepth 1 -name 'drive-*' | wc -l)" 0 "mount directories left in /run/flamingo"
pass "SIGTERM while mounted: unmounted, directory removed"

# SIGHUP inherited as ignored (nohup, a CI runner): it stays ignored while the drive is mounted
# (a handler there would end the run) and after it is unmounted (the disposition given back is
# the inherited one, not the default).
FLAMINGO_TEST_PAUSE=after-mount:1500,writable:1500 python3 -c \
    'import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])' \
    "$FLAMINGO" run --sysroot "$WORK/sysroot" --device "$good" 2> "$WORK/run4.log" &
pid=$!
for _ in $(seq 50); do findmnt -rn -S "$good" > /dev/null && break; sleep 0.1; done
findmnt -rn -S "$good" > /dev/null || fail "nohup: the drive was never mounted"
kill -HUP "$pid"
for _ in $(seq 50); do findmnt -rn -S "$good" > /dev/null || break; sleep 0.05; done
kill -0 "$pid" 2> /dev/null || fail "nohup: SIGHUP ended the run while the drive was mounted: $(cat "$WORK/run4.log")"
kill -HUP "$pid"
wait "$pid" && status=0 || status=$?
assert_eq "$status" 0 "nohup: exit status after two ignored SIGHUPs ($(cat "$WORK/run4.log"))"
grep -q "set_hostname: /etc/hostname: wrote" "$WORK/run4.log" || fail "nohup: the run did not finish its work: $(cat "$WORK/run4.log")"
assert_no_flamingo_mounts
pass "SIGHUP inherited as ignored: ignored while mounted and after, the run completes"
