#!/usr/bin/env bash
# On a sysroot with an SELinux policy (Debian's selinux-policy-default, its real file_contexts),
# on an ext4 loop filesystem: every file flamingo writes gets the security.selinux context the
# policy assigns it (matchpathcon's answer), through setfiles. Without setfiles, the list is
# handed to the booted system with an enabled relabel unit.
. "$(dirname "$0")/lib.sh"

contexts=/etc/selinux/default/contexts/files/file_contexts
[ -f "$contexts" ] || fail "no $contexts (scripts/test.sh installs selinux-policy-default)"
truncate -s 64M "$WORK/root.img"
mkfs.ext4 -q "$WORK/root.img"
mkdir -p "$WORK/mnt"
mount -o loop "$WORK/root.img" "$WORK/mnt"
sysroot=$WORK/mnt
make_debian_sysroot "$sysroot"
mkdir -p "$sysroot/etc/selinux/default/contexts/files"
cp /etc/selinux/default/contexts/files/file_contexts* "$sysroot/etc/selinux/default/contexts/files/"
printf 'SELINUX=enforcing\nSELINUXTYPE=default\n' > "$sysroot/etc/selinux/config"

printf '#cloud-config\nusers: [default, {name: alice, sudo: "ALL=(ALL) NOPASSWD:ALL", ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAliceKey a@b]}]\n' > "$WORK/user-data"
make_seed_with_user_data "$WORK/seed" "$WORK/user-data"
"$FLAMINGO" run --sysroot "$sysroot" --seed "$WORK/seed" 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
grep -q "selinux: relabelled [0-9]* paths with setfiles" "$WORK/run.log" || fail "no relabelling: $(cat "$WORK/run.log")"
checked=0
for path in /etc/hostname /etc/passwd /etc/shadow /etc/group /etc/sudoers.d/90-flamingo-users /home/alice /home/alice/.ssh /var/lib/flamingo/result.json \
            /home/alice/.ssh/authorized_keys /home/debian/.ssh/authorized_keys /root/.ssh/authorized_keys; do
    expected=$(matchpathcon -f "$contexts" -n "$path")
    actual=$(getfattr --only-values -n security.selinux "$sysroot$path" 2>/dev/null | tr -d '\0')
    assert_eq "$actual" "$expected" "security.selinux of $path"
    checked=$((checked + 1))
done
assert_eq "$(getfattr --only-values -n security.selinux "$sysroot/home/alice/.ssh/authorized_keys" 2>/dev/null | tr -d '\0' | cut -d: -f3)" ssh_home_t "authorized_keys type"
pass "setfiles: $checked written paths carry the policy's contexts (authorized_keys: ssh_home_t)"

# Without setfiles (hidden in a private mount namespace) the list goes to the booted system.
umount "$WORK/mnt"
mount -o loop "$WORK/root.img" "$WORK/mnt"
printf '#cloud-config\nusers: [default, bob]\n' > "$WORK/user-data2"
make_seed_with_user_data "$WORK/seed2" "$WORK/user-data2"
sed -i 's/iid-identity/iid-identity-2/' "$WORK/seed2/meta-data"
unshare --mount sh -c "mount --bind /dev/null /usr/sbin/setfiles && '$FLAMINGO' run --sysroot '$sysroot' --seed '$WORK/seed2'" 2> "$WORK/run2.log" \
    || fail "run without setfiles: $(cat "$WORK/run2.log")"
grep -q '^/home/bob$' "$sysroot/var/lib/flamingo/relabel.list" || fail "bob's home is not in the relabel list"
grep -q '^/etc/passwd$' "$sysroot/var/lib/flamingo/relabel.list" || fail "/etc/passwd is not in the relabel list"
assert_eq "$(systemctl --root "$sysroot" is-enabled flamingo-relabel.service 2>&1)" enabled "the relabel unit"
pass "without setfiles: the written paths and an enabled flamingo-relabel.service for the booted system"
