#!/usr/bin/env bash
# Real ISO9660 and vfat images are found by label through libblkid (this kernel cannot mount
# them; the qemu boot test covers mounting). A found drive that cannot be mounted does not fail a
# discovering run (the boot goes on) and leaves the sysroot untouched.
. "$(dirname "$0")/lib.sh"

make_nocloud_seed "$WORK/nocloud"
make_configdrive_seed "$WORK/configdrive"
make_iso "$WORK/cidata.iso" cidata "$WORK/nocloud"
make_vfat "$WORK/config2.img" CONFIG-2 "$WORK/configdrive"
iso=$(attach "$WORK/cidata.iso")
vfat=$(attach "$WORK/config2.img")

"$FLAMINGO" probe > "$WORK/probe.out" || fail "probe found nothing"
grep -qx "$iso	cidata	iso9660" "$WORK/probe.out" || fail "ISO not listed: $(cat "$WORK/probe.out")"
grep -qx "$vfat	CONFIG-2	vfat" "$WORK/probe.out" || fail "vfat not listed: $(cat "$WORK/probe.out")"
assert_eq "$(head -n1 "$WORK/probe.out" | cut -f2)" "cidata" "preferred label (NoCloud first, as cloud-init's datasource_list)"
pass "probe finds iso9660 and vfat by label"

"$FLAMINGO" probe --label CONFIG-2 > "$WORK/probe2.out"
assert_eq "$(cat "$WORK/probe2.out")" "$vfat	CONFIG-2	vfat" "probe --label CONFIG-2"
if "$FLAMINGO" probe --label nothing-has-this > /dev/null 2>&1; then fail "probe with an unmatched label exited 0"; fi
pass "probe --label and its exit codes"

# Does this kernel mount iso9660? If it cannot, a discovering run must still end with exit 0.
make_sysroot "$WORK/sysroot"
digest=$(tree_digest "$WORK/sysroot")
"$FLAMINGO" run --sysroot "$WORK/sysroot" 2> "$WORK/run.log" || fail "a discovering run exited non-zero"
if grep -q "mount: error" "$WORK/run.log"; then
    assert_eq "$(tree_digest "$WORK/sysroot")" "$digest" "sysroot after a failed mount"
    pass "an unmountable drive is logged, exit 0, sysroot untouched"
else
    assert_file "$WORK/sysroot/etc/hostname" "nocloud-host"
    pass "this kernel mounts iso9660: drive applied"
fi
assert_no_flamingo_mounts
