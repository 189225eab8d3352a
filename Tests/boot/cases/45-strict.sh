CASE_TITLE="flamingo.strict=1 with broken meta-data: the boot stops (emergency target) before switch-root"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-strict\nlocal-hostname: [unclosed\n' > "$CASE_DIR/seed/meta-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
    CASE_CMDLINE="flamingo.strict=1"
    CASE_EXPECT_INIT=no
}

case_check() {
    grep -q "flamingo: read: error: /dev/sr0:meta-data:3:1: invalid YAML" "$CASE_DIR/console.log" \
        || fail "the error did not reach the console"
    [ ! -e "$ROOT_MNT/flamingo-test/uptime" ] || fail "the root's init ran"
}
