CASE_TITLE="An initramfs with flamingo's module, a root without flamingo (and a drive): the unit is skipped, nothing is written, the boot goes on"

# The initramfs runs the root's binary (docs/decisions/binary-from-the-root.md): a root that has
# none — flamingo removed, the initramfs not rebuilt — must boot as if the module were not there.
case_prepare() {
    rm "$CASE_ROOT_TREE/usr/bin/flamingo"
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-no-binary\nlocal-hostname: not-written\n' > "$CASE_DIR/seed/meta-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

case_check() {
    [ ! -e "$ROOT_MNT/flamingo-test/run-result.json" ] || fail "flamingo ran: /run/flamingo/result.json exists"
    [ ! -e "$ROOT_MNT/etc/hostname" ] || fail "/etc/hostname was written"
    [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || fail "the sysroot was touched"
    if grep -q "flamingo.*failed\|Failed to start.*flamingo" "$CASE_DIR/console.log"; then fail "the unit failed instead of being skipped"; fi
}
