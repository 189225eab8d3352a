#!/usr/bin/env bash
# An ext4 drive labelled config-2 with an openstack/latest tree, on a loop device.
. "$(dirname "$0")/lib.sh"

make_configdrive_seed "$WORK/seed" cd-host
make_ext4 "$WORK/config2.img" config-2 "$WORK/seed"
loop=$(attach "$WORK/config2.img")
make_sysroot "$WORK/sysroot"
# An existing key of the admin's must stay, byte for byte.
mkdir -p "$WORK/sysroot/root/.ssh"
printf '# keep me\nssh-ed25519 AAAAadminKey admin@host' > "$WORK/sysroot/root/.ssh/authorized_keys"

"$FLAMINGO" run --sysroot "$WORK/sysroot" --fstype ext4 --label config-2 2> "$WORK/run.log" \
    || fail "run failed: $(cat "$WORK/run.log")"
assert_file "$WORK/sysroot/etc/hostname" "cd-host"
assert_file "$WORK/sysroot/root/.ssh/authorized_keys" "$(printf '# keep me\nssh-ed25519 AAAAadminKey admin@host\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDeviceTestKey Generated-by-Nova')"
grep -q "read: $loop: ConfigDrive, instance 0b5ef3a2-1a0e-4d7e-9d6a-device-test" "$WORK/run.log" || fail "read not logged: $(cat "$WORK/run.log")"
assert_no_flamingo_mounts
pass "config-2 drive applied, existing keys kept"
