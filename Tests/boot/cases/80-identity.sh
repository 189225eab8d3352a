CASE_TITLE="cloud-config identity and services on a ConfigDrive: users (sudo, system), keys, write_files (one deferred), runcmd run by the hand-off, a systemd unit enabled, a timezone, an NTP server"

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
timezone: Europe/Paris
ntp:
  servers: [ntp.boot-test.example]
systemd:
  units:
    - name: app.service
      enabled: true
      contents: |
        [Unit]
        Description=the boot test's app

        [Service]
        ExecStart=/bin/true

        [Install]
        WantedBy=multi-user.target
      dropins:
        - name: 10-env.conf
          contents: "[Service]\nEnvironment=STAGE=boot-test\n"
EOD
    # What the image brings for the services part: a zone file, chrony and its unit.
    mkdir -p "$CASE_ROOT_TREE/usr/share/zoneinfo/Europe" "$CASE_ROOT_TREE/usr/sbin" "$CASE_ROOT_TREE/usr/lib/systemd/system"
    cp /usr/share/zoneinfo/Europe/Paris "$CASE_ROOT_TREE/usr/share/zoneinfo/Europe/Paris"
    printf '#!/bin/sh\n' > "$CASE_ROOT_TREE/usr/sbin/chronyd"; chmod 755 "$CASE_ROOT_TREE/usr/sbin/chronyd"
    printf '[Unit]\nDescription=NTP\n[Service]\nExecStart=/usr/sbin/chronyd\n[Install]\nWantedBy=multi-user.target\n' > "$CASE_ROOT_TREE/usr/lib/systemd/system/chrony.service"
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
    assert_eq "$(readlink "$ROOT_MNT/etc/systemd/system/multi-user.target.wants/app.service")" /etc/systemd/system/app.service "the app unit's link"
    grep -qx 'Environment=STAGE=boot-test' "$ROOT_MNT/etc/systemd/system/app.service.d/10-env.conf" || fail "the app unit's drop-in"
    assert_eq "$(systemctl --root "$ROOT_MNT" is-enabled app.service)" enabled "systemctl --root is-enabled app.service"
    assert_eq "$(readlink "$ROOT_MNT/etc/localtime")" ../usr/share/zoneinfo/Europe/Paris "/etc/localtime"
    assert_eq "$(cat "$ROOT_MNT/etc/timezone")" Europe/Paris "/etc/timezone (the test root says ID=debian)"
    grep -qx 'server ntp.boot-test.example iburst' "$ROOT_MNT/etc/chrony/chrony.conf" || fail "chrony.conf: $(cat "$ROOT_MNT/etc/chrony/chrony.conf" 2>&1)"
    assert_eq "$(systemctl --root "$ROOT_MNT" is-enabled chrony.service)" enabled "chrony.service"
}
