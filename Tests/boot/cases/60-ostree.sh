CASE_TITLE="An ostree deployment booted ro (real ostree-prepare-root): /etc in the deployment, keys and records in the stateroot's var"

OSNAME=flamingo
# 61-ostree-readonly-sysroot.sh sets these: the repo's sysroot.readonly=true, as Fedora CoreOS
# ships it, booted rw (ostree-prepare-root refuses sysroot.readonly on a root mounted ro).
: "${OSTREE_SYSROOT_READONLY:=false}" "${OSTREE_ROOT_MODE:=ro}"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    cat > "$CASE_DIR/seed/meta-data" <<'EOD'
instance-id: iid-boot-ostree
local-hostname: atomic-vm.example.com
public-keys:
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestOstreeKey boot@ostree
EOD
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

# The booted system's var.mount binds the stateroot's var over /var; this init does the same and
# then looks for the default user's keys the way sshd would, through /home → var/home.
write_case_init() {
    cat > "$1/flamingo-test/case-init" <<EOI
#!/bin/sh
mount --bind /sysroot/ostree/deploy/$OSNAME/var /var
cat /home/debian/.ssh/authorized_keys > /flamingo-test/inside-keys
cat /var/lib/flamingo/instance-id > /flamingo-test/inside-instance-id
grep ' /sysroot ' /proc/mounts > /flamingo-test/physical-root-mount
EOI
    chmod 755 "$1/flamingo-test/case-init"
}

# An OS tree as ostree wants it (/etc in /usr/etc, /home and /root linking into var), committed
# and deployed with Debian's ostree, then made into the root disk.
case_root_image() {
    local tree=$CASE_DIR/ostree-tree phys=$CASE_DIR/phys entry
    mkdir -p "$tree/usr"
    cp -a "$CASE_ROOT_TREE/bin" "$tree/usr/bin"
    cp -a "$CASE_ROOT_TREE/usr/bin/." "$tree/usr/bin/"   # flamingo, in the deployment's read-only /usr
    cp -a "$CASE_ROOT_TREE/sbin" "$tree/usr/sbin"
    cp -a "$CASE_ROOT_TREE/etc" "$tree/usr/etc"
    printf 'LABEL=ostreeroot / ext4 defaults 0 1\n' > "$tree/usr/etc/fstab"
    cp -a "$CASE_ROOT_TREE/flamingo-test" "$tree/flamingo-test"
    ln -s usr/bin "$tree/bin"; ln -s usr/sbin "$tree/sbin"
    mkdir -p "$tree/usr/lib" && mv "$tree/usr/etc/os-release" "$tree/usr/lib/os-release"
    ln -s ../lib/os-release "$tree/usr/etc/os-release"
    ln -s var/home "$tree/home"; ln -s var/roothome "$tree/root"; ln -s sysroot/ostree "$tree/ostree"
    mkdir -p "$tree"/{dev,proc,sys,run,tmp,var,sysroot,boot}
    mkdir -p "$tree/usr/lib/modules/$KVER"
    cp "$KERNEL" "$tree/usr/lib/modules/$KVER/vmlinuz"
    cp "$BOOT_WORK/initrd-flamingo.img" "$tree/usr/lib/modules/$KVER/initramfs.img"
    write_case_init "$tree"

    mkdir -p "$phys"
    ostree admin init-fs "$phys" > /dev/null
    ostree admin os-init --sysroot="$phys" "$OSNAME" > /dev/null
    ostree --repo="$phys/ostree/repo" commit -b "$OSNAME/x86_64/test" --subject test --tree=dir="$tree" > /dev/null
    [ "$OSTREE_SYSROOT_READONLY" = true ] && ostree config --repo="$phys/ostree/repo" set sysroot.readonly true
    ostree admin deploy --sysroot="$phys" --os="$OSNAME" --karg=root=LABEL=ostreeroot --karg="$OSTREE_ROOT_MODE" \
        "$OSNAME/x86_64/test" > /dev/null
    entry=$(ls "$phys"/boot/loader/entries/*.conf | head -n1)
    CASE_KERNEL_ARGS_BASE=$(sed -n 's/^options //p' "$entry")
    ROOT_IMAGE=$CASE_DIR/root.img
    truncate -s 160M "$ROOT_IMAGE"
    mkfs.ext4 -q -L ostreeroot -d "$phys" "$ROOT_IMAGE"
    chattr -R -i "$phys" 2> /dev/null || true
}

case_check() {
    local stateroot=$ROOT_MNT/ostree/deploy/$OSNAME deployment
    deployment=$(ls -d "$stateroot"/deploy/*.0 | head -n1)
    assert_file "$deployment/etc/hostname" "atomic-vm"
    # /root and /home link into var: both land in the stateroot's var.
    assert_keys "$stateroot/var/home/debian" "$stateroot/var/roothome" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestOstreeKey boot@ostree"
    grep -q '^debian:x:1' "$deployment/etc/passwd" || fail "the default user is not in the deployment's /etc/passwd"
    assert_mode "$stateroot/var/roothome" "700 0:0"
    assert_file "$stateroot/var/lib/flamingo/instance-id" "iid-boot-ostree"
    grep -q '"ostree_var": "/sysroot/sysroot/ostree/deploy/flamingo/var"' "$stateroot/var/lib/flamingo/result.json" \
        || fail "the record does not name the stateroot's var"
    [ -z "$(ls -A "$deployment/var")" ] || fail "the deployment's own var, hidden when booted, holds: $(ls -A "$deployment/var")"
    # …and from inside the booted system, with var.mount imitated:
    assert_file "$deployment/flamingo-test/inside-keys" "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestOstreeKey boot@ostree"
    assert_file "$deployment/flamingo-test/inside-instance-id" "iid-boot-ostree"
    grep -q "ostree=/ostree/boot" "$deployment/flamingo-test/cmdline" || fail "not booted as an ostree deployment"
    # flamingo remounted only for its writes: the record says what, and that it was put back.
    if [ "$OSTREE_ROOT_MODE" = ro ]; then
        grep -q '"name": "remount"' "$deployment/flamingo-test/run-result.json" || fail "no remount step in the record"
    fi
    grep -q '"name": "restore"' "$deployment/flamingo-test/run-result.json" || fail "no restore step (the var unbound) in the record"
    grep -q '"status": "failed"' "$deployment/flamingo-test/run-result.json" && fail "a step failed: $(cat "$deployment/flamingo-test/run-result.json")"
    note "physical root in the booted system: $(cat "$deployment/flamingo-test/physical-root-mount")"
}
