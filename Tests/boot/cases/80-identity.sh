CASE_TITLE="cloud-config identity on a ConfigDrive: users (sudo, system), keys, write_files (one deferred), runcmd run by the hand-off"

case_prepare() {
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    cat > "$CASE_DIR/drive/openstack/latest/meta_data.json" <<'EOD'
{"uuid": "5f1e9d3c-identity-boot", "hostname": "identity-vm.novalocal",
 "public_keys": {"k": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootIdentityMetaKey meta@nova"}}
EOD
    cat > "$CASE_DIR/drive/openstack/latest/user_data" <<'EOD'
#cloud-config
users:
  - default
  - name: alice
    gecos: Alice Admin
    sudo: ALL=(ALL) NOPASSWD:ALL
    groups: [adm]
    shell: /bin/sh
    ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootIdentityAlice alice@laptop]
  - name: appsvc
    system: true
write_files:
  - path: /etc/motd
    content: "Welcome to the flamingo boot test\n"
  - path: /home/alice/later.txt
    owner: alice:alice
    defer: true
    content: written by the hand-off
runcmd:
  - echo "runcmd ran for $INSTANCE_ID" > /flamingo-test/runcmd.out
EOD
    make_vfat "$CASE_DIR/config2.img" config-2 "$CASE_DIR/drive"
    add_drive -drive "file=$CASE_DIR/config2.img,if=virtio,format=raw,readonly=on"
    # The test root's init plays the booted system: it runs the hand-off the way its unit would.
    cat > "$CASE_ROOT_TREE/flamingo-test/case-init" <<'EOI'
#!/bin/sh
[ -e /etc/systemd/system/multi-user.target.wants/flamingo-handoff.service ] && /bin/sh /var/lib/flamingo/handoff/run
EOI
    chmod 755 "$CASE_ROOT_TREE/flamingo-test/case-init"
}

case_check() {
    grep -q '^alice:x:1[0-9]*:1[0-9]*:Alice Admin:/home/alice:/bin/sh$' "$ROOT_MNT/etc/passwd" || fail "alice's passwd line: $(grep alice "$ROOT_MNT/etc/passwd")"
    grep -q '^appsvc:x:[1-9][0-9][0-9]:' "$ROOT_MNT/etc/passwd" || fail "appsvc is not a system user"
    grep -q '^debian:x:' "$ROOT_MNT/etc/passwd" || fail "no default user"
    grep -q '^alice:!:' "$ROOT_MNT/etc/shadow" || fail "alice's password is not locked"
    grep -q '^adm:x:[0-9]*:.*alice' "$ROOT_MNT/etc/group" || fail "alice is not in adm"
    assert_mode "$ROOT_MNT/home/alice" "755 $(grep '^alice:' "$ROOT_MNT/etc/passwd" | cut -d: -f3-4)"
    assert_file "$ROOT_MNT/home/alice/.ssh/authorized_keys" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootIdentityAlice alice@laptop"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootIdentityMetaKey meta@nova"
    assert_file "$ROOT_MNT/etc/sudoers.d/90-flamingo-users" "$(printf '# Written by flamingo from cloud-config (users[].sudo); replaced on every run.\n\n# User rules for debian\ndebian ALL=(ALL) NOPASSWD:ALL\n\n# User rules for alice\nalice ALL=(ALL) NOPASSWD:ALL')"
    assert_mode "$ROOT_MNT/etc/sudoers.d/90-flamingo-users" "440 0:0"
    visudo -c -f "$ROOT_MNT/etc/sudoers.d/90-flamingo-users" > /dev/null || fail "visudo rejects the drop-in"
    assert_file "$ROOT_MNT/etc/motd" "Welcome to the flamingo boot test"
    [ -L "$ROOT_MNT/etc/systemd/system/multi-user.target.wants/flamingo-handoff.service" ] || fail "the hand-off unit is not enabled"
    assert_file "$ROOT_MNT/flamingo-test/runcmd.out" "runcmd ran for 5f1e9d3c-identity-boot"
    assert_file "$ROOT_MNT/home/alice/later.txt" "written by the hand-off"
    assert_eq "$(stat -c '%u:%g' "$ROOT_MNT/home/alice/later.txt")" "$(grep '^alice:' "$ROOT_MNT/etc/passwd" | cut -d: -f3-4)" "owner of the deferred file"
}
