#!/usr/bin/env bash
# An ext4 drive labelled cidata on a loop device: discovered by label (ext4 accepted with
# --fstype), mounted through libmount, read, and applied into a sysroot; the same through --device.
. "$(dirname "$0")/lib.sh"

make_nocloud_seed "$WORK/seed" nocloud-host
make_ext4 "$WORK/cidata.img" cidata "$WORK/seed"
loop=$(attach "$WORK/cidata.img")
make_sysroot "$WORK/sysroot"

"$FLAMINGO" probe --fstype ext4 > "$WORK/probe.out" || fail "probe found nothing"
grep -qx "$loop	cidata	ext4" "$WORK/probe.out" || fail "probe did not list $loop: $(cat "$WORK/probe.out")"
pass "probe lists $loop"

"$FLAMINGO" run --sysroot "$WORK/sysroot" --fstype ext4 2> "$WORK/run.log" || fail "run failed: $(cat "$WORK/run.log")"
assert_file "$WORK/sysroot/etc/hostname" "nocloud-host"
assert_mode "$WORK/sysroot/etc/hostname" "644 0:0"
assert_eq "$(wc -l < "$WORK/sysroot/root/.ssh/authorized_keys")" 2 "number of keys"
grep -q 'one@test' "$WORK/sysroot/root/.ssh/authorized_keys" || fail "first key missing"
assert_mode "$WORK/sysroot/root/.ssh" "700 0:0"
assert_mode "$WORK/sysroot/root/.ssh/authorized_keys" "600 0:0"
grep -q "discover: $loop: label cidata, ext4" "$WORK/run.log" || fail "discovery not logged: $(cat "$WORK/run.log")"
assert_no_flamingo_mounts
pass "discovered drive applied"

# --device with the block device, then with the image file itself (libmount sets up a loop).
rm -rf "$WORK/sysroot2" && make_sysroot "$WORK/sysroot2"
"$FLAMINGO" run --sysroot "$WORK/sysroot2" --device "$loop" 2> "$WORK/run2.log" || fail "--device failed"
assert_file "$WORK/sysroot2/etc/hostname" "nocloud-host"
losetup -d "$loop"
before=$(losetup -a | wc -l)
rm -rf "$WORK/sysroot3" && make_sysroot "$WORK/sysroot3"
"$FLAMINGO" run --sysroot "$WORK/sysroot3" --device "$WORK/cidata.img" 2> "$WORK/run3.log" || fail "--device IMAGE failed: $(cat "$WORK/run3.log")"
assert_file "$WORK/sysroot3/etc/hostname" "nocloud-host"
assert_eq "$(losetup -a | wc -l)" "$before" "loop devices after mounting an image file"
assert_no_flamingo_mounts
pass "--device with a block device and with an image file"

# A second run changes nothing.
digest=$(tree_digest "$WORK/sysroot3")
"$FLAMINGO" run --sysroot "$WORK/sysroot3" --device "$WORK/cidata.img" 2> "$WORK/run4.log"
assert_eq "$(tree_digest "$WORK/sysroot3")" "$digest" "sysroot after a second run"
grep "wrote" "$WORK/run4.log" | grep -qv ": record: /var/lib/flamingo/" && fail "second run wrote something: $(cat "$WORK/run4.log")"
pass "second run changes nothing but flamingo's records"
