CASE_TITLE="EC2-like machine whose metadata service answers 500: bounded (flamingo.metadata.timeout=3), said, nothing written, the boot goes on"

case_prepare() {
    start_fake_cloud ec2 --fault 500
    CASE_QEMU+=(-smbios "type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8")
    CASE_CMDLINE+=" flamingo.metadata.timeout=3"
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/flamingo-test/run-result.json
    grep -q "500 Internal Server Error" "$CASE_DIR/console.log" || fail "the console does not say what the service answered"
    [ ! -e "$ROOT_MNT/etc/hostname" ] && [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || fail "the sysroot was written"
    assert_eq "$(record_field "$record" outcome)" failed "outcome (a known cloud whose service fails: failed, the boot goes on)"
    local fetch
    fetch=$(record_step_ms "$record" fetch)
    echo "  fetch gave up after ${fetch} ms (flamingo.metadata.timeout=3)"
    awk -v f="$fetch" 'BEGIN { exit !(f <= 3500) }' || fail "the fetch took ${fetch} ms, over its 3 s bound"
    assert_network_left_clean
}
