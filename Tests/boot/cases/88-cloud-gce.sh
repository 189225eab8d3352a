CASE_TITLE="GCE-like machine (product Google Compute Engine): Metadata-Flavor on every request, the default user's ssh-keys"

GCE_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestGceKey debian@gce"

case_prepare() {
    printf '#cloud-config\nwrite_files:\n  - path: /etc/from-gce\n    content: user-data attribute\n' > "$CASE_DIR/user-data"
    start_fake_cloud gce --key "$GCE_KEY" --hostname gce-vm.c.project.internal --user-data "$CASE_DIR/user-data"
    CASE_QEMU+=(-smbios "type=1,manufacturer=Google,product=Google Compute Engine,serial=GoogleCloud-0123ABCD")
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "gce-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "$GCE_KEY"
    assert_file "$ROOT_MNT/etc/from-gce" "user-data attribute"
    assert_eq "$(record_field "$record" datasource)" GCE "datasource"
    if grep -q "flavor=no" "$CASE_DIR/requests.log"; then fail "a request went without Metadata-Flavor: Google"; fi
    assert_network_left_clean
    print_service_steps "$record"
}
