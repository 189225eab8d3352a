#!/usr/bin/env bash
# cloud-init's own documented examples (Debian's cloud-init package ships them): `flamingo
# validate` reads every one without crashing; the identity examples validate with no error; and
# applied to a Debian-like sysroot, the users-and-groups example passes pwck and grpck.
. "$(dirname "$0")/lib.sh"

examples=/usr/share/doc/cloud-init/examples
[ -d "$examples" ] || fail "no $examples (scripts/test.sh installs cloud-init)"
count=0
for file in "$examples"/*.txt "$examples"/*.txt.gz; do
    "$FLAMINGO" validate "$file" > "$WORK/out" 2>&1 && status=0 || status=$?
    [ "$status" -le 1 ] || fail "validate $(basename "$file") exited $status: $(cat "$WORK/out")"
    count=$((count + 1))
done
pass "validate reads all $count examples (exit 0 or 1, never a crash)"

for name in cloud-config-user-groups.txt.gz cloud-config-write-files.txt cloud-config-ssh-keys.txt \
            cloud-config-boot-cmds.txt cloud-config-run-cmds.txt; do
    "$FLAMINGO" validate "$examples/$name" > "$WORK/out" 2>&1 || fail "$name: $(cat "$WORK/out")"
done
pass "the identity examples have no errors (warnings name what flamingo does not support)"

# The disk examples: no errors, and no disk key reported as unsupported.
for name in cloud-config-disk-setup.txt.gz cloud-config-mount-points.txt; do
    "$FLAMINGO" validate "$examples/$name" > "$WORK/out" 2>&1 || fail "$name: $(cat "$WORK/out")"
    if grep -E "(disk_setup|fs_setup|mounts|swap|device_aliases|mount_default_fields).*does not handle it" "$WORK/out"; then fail "$name: a disk key is not handled"; fi
done
pass "the disk and mount examples have no errors and every disk key is handled"

make_debian_sysroot "$WORK/sysroot"
pwck -r -R "$WORK/sysroot" > "$WORK/pwck.before" 2>&1 || true
zcat "$examples/cloud-config-user-groups.txt.gz" > "$WORK/user-data"
make_seed_with_user_data "$WORK/seed" "$WORK/user-data"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
pwck -r -R "$WORK/sysroot" > "$WORK/pwck.after" 2>&1 || true
new=$(grep -vxF -f "$WORK/pwck.before" "$WORK/pwck.after" | grep -v 'no changes$' || true)
[ -z "$new" ] || fail "pwck -r after the example: $new"
grpck -r -R "$WORK/sysroot" > /dev/null 2>&1 || fail "grpck -r: $(grpck -r -R "$WORK/sysroot" 2>&1)"
grep -q '^foobar:' "$WORK/sysroot/etc/passwd" || fail "the example's user foobar is missing"
visudo -c -f "$WORK/sysroot/etc/sudoers.d/90-flamingo-users" > /dev/null || fail "visudo rejects the example's sudo rules"
pass "the users-and-groups example applied: pwck, grpck and visudo accept it"
