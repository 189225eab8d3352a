#!/usr/bin/env bash
# Every exit status docs/usage.md documents, from the real binary: run (0, 1, 2, 64, 128+N; the
# initramfs step's 0 and 1 by flamingo.strict in any spelling), status (0, 1, 2 — a missing
# record is not a usage error), validate (0, 1, 2), probe (0 is the device tests'; 1 here).
. "$(dirname "$0")/lib.sh"

FIXTURES=$ROOT/Tests/FlamingoCoreTests/Fixtures
expect_status() {
    local want=$1 what=$2 rc=0
    shift 2
    "$@" > "$WORK/out" 2> "$WORK/err" || rc=$?
    [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want: $(head -c 600 "$WORK/err")"
}

make_sysroot "$WORK/ok"
expect_status 0 "run with a good seed" "$FLAMINGO" run --sysroot "$WORK/ok" --seed "$FIXTURES/nocloud-basic"
make_sysroot "$WORK/broken"
expect_status 1 "run with a broken seed it was given" "$FLAMINGO" run --sysroot "$WORK/broken" --seed "$FIXTURES/nocloud-broken"
expect_status 2 "run with an unreadable --kernel-cmdline" \
    "$FLAMINGO" run --sysroot "$WORK/ok" --seed "$FIXTURES/nocloud-basic" --kernel-cmdline "$WORK/absent"
grep -q "run: error: $WORK/absent: .*No such file or directory" "$WORK/err" || fail "no message for the missing command line: $(cat "$WORK/err")"
expect_status 64 "run with --device and --seed" "$FLAMINGO" run --sysroot "$WORK/ok" --device /dev/null --seed "$WORK"
expect_status 64 "run with an unknown option" "$FLAMINGO" run --sysroot "$WORK/ok" --sedd "$WORK"
grep -q "usage error: unknown option '--sedd'" "$WORK/err" && grep -q "^Usage: flamingo run --sysroot <DIR>" "$WORK/err" \
    || fail "the unknown option is not named with the usage line: $(cat "$WORK/err")"
expect_status 64 "run with --sysroot given twice" "$FLAMINGO" run --sysroot "$WORK/ok" --sysroot "$WORK/other" --seed "$WORK"
grep -q "sysroot given more than once" "$WORK/err" || fail "no message for --sysroot twice: $(cat "$WORK/err")"
expect_status 64 "run without --sysroot" "$FLAMINGO" run --seed "$WORK"
expect_status 64 "an unknown command" "$FLAMINGO" frobnicate
expect_status 0 "run --help" "$FLAMINGO" run --help
grep -q -- "--kernel-cmdline <FILE>" "$WORK/out" || fail "run --help does not list --kernel-cmdline: $(cat "$WORK/out")"
expect_status 0 "help validate" "$FLAMINGO" help validate
expect_status 0 "--version" "$FLAMINGO" --version
pass "run: 0, 1, 2, 64 (each usage error named, with the usage line); --help, help, --version: 0"

for spelling in "flamingo.strict" "flamingo.strict=1" "flamingo.strict=yes" "flamingo.strict=true" "flamingo.strict=on"; do
    printf 'ro quiet %s\n' "$spelling" > "$WORK/cmdline"
    make_sysroot "$WORK/strict"
    expect_status 1 "the initramfs step with broken input and $spelling" \
        "$FLAMINGO" run --initrd --kernel-cmdline "$WORK/cmdline" --sysroot "$WORK/strict" --seed "$FIXTURES/nocloud-broken"
    rm -rf "$WORK/strict"
done
for spelling in "" "flamingo.strict=0" "flamingo.strict=no"; do
    printf 'ro quiet %s\n' "$spelling" > "$WORK/cmdline"
    make_sysroot "$WORK/lenient"
    expect_status 0 "the initramfs step with broken input and '$spelling'" \
        "$FLAMINGO" run --initrd --kernel-cmdline "$WORK/cmdline" --sysroot "$WORK/lenient" --seed "$FIXTURES/nocloud-broken"
    rm -rf "$WORK/lenient"
done
pass "the initramfs step: 1 only under flamingo.strict (every spelling), 0 otherwise"

# A run ended by a signal: 128+N (SIGHUP: a background job of a script ignores SIGINT; the read-only-root test covers SIGTERM with mounts to undo).
make_sysroot "$WORK/signal"
# SIGHUP's default restored first: under nohup (a CI runner's) it is ignored, and flamingo, like
# any program, leaves an inherited ignored signal ignored.
FLAMINGO_TEST_PAUSE=writable:5000 python3 -c 'import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
    "$FLAMINGO" run --sysroot "$WORK/signal" --seed "$FIXTURES/nocloud-basic" 2> /dev/null &
pid=$!
sleep 1; kill -HUP "$pid"; rc=0; wait "$pid" || rc=$?
assert_eq "$rc" 129 "run ended by SIGHUP"
pass "run: 128+N after a signal"

expect_status 0 "status of a good run" "$FLAMINGO" status --sysroot "$WORK/ok"
# A run that failed after it read its input (an invalid value): its record is in the root.
make_nocloud_seed "$WORK/invalid-seed" invalid
printf '#cloud-config\nhostname: [1, 2]\n' > "$WORK/invalid-seed/user-data"
make_sysroot "$WORK/failed"
expect_status 1 "run with an invalid value" "$FLAMINGO" run --sysroot "$WORK/failed" --seed "$WORK/invalid-seed"
expect_status 1 "status of a failed run" "$FLAMINGO" status --sysroot "$WORK/failed"
grep -q "failed" "$WORK/out" || fail "status of a failed run does not show the failure: $(cat "$WORK/out")"
grep -q "error" "$WORK/out" || fail "status of a failed run does not show the errors: $(cat "$WORK/out")"
mkdir -p "$WORK/never"
expect_status 2 "status without a record" "$FLAMINGO" status --sysroot "$WORK/never"
grep -q "status: $WORK/never/var/lib/flamingo/result.json: no result record" "$WORK/err" || fail "status without a record: $(cat "$WORK/err")"
grep -q "Usage\|usage" "$WORK/err" && fail "a missing record is not a usage error: $(cat "$WORK/err")"
mkdir -p "$WORK/damaged/var/lib/flamingo"; printf '{"outcome": ' > "$WORK/damaged/var/lib/flamingo/result.json"
expect_status 2 "status with a damaged record" "$FLAMINGO" status --sysroot "$WORK/damaged"
pass "status: 0, 1 (errors shown), 2 without a record or with a damaged one"

printf '#cloud-config\nhostname: fine\n' > "$WORK/good.yaml"
printf '#cloud-config\nhostname: [1, 2]\n' > "$WORK/bad.yaml"
expect_status 0 "validate a good file" "$FLAMINGO" validate "$WORK/good.yaml"
expect_status 1 "validate a bad file" "$FLAMINGO" validate "$WORK/bad.yaml"
expect_status 2 "validate a missing file" "$FLAMINGO" validate "$WORK/good.yaml" "$WORK/absent.yaml"
expect_status 64 "validate without a file" "$FLAMINGO" validate
pass "validate: 0, 1, 2, 64"

expect_status 2 "render-network with an unreadable input" \
    "$FLAMINGO" render-network --input "$WORK/absent.json" --renderer nm --out "$WORK/net"
grep -q "render-network: error: $WORK/absent.json: cannot read" "$WORK/err" || fail "render-network: $(cat "$WORK/err")"
[ -e "$WORK/net" ] && fail "render-network wrote output for an unreadable input"
expect_status 64 "render-network with an unknown renderer" \
    "$FLAMINGO" render-network --input "$WORK/absent.json" --renderer systemd --out "$WORK/net"
pass "render-network: 2 for an unreadable input (nothing written), 64 for an unknown renderer"

expect_status 1 "probe finding nothing" "$FLAMINGO" probe --label flamingo-no-such-label-here
pass "probe: 1 when nothing is found"
