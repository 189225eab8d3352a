CASE_TITLE="A drive with broken meta-data: the boot goes on, the error is recorded with file and line"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-broken\nlocal-hostname: [unclosed\npublic-keys: []\n' > "$CASE_DIR/seed/meta-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

case_check() {
    local record=$ROOT_MNT/flamingo-test/run-result.json
    assert_eq "$(record_field "$record" outcome)" failed "outcome"
    grep -q '"/dev/sr0:meta-data:3:[0-9]*: invalid YAML' "$record" || fail "the record does not locate the error: $(cat "$record")"
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written from broken meta-data"
}
