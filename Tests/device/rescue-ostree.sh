#!/usr/bin/env bash
# A rescue run against an ostree deployment named by its directory: /etc lands in the deployment,
# root's keys and flamingo's records in the stateroot's var (bound over the deployment's var for
# the run, then unbound); `flamingo status --sysroot` finds the record there.
. "$(dirname "$0")/lib.sh"

phys=$WORK/phys
deployment=$phys/ostree/deploy/fedora/deploy/0123abcd.0
mkdir -p "$phys/ostree/deploy/fedora/var" "$deployment"/{etc,var,usr}
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$deployment/etc/passwd"
ln -s var/roothome "$deployment/root"
ln -s var/home "$deployment/home"
make_nocloud_seed "$WORK/seed" rescued

"$FLAMINGO" run --sysroot "$deployment" --seed "$WORK/seed" 2> "$WORK/run.log" || fail "run failed: $(cat "$WORK/run.log")"
assert_file "$deployment/etc/hostname" "rescued"
stateroot_var=$phys/ostree/deploy/fedora/var
assert_eq "$(wc -l < "$stateroot_var/roothome/.ssh/authorized_keys")" 2 "keys in the stateroot's var"
assert_mode "$stateroot_var/roothome" "700 0:0"
[ -d "$stateroot_var/home" ] || fail "var/home was not created"
assert_file "$stateroot_var/lib/flamingo/instance-id" "iid-device-test"
[ -z "$(ls -A "$deployment/var")" ] || fail "the deployment's own var holds: $(ls -A "$deployment/var")"
findmnt -rn "$deployment/var" > /dev/null && fail "the stateroot's var is still bound on the deployment"
grep -q "ostree: $stateroot_var: bound on $deployment/var" "$WORK/run.log" || fail "the bind was not logged: $(cat "$WORK/run.log")"
pass "rescue run on a deployment: /etc in it, keys and records in the stateroot's var, unbound after"

"$FLAMINGO" status --sysroot "$deployment" > "$WORK/status.out" || fail "status failed: $(cat "$WORK/status.out")"
grep -q "datasource NoCloud from $WORK/seed, instance iid-device-test" "$WORK/status.out" || fail "status: $(cat "$WORK/status.out")"
grep -q "ostree stateful var: $stateroot_var" "$WORK/status.out" || fail "status does not name the var: $(cat "$WORK/status.out")"
# (into a file first: grep -q closing the pipe early would end flamingo with SIGPIPE)
"$FLAMINGO" status --sysroot "$deployment" --json > "$WORK/status.json" || fail "status --json failed"
grep -q '"instance_id": "iid-device-test"' "$WORK/status.json" || fail "status --json: $(cat "$WORK/status.json")"
pass "flamingo status --sysroot reads the record from the stateroot's var"

# Second run: per-instance steps are skipped; --force runs them again and finds everything in place.
"$FLAMINGO" run --sysroot "$deployment" --seed "$WORK/seed" 2> "$WORK/run2.log"
status=$("$FLAMINGO" status --sysroot "$deployment")
grep -q "skipped.*per-instance: already done for instance iid-device-test" <<< "$status" \
    || fail "second run did not skip per-instance steps: $status"
"$FLAMINGO" run --sysroot "$deployment" --seed "$WORK/seed" --force --verbose 2> "$WORK/run3.log"
grep -q "set_hostname: /etc/hostname: unchanged" "$WORK/run3.log" || fail "--force: $(cat "$WORK/run3.log")"
pass "frequencies: skipped on the same instance, --force reruns"
