CASE_TITLE="A drive with broken meta-data: the boot goes on, the error is recorded with file and line; 'flamingo status' in the booted system exits 1 and shows it"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-broken\nlocal-hostname: [unclosed\npublic-keys: []\n' > "$CASE_DIR/seed/meta-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
    # What an operator types first in the booted system (the root has /usr/bin/flamingo).
    cat > "$CASE_ROOT_TREE/flamingo-test/case-init" <<'EOI'
#!/bin/sh
/usr/bin/flamingo status > /flamingo-test/status.out 2>&1
echo $? > /flamingo-test/status.rc
EOI
    chmod 755 "$CASE_ROOT_TREE/flamingo-test/case-init"
}

case_root_image() {
    ROOT_IMAGE=$CASE_DIR/root.img
    truncate -s 96M "$ROOT_IMAGE"
    mkfs.ext4 -q -L flamingoroot -d "$CASE_ROOT_TREE" "$ROOT_IMAGE"
    CASE_KERNEL_ARGS_BASE="root=LABEL=flamingoroot ro"
}

case_check() {
    local record=$ROOT_MNT/flamingo-test/run-result.json
    assert_eq "$(record_field "$record" outcome)" failed "outcome"
    grep -q '"error: /dev/sr0:meta-data:3:[0-9]*: invalid YAML' "$record" || fail "the record does not locate the error: $(cat "$record")"
    assert_file "$ROOT_MNT/flamingo-test/status.rc" 1
    grep -q "^errors:" "$ROOT_MNT/flamingo-test/status.out" || fail "status shows no errors: $(cat "$ROOT_MNT/flamingo-test/status.out")"
    grep -q "read: error: /dev/sr0:meta-data:3:[0-9]*: invalid YAML" "$ROOT_MNT/flamingo-test/status.out" \
        || fail "status does not show the error: $(cat "$ROOT_MNT/flamingo-test/status.out")"
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written from broken meta-data"
}
