CASE_TITLE="growpart + resize_rootfs: a 64 MiB GPT root partition on a 256 MiB disk fills the disk"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-growroot\nlocal-hostname: growroot\n' > "$CASE_DIR/seed/meta-data"
    printf '#cloud-config\n{}\n' > "$CASE_DIR/seed/user-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
}

# A cloud image as they ship: GPT, the root partition on the first 64 MiB; the "cloud" gives the
# disk 256 MiB (the image grown with truncate).
case_root_image() {
    ROOT_IMAGE=$CASE_DIR/disk.img
    ROOT_PARTITIONED=yes
    truncate -s 64M "$ROOT_IMAGE"
    printf 'label: gpt\n,,L\n' | sfdisk -q "$ROOT_IMAGE"
    local start size
    read -r start size < <(sfdisk --json "$ROOT_IMAGE" | python3 -c "import json,sys; p=json.load(sys.stdin)['partitiontable']['partitions'][0]; print(p['start'], p['size'])")
    truncate -s $((size * 512)) "$CASE_DIR/root.fs"
    mkfs.ext4 -q -L flamingoroot -d "$CASE_ROOT_TREE" "$CASE_DIR/root.fs"
    dd if="$CASE_DIR/root.fs" of="$ROOT_IMAGE" bs=512 seek="$start" conv=notrunc status=none
    truncate -s 256M "$ROOT_IMAGE"
    CASE_KERNEL_ARGS_BASE="root=LABEL=flamingoroot ro"
}

case_check() {
    local end last blocks bsize
    end=$(sfdisk --json "$ROOT_IMAGE" | python3 -c "import json,sys; p=json.load(sys.stdin)['partitiontable']['partitions'][0]; print(p['start'] + p['size'] - 1)")
    last=$(( $(stat -c %s "$ROOT_IMAGE") / 512 - 34 ))
    assert_eq "$end" "$last" "the root partition's last sector (the disk's last usable one)"
    sfdisk --verify "$ROOT_IMAGE" > "$CASE_DIR/verify.txt" 2>&1 || fail "sfdisk --verify: $(cat "$CASE_DIR/verify.txt")"
    if grep -q "not on the end" "$CASE_DIR/verify.txt"; then fail "the backup GPT is not at the disk's end"; fi
    blocks=$(dumpe2fs -h "${ROOT_LOOP}p1" 2> /dev/null | awk -F: '/^Block count/ {gsub(/ /, "", $2); print $2}')
    bsize=$(dumpe2fs -h "${ROOT_LOOP}p1" 2> /dev/null | awk -F: '/^Block size/ {gsub(/ /, "", $2); print $2}')
    [ $((blocks * bsize)) -gt $((250 << 20)) ] || fail "the filesystem is $((blocks * bsize)) bytes: $(grep -i 'flamingo' "$CASE_DIR/console.log" | tail -20)"
    note "partition ends at sector $end of $((last + 34)); ext4 $((blocks * bsize / 1048576)) MiB"
}
