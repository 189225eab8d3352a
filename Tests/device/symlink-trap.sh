#!/usr/bin/env bash
# Symlinks planted in the sysroot never lead a write outside it.
. "$(dirname "$0")/lib.sh"

make_nocloud_seed "$WORK/seed"
outside=/tmp/flamingo-outside-$$
rm -rf "$outside" "$outside-root"
trap 'rm -rf "$outside" "$outside-root"; cleanup' EXIT
mkdir -p "$outside" "$outside-root"

# etc → /tmp/outside (absolute), root → ../../…/tmp/outside-root (relative, climbing).
make_sysroot "$WORK/sysroot"
mv "$WORK/sysroot/etc" "$WORK/sysroot/etc.real"
ln -s "$outside" "$WORK/sysroot/etc"
rm -rf "$WORK/sysroot/root"
ln -s "../../../../../../../..$outside-root" "$WORK/sysroot/root"

"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" 2> "$WORK/run.log" && status=0 || status=$?
assert_eq "$(find "$outside" "$outside-root" -mindepth 1 | wc -l)" 0 "files written outside the sysroot"
assert_eq "$status" 1 "exit status when writes were refused"
grep -q "set_hostname: error: /etc/hostname" "$WORK/run.log" || fail "no error for /etc/hostname: $(cat "$WORK/run.log")"
pass "absolute and climbing symlinks: nothing written outside, errors reported"

# The same links made to resolve inside the sysroot (as RESOLVE_IN_ROOT reads them) are followed there.
mkdir -p "$WORK/sysroot$outside" "$WORK/sysroot$outside-root"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" 2> "$WORK/run2.log" || fail "run failed: $(cat "$WORK/run2.log")"
assert_file "$WORK/sysroot$outside/hostname" "nocloud-host"
[ -f "$WORK/sysroot$outside-root/.ssh/authorized_keys" ] || fail "keys not written inside the sysroot"
assert_eq "$(find "$outside" "$outside-root" -mindepth 1 | wc -l)" 0 "files written outside the sysroot"
pass "symlinks resolve inside the sysroot"
