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

# cloud-init's 156 documented examples (../shared/data, see SOURCES.md): every one validates but
# the placeholders and the formats flamingo does not take, each refused with a clear message.
corpus=$ROOT/../shared/data/cloud-init-examples
[ -d "$corpus" ] || fail "no $corpus"
declare -A refused=(
    [doc__module-docs__cc_ca_certs__example1.yaml]="5:5: error: ca_certs.trusted[0]: expected a PEM certificate"
    [doc__module-docs__cc_phone_home__example1.yaml]="jinja templates (## template: jinja) are not supported"
    [doc__module-docs__cc_phone_home__example2.yaml]="jinja templates (## template: jinja) are not supported"
    [doc__module-docs__cc_write_files__example6.yaml]="4:5: error: write_files[0].source: source (a URL to fetch) is not supported"
)
total=0
for file in "$corpus"/*; do
    name=$(basename "$file")
    "$FLAMINGO" validate "$file" > "$WORK/out" 2>&1 && status=0 || status=$?
    if [ -n "${refused[$name]:-}" ]; then
        [ "$status" = 1 ] || fail "$name: expected a refusal, exit $status: $(cat "$WORK/out")"
        grep -qF "${refused[$name]}" "$WORK/out" || fail "$name: not the expected message: $(cat "$WORK/out")"
    else
        [ "$status" = 0 ] || fail "$name: refused: $(grep error "$WORK/out")"
    fi
    total=$((total + 1))
done
[ "$total" -ge 156 ] || fail "only $total examples in $corpus"
pass "cloud-init's $total documented examples: $(( total - ${#refused[@]} )) validate, ${#refused[@]} refused with a clear message (a placeholder, jinja, a URL source)"

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

# Every documented example, applied to a CentOS-like sysroot (with chrony and the zoneinfo the
# examples name, as an image would have them): `flamingo run` succeeds, except for the refusals
# above and one example whose chpasswd names users nobody creates (cloud-init fails on it too);
# pwck and grpck find nothing new. Examples that partition, format, mount or grow devices are left
# to the disk tests: applied here they would act on this machine's devices.
make_centos_sysroot "$WORK/centos"
mkdir -p "$WORK/centos/usr/sbin" "$WORK/centos/usr/share/zoneinfo/America"
install -m 0755 /dev/null "$WORK/centos/usr/sbin/chronyd"
cp /usr/share/zoneinfo/America/New_York "$WORK/centos/usr/share/zoneinfo/America/" || fail "no zoneinfo on this machine"
pwck -r -R "$WORK/centos" > "$WORK/centos.pwck.before" 2>&1 || true
declare -A apply_fails=(
    [doc__module-docs__cc_set_passwords__example2.yaml]="chpasswd: no user user1 to set a password for"
)
applied=0 devices=0
for file in "$corpus"/*; do
    name=$(basename "$file")
    if grep -qE '^(disk_setup|fs_setup|mounts|swap|growpart|resize_rootfs|device_aliases):' "$file"; then
        devices=$((devices + 1)); continue
    fi
    rm -rf "$WORK/applied" && cp -a "$WORK/centos" "$WORK/applied"
    make_seed_with_user_data "$WORK/seed-$name" "$file"
    "$FLAMINGO" run --sysroot "$WORK/applied" --seed "$WORK/seed-$name" > "$WORK/apply.log" 2>&1 && status=0 || status=$?
    expected=${refused[$name]:-${apply_fails[$name]:-}}
    if [ -n "$expected" ]; then
        [ "$status" = 1 ] || fail "$name: expected a refusal, exit $status: $(cat "$WORK/apply.log")"
        # (run names the part: FILE:user-data:LINE:COLUMN: MESSAGE)
        grep -qF "${expected#*error: }" "$WORK/apply.log" || fail "$name: not the expected message: $(grep -E ': error' "$WORK/apply.log")"
        continue
    fi
    [ "$status" = 0 ] || fail "$name: run exited $status: $(grep -E ': error' "$WORK/apply.log")"
    pwck -r -R "$WORK/applied" > "$WORK/pwck.after" 2>&1 || true
    new=$(grep -vxF -f "$WORK/centos.pwck.before" "$WORK/pwck.after" | grep -v 'no changes$' || true)
    [ -z "$new" ] || fail "$name: pwck -r: $new"
    grpck -r -R "$WORK/applied" > "$WORK/grpck.out" 2>&1 || fail "$name: grpck -r: $(cat "$WORK/grpck.out")"
    applied=$((applied + 1))
done
[ "$applied" -ge 130 ] || fail "only $applied examples applied"
pass "$applied documented examples applied to a CentOS-like sysroot (run succeeds; pwck and grpck find nothing new); ${#refused[@]} refused and 1 failing as cloud-init fails; $devices that act on devices left to the disk tests"
