CASE_TITLE="dracut without systemd: flamingo runs as a pre-pivot hook (NoCloud ISO9660)"

case_prepare() {
    # The same lean image, without systemd's dracut modules.
    CASE_INITRD=$CASE_DIR/initrd-no-systemd.img
    build_initramfs "$CASE_INITRD" flamingo "dash base rootfs-block udev-rules kernel-modules fs-lib"
    lsinitrd "$CASE_INITRD" > "$CASE_DIR/lsinitrd.txt"
    grep -q 'pre-pivot/50-flamingo' "$CASE_DIR/lsinitrd.txt" || fail "no pre-pivot hook in the image"
    if grep -q 'flamingo.service' "$CASE_DIR/lsinitrd.txt"; then fail "a systemd unit in a non-systemd image"; fi
    mkdir -p "$CASE_DIR/seed"
    cat > "$CASE_DIR/seed/meta-data" <<'EOD'
instance-id: iid-boot-hook
local-hostname: hook-vm
public-keys: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestHookKey boot@hook
EOD
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

case_check() {
    assert_file "$ROOT_MNT/etc/hostname" "hook-vm"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestHookKey boot@hook"
    assert_eq "$(record_field "$ROOT_MNT/var/lib/flamingo/result.json" mode)" initrd "mode in the record"
}
