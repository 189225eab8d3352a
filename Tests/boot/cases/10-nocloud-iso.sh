CASE_TITLE="NoCloud ISO9660 drive labelled cidata on an IDE cdrom: host name, the default user's and root's keys"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    cat > "$CASE_DIR/seed/meta-data" <<'EOD'
instance-id: iid-boot-nocloud
local-hostname: nocloud-vm.example.com
public-keys:
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestNoCloudKey boot@nocloud
EOD
    printf '#cloud-config\n{}\n' > "$CASE_DIR/seed/user-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

case_check() {
    assert_file "$ROOT_MNT/etc/hostname" "nocloud-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestNoCloudKey boot@nocloud"
    assert_mode "$ROOT_MNT/root/.ssh/authorized_keys" "600 0:0"
    assert_mode "$ROOT_MNT/root/.ssh" "700 0:0"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" datasource)" NoCloud "datasource in the sysroot's record"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" source)" /dev/sr0 "source in the sysroot's record"
    assert_file "$ROOT_MNT/var/lib/flamingo/instance-id" "iid-boot-nocloud"
    grep -q "flamingo\[.*\]: flamingo: set_hostname: /etc/hostname: wrote\|flamingo: set_hostname: /etc/hostname: wrote" "$CASE_DIR/console.log" \
        || fail "flamingo's messages did not reach the console"
}
