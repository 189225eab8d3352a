CASE_TITLE="No config drive (qemu's floppy controller left in): the boot goes on, flamingo's step is short"

# The target for the whole step (udev wait + look + record) on a boot without a drive.
NO_DRIVE_BUDGET_MS=2000

case_prepare() { :; }

case_check() {
    [ -f "$ROOT_MNT/flamingo-test/run-result.json" ] || fail "no /run/flamingo/result.json in the booted system"
    assert_eq "$(record_field "$ROOT_MNT/flamingo-test/run-result.json" outcome)" no-datasource "outcome"
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written without a drive"
    [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || fail "the sysroot was touched without a drive"
    local ms=${FLAMINGO_MS%.*}
    echo "  no-drive step: ${FLAMINGO_MS} ms (target ≤ ${NO_DRIVE_BUDGET_MS} ms)"
    [ "$ms" -le "$NO_DRIVE_BUDGET_MS" ] || fail "flamingo took ${FLAMINGO_MS} ms without a drive"
}
