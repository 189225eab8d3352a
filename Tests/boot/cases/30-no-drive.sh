CASE_TITLE="No config drive, no known cloud (qemu's DMI; a NIC, qemu's floppy controller left in): the boot goes on, no network asked, flamingo's step is short"

# The target for the whole step (udev wait + look + record) on a boot without a drive.
NO_DRIVE_BUDGET_MS=2000

case_prepare() { record_network_at_init; }

case_check() {
    [ -f "$ROOT_MNT/flamingo-test/run-result.json" ] || fail "no /run/flamingo/result.json in the booted system"
    assert_eq "$(record_field "$ROOT_MNT/flamingo-test/run-result.json" outcome)" no-datasource "outcome"
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written without a drive"
    [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || fail "the sysroot was touched without a drive"
    if record_steps "$ROOT_MNT/flamingo-test/run-result.json" | grep -qE '^(connect|fetch)$'; then
        fail "the network was brought up on a machine that is no cloud"
    fi
    grep -q "identify: no known cloud" "$CASE_DIR/console.log" || fail "the console does not say the machine is no known cloud"
    assert_network_left_clean
    local ms=${FLAMINGO_MS%.*}
    echo "  no-drive step: ${FLAMINGO_MS} ms (target ≤ ${NO_DRIVE_BUDGET_MS} ms)"
    [ "$ms" -le "$NO_DRIVE_BUDGET_MS" ] || fail "flamingo took ${FLAMINGO_MS} ms without a drive"
}
