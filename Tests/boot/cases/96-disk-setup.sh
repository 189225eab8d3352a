CASE_TITLE="disk_setup + fs_setup + mounts + swap: a blank second disk partitioned and formatted in the initramfs, fstab written"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-disk-setup\nlocal-hostname: disks\n' > "$CASE_DIR/seed/meta-data"
    cat > "$CASE_DIR/seed/user-data" <<'EOD'
#cloud-config
device_aliases: {data: /dev/vdb}
disk_setup:
  data: {table_type: gpt, layout: [[60, 8300], [40, 82]], overwrite: false}
fs_setup:
  - {label: appdata, filesystem: ext4, device: data.1}
  - {label: appswap, filesystem: swap, device: data.2}
mounts:
  - [ "LABEL=appdata", /srv/app ]
  - [ "LABEL=appswap", none, swap, sw, "0", "0" ]
swap: {filename: /swapfile, size: 8M}
EOD
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
    truncate -s 96M "$CASE_DIR/data.img"
    add_drive -drive "file=$CASE_DIR/data.img,if=virtio,format=raw"
}

case_check() {
    local table loop
    table=$(sfdisk --json "$CASE_DIR/data.img" | python3 -c "import json,sys; t=json.load(sys.stdin)['partitiontable']; print(t['label'], ' '.join(p['type'] for p in t['partitions']))")
    assert_eq "$table" "gpt 0FC63DAF-8483-4772-8E79-3D69D8477DE4 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" "the data disk's table"
    loop=$(losetup -f --show -r "$CASE_DIR/data.img")
    partx -d "$loop" 2> /dev/null || true
    partx -a "$loop"
    local first second
    first=$(blkid -p -s TYPE -s LABEL -o value "${loop}p1" | tr '\n' ' ')
    second=$(blkid -p -s TYPE -s LABEL -o value "${loop}p2" | tr '\n' ' ')
    partx -d "$loop"; losetup -d "$loop"
    [ "$first $second" = "appdata ext4  appswap swap " ] || fail "partitions: '$first' '$second'; flamingo said: $(grep -a 'flamingo' "$CASE_DIR/console.log" | grep -aE 'disk_setup|mounts' | tail -12)"
    grep -qP '^LABEL=appdata\t/srv/app\tauto\tdefaults,nofail,comment=cloudconfig\t0\t2$' "$ROOT_MNT/etc/fstab" || fail "fstab: $(cat "$ROOT_MNT/etc/fstab")"
    grep -qP '^LABEL=appswap\tnone\tswap\tsw,comment=cloudconfig\t0\t0$' "$ROOT_MNT/etc/fstab" || fail "fstab: $(cat "$ROOT_MNT/etc/fstab")"
    grep -qP '^/swapfile\tnone\tswap\tsw,comment=cloudconfig\t0\t0$' "$ROOT_MNT/etc/fstab" || fail "fstab: $(cat "$ROOT_MNT/etc/fstab")"
    [ -d "$ROOT_MNT/srv/app" ] || fail "no mount point /srv/app"
    assert_eq "$(blkid -p -s TYPE -o value "$ROOT_MNT/swapfile")" swap "the swap file"
    note "data disk: $table; fstab: $(grep -c cloudconfig "$ROOT_MNT/etc/fstab") entries"
}
