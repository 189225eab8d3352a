CASE_TITLE="growpart on an LVM root booted ro: the root LV's partition grows, then pvresize, lvextend and an online resize2fs"

case_prepare() {
    mkdir -p "$CASE_DIR/seed"
    printf 'instance-id: iid-lvm-root\nlocal-hostname: lvm\n' > "$CASE_DIR/seed/meta-data"
    printf '#cloud-config\n{}\n' > "$CASE_DIR/seed/user-data"
    make_iso "$CASE_DIR/cidata.iso" cidata "$CASE_DIR/seed"
    add_drive -drive "file=$CASE_DIR/cidata.iso,if=ide,media=cdrom,readonly=on"
    # dracut's lvm module activates the volume group; it carries the lvm program flamingo runs.
    build_initramfs "$CASE_DIR/initrd.img" "flamingo lvm"
    CASE_INITRD=$CASE_DIR/initrd.img
}

# A 64 MiB GPT disk: one LVM partition, a volume group "flamingovg" with one linear volume
# "root" over all its extents, ext4 in it. This machine's kernel has no device-mapper: the
# volume is described with vgcfgrestore and its filesystem written at its offset in the PV.
case_root_image() {
    ROOT_IMAGE=$CASE_DIR/disk.img
    truncate -s 64M "$ROOT_IMAGE"
    printf 'label: gpt\n,,lvm\n' | sfdisk -q "$ROOT_IMAGE"
    local loop start pe_start pe_count extent
    loop=$(losetup -f --show "$ROOT_IMAGE")
    partx -d "$loop" 2> /dev/null || true
    partx -a "$loop"
    export LVM_SUPPRESS_FD_WARNINGS=1
    pvcreate -q -ff -y "${loop}p1" > /dev/null 2>&1
    vgcreate -q flamingovg "${loop}p1" > /dev/null 2>&1
    vgcfgbackup -q -f "$CASE_DIR/vg.txt" flamingovg > /dev/null 2>&1
    [ -s "$CASE_DIR/vg.txt" ] || { echo "pvcreate/vgcreate failed"; return 1; }
    pe_start=$(sed -n 's/^\t*pe_start = \([0-9]*\).*/\1/p' "$CASE_DIR/vg.txt")
    pe_count=$(sed -n 's/^\t*pe_count = \([0-9]*\).*/\1/p' "$CASE_DIR/vg.txt")
    extent=$(sed -n 's/^\t*extent_size = \([0-9]*\).*/\1/p' "$CASE_DIR/vg.txt")
    python3 - "$CASE_DIR/vg.txt" "$pe_count" <<'PY'
import sys
path, count = sys.argv[1], sys.argv[2]
text = open(path).read().rstrip()
assert text.endswith("}")
volume = f'''
	logical_volumes {{
		root {{
			id = "flamin-goro-otlv-0000-0000-0000-000001"
			status = ["READ", "WRITE", "VISIBLE"]
			flags = []
			creation_time = 1700000000
			creation_host = "flamingo-boot-test"
			segment_count = 1
			segment1 {{
				start_extent = 0
				extent_count = {count}
				type = "striped"
				stripe_count = 1
				stripes = [
					"pv0", 0
				]
			}}
		}}
	}}
}}
'''
open(path, "w").write(text[:-1].rstrip() + "\n" + volume)
PY
    vgcfgrestore -q -f "$CASE_DIR/vg.txt" flamingovg > /dev/null 2>&1 || { echo "vgcfgrestore failed"; return 1; }
    start=$(sfdisk --json "$ROOT_IMAGE" | python3 -c "import json,sys; print(json.load(sys.stdin)['partitiontable']['partitions'][0]['start'])")
    partx -d "$loop"; losetup -d "$loop"
    truncate -s $((pe_count * extent * 512)) "$CASE_DIR/root.fs"
    mkfs.ext4 -q -L flamingoroot -d "$CASE_ROOT_TREE" "$CASE_DIR/root.fs"
    dd if="$CASE_DIR/root.fs" of="$ROOT_IMAGE" bs=512 seek=$((start + pe_start)) conv=notrunc status=none
    rm "$CASE_DIR/root.fs"
    echo "$((start + pe_start))" > "$CASE_DIR/lv-offset"
    truncate -s 256M "$ROOT_IMAGE"
    CASE_KERNEL_ARGS_BASE="root=/dev/mapper/flamingovg-root rd.lvm.vg=flamingovg ro"
    ROOT_PARTITIONED=lvm
}

case_check() {
    local loop end extents pe_count blocks bsize
    end=$(sfdisk --json "$ROOT_IMAGE" | python3 -c "import json,sys; p=json.load(sys.stdin)['partitiontable']['partitions'][0]; print(p['start'] + p['size'] - 1)")
    assert_eq "$end" "$(( $(stat -c %s "$ROOT_IMAGE") / 512 - 34 ))" "the LVM partition's last sector"
    loop=$(losetup -f --show -r "$ROOT_IMAGE")
    partx -d "$loop" 2> /dev/null || true
    partx -a "$loop"
    LVM_SUPPRESS_FD_WARNINGS=1 vgcfgbackup -q -f "$CASE_DIR/vg-after.txt" flamingovg > /dev/null 2>&1 || true
    partx -d "$loop"; losetup -d "$loop"
    pe_count=$(sed -n 's/^\t*pe_count = \([0-9]*\).*/\1/p' "$CASE_DIR/vg-after.txt")
    extents=$(sed -n 's/^\t*extent_count = \([0-9]*\).*/\1/p' "$CASE_DIR/vg-after.txt")
    [ "${pe_count:-0}" -ge 60 ] || fail "the PV has $pe_count extents after the boot: $(grep -i lvm "$CASE_DIR/console.log" | tail)"
    assert_eq "$extents" "$pe_count" "the root volume's extents (all of the PV)"
    loop=$(losetup -f --show -r -o $(( $(cat "$CASE_DIR/lv-offset") * 512 )) "$ROOT_IMAGE")
    blocks=$(dumpe2fs -h "$loop" 2> /dev/null | awk -F: '/^Block count/ {gsub(/ /, "", $2); print $2}')
    bsize=$(dumpe2fs -h "$loop" 2> /dev/null | awk -F: '/^Block size/ {gsub(/ /, "", $2); print $2}')
    losetup -d "$loop"
    [ $((blocks * bsize)) -ge $(( (pe_count - 1) * 4 << 20 )) ] || fail "ext4 is $((blocks * bsize)) bytes for $pe_count extents"
    note "PV $pe_count extents, root LV $extents extents, ext4 $((blocks * bsize >> 20)) MiB"
}
