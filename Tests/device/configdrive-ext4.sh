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
key='ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDeviceTestKey Generated-by-Nova'
# No users in cloud-config: the default user (cloud-user on an unknown distribution) gets the key,
# root gets it behind cloud-init's disable_root_opts; the admin's lines stay.
stub='no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command="echo '"'"'Please login as the user \"cloud-user\" rather than the user \"root\".'"'"';echo;sleep 10;exit 142"'
assert_file "$WORK/sysroot/root/.ssh/authorized_keys" "$(printf '# keep me\nssh-ed25519 AAAAadminKey admin@host\n%s %s' "$stub" "$key")"
assert_file "$WORK/sysroot/home/cloud-user/.ssh/authorized_keys" "$key"
assert_mode "$WORK/sysroot/home/cloud-user/.ssh/authorized_keys" "600 1000:1000"
grep -q "read: $loop: ConfigDrive, instance 0b5ef3a2-1a0e-4d7e-9d6a-device-test" "$WORK/run.log" || fail "read not logged: $(cat "$WORK/run.log")"
assert_no_flamingo_mounts
pass "config-2 drive applied: keys for the default user, root's stub, existing keys kept"
