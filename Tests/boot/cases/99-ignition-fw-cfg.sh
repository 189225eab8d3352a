CASE_TITLE="An Ignition config through qemu's fw_cfg (opt/com.coreos/config, as Fedora CoreOS is given one), no drive: the same user, files, unit, partition and filesystem"

case_prepare() {
    cp "$FLAMINGO_ROOT/Tests/ignition/boot/second-disk.ign" "$CASE_DIR/config.ign"
    add_drive -fw_cfg "name=opt/com.coreos/config,file=$CASE_DIR/config.ign"
    ignition_data_disk
}

case_check() {
    check_ignition_outcome
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" datasource)" QemuFwCfg "datasource"
    local instance
    instance="fwcfg-$(sha256sum < "$CASE_DIR/config.ign" | cut -c1-16)"
    assert_eq "$(cat "$ROOT_MNT/var/lib/flamingo/instance-id")" "$instance" "the instance id (the config's SHA-256)"
}
