CASE_TITLE="NoCloud over HTTP from the DMI serial number (-smbios type=1,serial=ds=nocloud;s=http://169.254.10.10/seed/)"

case_prepare() {
    start_fake_cloud nocloud --hostname from-the-serial.example.com --instance-id iid-boot-serial
    fake_cloud_netdev 169.254.10.10
    CASE_QEMU+=(-smbios "type=1,serial=ds=nocloud;s=http://169.254.10.10/seed/")
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "from-the-serial"
    assert_eq "$(record_field "$record" datasource)" NoCloudNet "datasource"
    assert_eq "$(record_field "$record" source)" "http://169.254.10.10/seed/" "source"
    grep -q "^GET /seed/meta-data" "$CASE_DIR/requests.log" || fail "the seed was not read"
    assert_network_left_clean
}
