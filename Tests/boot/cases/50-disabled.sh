CASE_TITLE="flamingo=0 on the kernel command line: nothing written"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-disabled\nlocal-hostname: must-not-appear\n' > "$CASE_DIR/seed/meta-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
    CASE_CMDLINE="flamingo=0 flamingo.bogus=1"
}

case_check() {
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written with flamingo=0"
    [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || fail "records were written into the sysroot with flamingo=0"
    assert_eq "$(record_field "$ROOT_MNT/flamingo-test/run-result.json" outcome)" disabled "outcome"
    grep -q "flamingo.bogus: unknown flamingo argument" "$CASE_DIR/console.log" || fail "no warning for flamingo.bogus"
}
