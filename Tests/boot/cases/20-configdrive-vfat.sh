CASE_TITLE="OpenStack ConfigDrive v2 on vfat labelled config-2 (virtio disk): host name, the default user's and root's keys"

case_prepare() {
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    cat > "$CASE_DIR/drive/openstack/latest/meta_data.json" <<'EOD'
{"uuid": "7c0a3f52-2a55-4a43-8f0e-bootconfigdrive", "hostname": "configdrive-vm.novalocal",
 "public_keys": {"mykey": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCBootTestConfigDriveKey Generated-by-Nova"}}
EOD
    printf '#cloud-config\n{}\n' > "$CASE_DIR/drive/openstack/latest/user_data"
    make_vfat "$CASE_DIR/config2.img" config-2 "$CASE_DIR/drive"
    add_drive -drive "file=$CASE_DIR/config2.img,if=virtio,format=raw,readonly=on"
}

case_check() {
    assert_file "$ROOT_MNT/etc/hostname" "configdrive-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCBootTestConfigDriveKey Generated-by-Nova"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" datasource)" ConfigDrive "datasource"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" source)" /dev/vdb "source"
}
