CASE_TITLE="OpenStack-like machine with a config-2 drive and a metadata service: the drive wins, nothing waits on the network"

case_prepare() {
    start_fake_cloud openstack --hostname from-the-service.novalocal
    CASE_QEMU+=(-smbios "type=3,asset=OpenStack Nova")
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    printf '{"uuid": "drive-wins-0001", "hostname": "from-the-drive.novalocal"}\n' > "$CASE_DIR/drive/openstack/latest/meta_data.json"
    make_vfat "$CASE_DIR/config2.img" config-2 "$CASE_DIR/drive"
    add_drive -drive "file=$CASE_DIR/config2.img,if=virtio,format=raw,readonly=on"
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "from-the-drive"
    assert_eq "$(record_field "$record" datasource)" ConfigDrive "datasource"
    if record_steps "$record" | grep -qE '^(identify|connect|fetch)$'; then fail "the metadata service was looked at: $(record_steps "$record" | tr '\n' ' ')"; fi
    [ ! -s "$CASE_DIR/requests.log" ] || fail "the service was asked: $(cat "$CASE_DIR/requests.log")"
    assert_network_left_clean
}
