CASE_TITLE="GCE-like machine (product Google Compute Engine), rd.neednet=1: Metadata-Flavor on every request, the default user's ssh-keys, the network kept as dracut's rd.neednet asks"

GCE_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestGceKey debian@gce"

case_prepare() {
    printf '#cloud-config\nwrite_files:\n  - path: /etc/from-gce\n    content: user-data attribute\n' > "$CASE_DIR/user-data"
    start_fake_cloud gce --key "$GCE_KEY" --hostname gce-vm.c.project.internal --user-data "$CASE_DIR/user-data"
    CASE_QEMU+=(-smbios "type=1,manufacturer=Google,product=Google Compute Engine,serial=GoogleCloud-0123ABCD")
    CASE_CMDLINE+=" rd.neednet=1"
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "gce-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "$GCE_KEY"
    assert_file "$ROOT_MNT/etc/from-gce" "user-data attribute"
    assert_eq "$(record_field "$record" datasource)" GCE "datasource"
    if grep -q "flavor=no" "$CASE_DIR/requests.log"; then fail "a request went without Metadata-Flavor: Google"; fi
    # rd.neednet=1: the lease's subnet route (qemu's restricted DHCP gives no router) and the link
    # are still there for the booted system.
    grep -q "^[a-z0-9]*	0000FEA9	00000000	0001	.*	0000FFFF	" "$ROOT_MNT/flamingo-test/routes" \
        || fail "rd.neednet=1, but the lease's 169.254.0.0/16 route was not handed over: $(cat "$ROOT_MNT/flamingo-test/routes")"
    grep -q " up$" "$ROOT_MNT/flamingo-test/links" || fail "rd.neednet=1, but no link was handed over up"
    note "rd.neednet=1: the lease's route (169.254.0.0/16) and the link handed over up"
    print_service_steps "$record"
}
