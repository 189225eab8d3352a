CASE_TITLE="A config drive attached late (PCI hot-plug through qemu's monitor, 3 s after flamingo starts waiting, within flamingo.timeout): found and read"

# How long after flamingo announces its wait the drive is plugged in.
LATE_BY_S=3

case_prepare() {
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    printf '{"uuid": "late-drive-0001", "hostname": "late-drive.novalocal"}\n' > "$CASE_DIR/drive/openstack/latest/meta_data.json"
    printf '#cloud-config\n{}\n' > "$CASE_DIR/drive/openstack/latest/user_data"
    make_vfat "$CASE_DIR/late.img" config-2 "$CASE_DIR/drive"
    CASE_CMDLINE="flamingo.timeout=60"
}

case_during_boot() {
    wait_for_console "no config drive yet; waiting up to 60000 ms" 100 || return 1
    sleep "$LATE_BY_S"
    qemu_monitor "drive_add 0 if=none,id=late,file=$CASE_DIR/late.img,format=raw,readonly=on"
    qemu_monitor "device_add virtio-blk-pci,drive=late,id=latedisk"
    echo "drive plugged in ${LATE_BY_S} s after flamingo started waiting"
}

case_check() {
    assert_file "$ROOT_MNT/etc/hostname" "late-drive"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" datasource)" ConfigDrive "datasource"
    local waited
    waited=$(python3 -c 'import json, sys
print(int(next(s["duration_ms"] for s in json.load(open(sys.argv[1]))["steps"] if s["name"] == "discover")))' \
        "$ROOT_MNT/flamingo-test/run-result.json")
    echo "  discover waited ${waited} ms for the late drive"
    [ "$waited" -ge $(( LATE_BY_S * 1000 )) ] && [ "$waited" -lt 60000 ] \
        || fail "discover took ${waited} ms: the drive was not found late (expected between ${LATE_BY_S} s and the 60 s timeout)"
}
