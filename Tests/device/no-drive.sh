#!/usr/bin/env bash
# No config drive: a run waits its timeout, exits 0 and leaves the sysroot untouched; probe exits 1.
. "$(dirname "$0")/lib.sh"

# A labelled drive of another name must not be taken for a config drive.
mkdir -p "$WORK/other" && echo data > "$WORK/other/file"
make_ext4 "$WORK/other.img" not-a-seed "$WORK/other"
attach "$WORK/other.img" > /dev/null
make_sysroot "$WORK/sysroot"
digest=$(tree_digest "$WORK/sysroot")

start=$(date +%s%N)
"$FLAMINGO" run --sysroot "$WORK/sysroot" --fstype ext4 --timeout 1 2> "$WORK/run.log" || fail "run exited non-zero"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed_ms" -ge 1000 ] || fail "returned after ${elapsed_ms} ms, before the 1 s timeout"
[ "$elapsed_ms" -lt 3000 ] || fail "took ${elapsed_ms} ms for a 1 s timeout"
grep -q "no config drive" "$WORK/run.log" || fail "nothing logged: $(cat "$WORK/run.log")"
assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "sysroot without a drive"
pass "no drive: exit 0 after ${elapsed_ms} ms (timeout 1 s), sysroot untouched"

if "$FLAMINGO" probe --fstype ext4 > /dev/null 2>&1; then fail "probe exited 0 without a drive"; fi
pass "probe exits 1 without a drive"
