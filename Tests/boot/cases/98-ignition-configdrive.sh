CASE_TITLE="An Ignition config as a config-2 drive's user_data: a user with keys and a group, files, a link, a unit enabled, a GPT partition and ext4 on a second disk with a mount unit"

case_prepare() {
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    printf '{"uuid": "0c5e7f0e-ignition-configdrive", "hostname": "ignition-vm.novalocal"}\n' > "$CASE_DIR/drive/openstack/latest/meta_data.json"
    cp "$FLAMINGO_ROOT/Tests/ignition/boot/second-disk.ign" "$CASE_DIR/drive/openstack/latest/user_data"
    make_vfat "$CASE_DIR/config2.img" config-2 "$CASE_DIR/drive"
    add_drive -drive "file=$CASE_DIR/config2.img,if=virtio,format=raw,readonly=on"
    ignition_data_disk
}

case_check() {
    check_ignition_outcome
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" datasource)" ConfigDrive "datasource"
    assert_file "$ROOT_MNT/etc/hostname" "ignition-vm"
}
