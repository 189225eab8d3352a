CASE_TITLE="NoCloud over HTTP from the kernel command line (ds=nocloud;s=http://169.254.10.10/seed/), no DMI hint"

NC_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestNoCloudNetKey boot@seed"

case_prepare() {
    printf '#cloud-config\nwrite_files:\n  - path: /etc/from-the-seed\n    content: seeded over HTTP\n' > "$CASE_DIR/user-data"
    start_fake_cloud nocloud --key "$NC_KEY" --hostname seeded-vm.example.com --instance-id iid-boot-seed --user-data "$CASE_DIR/user-data"
    fake_cloud_netdev 169.254.10.10
    CASE_CMDLINE+=" ds=nocloud;s=http://169.254.10.10/seed/"
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "seeded-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "$NC_KEY"
    assert_file "$ROOT_MNT/etc/from-the-seed" "seeded over HTTP"
    assert_eq "$(record_field "$record" datasource)" NoCloudNet "datasource"
    assert_eq "$(record_field "$record" source)" "http://169.254.10.10/seed/" "source"
    assert_network_left_clean
    print_service_steps "$record"
}
