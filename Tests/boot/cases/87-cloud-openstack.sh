CASE_TITLE="OpenStack-like machine (asset tag OpenStack Nova), no config drive: the metadata service read as the drive would be"

OS_KEY="ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCBootTestOpenStackServiceKey nova"

case_prepare() {
    printf '#cloud-config\nwrite_files:\n  - path: /etc/from-nova\n    content: user_data from the metadata service\n' > "$CASE_DIR/user-data"
    start_fake_cloud openstack --key "$OS_KEY" --hostname os-vm.novalocal --instance-id 9b2c-boot-openstack \
        --user-data "$CASE_DIR/user-data" --mac 52:54:00:12:34:56
    CASE_QEMU+=(-smbios "type=1,manufacturer=OpenStack Foundation,product=OpenStack Nova" -smbios "type=3,asset=OpenStack Nova")
    add_network_manager
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "os-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "$OS_KEY"
    assert_file "$ROOT_MNT/etc/from-nova" "user_data from the metadata service"
    assert_eq "$(record_field "$record" datasource)" OpenStack "datasource"
    grep -q "^GET /openstack/2018-08-27/network_data.json" "$CASE_DIR/requests.log" || fail "network_data.json was not read"
    ls "$ROOT_MNT"/etc/NetworkManager/system-connections/flamingo-*.nmconnection > /dev/null 2>&1 || fail "network_data.json was not rendered"
    assert_network_left_clean
    print_service_steps "$record"
}
