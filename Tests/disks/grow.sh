#!/usr/bin/env bash
# growpart + resize_rootfs on real loop devices: a 64 MiB disk image with the root filesystem in
# one partition is copied onto a 256 MiB image (a disk that grew), attached, its partition nodes
# added with `partx -a` (this kernel parses no partition tables), the partition mounted as the
# sysroot, and `flamingo run` grows the partition (libfdisk, BLKPG resize) and the filesystem
# (online). Checked with sfdisk --json/--verify, dumpe2fs/xfs_info/df, and a checksum of data
# written before. Cases: GPT+ext4, MBR+ext4, GPT+xfs, a partition followed by another (left
# alone), a second run (nothing to do, no program run), growpart off and /etc/growroot-disabled.
. "$(dirname "$0")/../device/lib.sh"

for tool in sfdisk partx mkfs.ext4 mkfs.xfs xfs_growfs resize2fs; do command -v $tool > /dev/null || fail "no $tool (scripts/test.sh installs it)"; done

# disk CASE LABEL FSTYPE [SECOND_PARTITION]: builds $WORK/CASE/big.img (256 MiB; xfs: 640 MiB;
# btrfs: 400 MiB) whose first partition (on the first 64 MiB; xfs: 320 MiB, btrfs: 160 MiB, near
# their minimums) holds FSTYPE with a 4 MiB random file; prints the loop device.
disk() {
    local dir=$WORK/$1 label=$2 fstype=$3 second=${4:-} small=64M big=256M
    [ "$fstype" = xfs ] && small=320M big=640M
    [ "$fstype" = btrfs ] && small=160M big=400M
    mkdir -p "$dir/mnt"
    truncate -s $small "$dir/small.img"
    if [ -n "$second" ]; then
        printf 'label: %s\n,40M,L\n,,L\n' "$label" | sfdisk -q "$dir/small.img"
    else
        printf 'label: %s\n,,L\n' "$label" | sfdisk -q "$dir/small.img"
    fi
    local loop
    loop=$(attach "$dir/small.img")
    partx -d "$loop" 2>/dev/null || true  # a stale partition left on this loop device by someone else
    partx -a "$loop"
    case $fstype in
        ext4) mkfs.ext4 -q -F -L root "${loop}p1" || fail "mkfs.ext4" ;;
        xfs) mkfs.xfs -q -f -L root "${loop}p1" || fail "mkfs.xfs" ;;
        btrfs) mkfs.btrfs -q -f -L root "${loop}p1" > /dev/null || fail "mkfs.btrfs" ;;
    esac
    mount "${loop}p1" "$dir/mnt"
    make_sysroot "$dir/mnt"
    head -c 4M /dev/urandom > "$dir/mnt/data.bin"
    sha256sum < "$dir/mnt/data.bin" > "$dir/data.sum"
    umount "$dir/mnt"
    partx -d "$loop"
    losetup -d "$loop"
    truncate -s $big "$dir/big.img"
    dd if="$dir/small.img" of="$dir/big.img" conv=notrunc status=none
    loop=$(attach "$dir/big.img")
    partx -d "$loop" 2>/dev/null || true
    partx -a "$loop"
    echo "$loop"
}

# run_flamingo CASE LOOP [USER_DATA]: mounts LOOPp1 as the sysroot and runs flamingo on a seed.
run_flamingo() {
    local dir=$WORK/$1 loop=$2
    mkdir -p "$dir/seed"
    printf 'instance-id: iid-grow-%s\n' "$1" > "$dir/seed/meta-data"
    printf '#cloud-config\n%s\n' "${3:-{\}}" > "$dir/seed/user-data"
    mountpoint -q "$dir/mnt" || mount "${loop}p1" "$dir/mnt"
    # Exit status 1 means "some step failed" (online ext4 resize here, see below): the log says what.
    "$FLAMINGO" run --sysroot "$dir/mnt" --seed "$dir/seed" --verbose 2> "$dir/run.log" || [ $? -eq 1 ] || fail "$1: flamingo run failed: $(cat "$dir/run.log")"
}

# Online ext4 growth needs CAP_SYS_RESOURCE, which this machine's sandbox withholds from root
# (xfs and btrfs need only CAP_SYS_ADMIN): there, ext4 filesystem growth is checked by the boot
# test, and here the run must say why it could not resize.
ext4_online=yes
(( (0x$(awk '/^CapBnd/ {print $2}' /proc/self/status) >> 24) & 1 )) || ext4_online=no

sectors() { sfdisk --json "$1" 2> /dev/null | python3 -c "import json,sys; t=json.load(sys.stdin)['partitiontable']; print(' '.join(str(p['start'] + p['size'] - 1) for p in t['partitions']))"; }
last_sector() { echo $(( $(blockdev --getsz "$1") - 1 )); }
fs_bytes() { df -B1 --output=size "$1" | tail -1 | tr -d ' '; }

# GPT + ext4: the partition ends at the last usable sector (the backup table moved to the end).
loop=$(disk gpt-ext4 gpt ext4)
before=$(sectors "$loop")
mkdir -p "$WORK/gpt-ext4/seed"
printf 'instance-id: iid-dry\n' > "$WORK/gpt-ext4/seed/meta-data"
mount "${loop}p1" "$WORK/gpt-ext4/mnt"
"$FLAMINGO" run --sysroot "$WORK/gpt-ext4/mnt" --seed "$WORK/gpt-ext4/seed" --dry-run > "$WORK/dry.txt" 2>&1 || fail "dry run: $(cat "$WORK/dry.txt")"
grep -q "^grow ${loop}p1 (gpt partition 1 of $loop) from 62 MiB to 255 MiB" "$WORK/dry.txt" || fail "dry run does not show the growth: $(cat "$WORK/dry.txt")"
[ "$(sectors "$loop")" = "$before" ] || fail "the dry run changed the table"
pass "--dry-run shows the growth and changes nothing"
run_flamingo gpt-ext4 "$loop"
end=$(sectors "$loop")
[ "$end" -eq $(( $(last_sector "$loop") - 33 )) ] || fail "gpt-ext4: partition ends at $end, disk's last usable is $(( $(last_sector "$loop") - 33 )): $(cat $WORK/gpt-ext4/run.log)"
sfdisk --verify "$loop" > "$WORK/verify.txt" 2>&1 || fail "gpt-ext4: sfdisk --verify: $(cat "$WORK/verify.txt")"
grep -q "backup GPT table is not on the end" "$WORK/verify.txt" && fail "gpt-ext4: the backup GPT was not moved to the end"
[ "$(blockdev --getsize64 "${loop}p1")" -gt $((250 << 20)) ] || fail "gpt-ext4: the kernel still sees the old partition size"
sha256sum < "$WORK/gpt-ext4/mnt/data.bin" | cmp -s - "$WORK/gpt-ext4/data.sum" || fail "gpt-ext4: data changed"
grep -q "grow ${loop}p1 (gpt partition 1" "$WORK/gpt-ext4/run.log" || fail "gpt-ext4: no growth logged: $(cat "$WORK/gpt-ext4/run.log")"
if [ "$ext4_online" = yes ]; then
    blocks=$(dumpe2fs -h "${loop}p1" 2>/dev/null | awk -F: '/^Block count/ {print $2}' | tr -d ' ')
    bsize=$(dumpe2fs -h "${loop}p1" 2>/dev/null | awk -F: '/^Block size/ {print $2}' | tr -d ' ')
    [ $((blocks * bsize)) -gt $((250 << 20)) ] || fail "gpt-ext4: the filesystem is $((blocks * bsize)) bytes"
    [ "$(fs_bytes "$WORK/gpt-ext4/mnt")" -gt $((230 << 20)) ] || fail "gpt-ext4: df shows $(fs_bytes "$WORK/gpt-ext4/mnt") bytes"
    pass "GPT + ext4: partition grown to the disk's end ($end), backup GPT moved, filesystem online-resized, data intact"
else
    grep -q "resize2fs /dev/loop.* exited with 1: .*Permission denied" "$WORK/gpt-ext4/run.log" || fail "gpt-ext4: $(cat "$WORK/gpt-ext4/run.log")"
    pass "GPT + ext4: partition grown to the disk's end ($end), backup GPT moved, data intact (online resize2fs refused without CAP_SYS_RESOURCE here, said clearly; the boot test resizes ext4)"
fi

# Second run: nothing to do, and no program run for it.
run_flamingo gpt-ext4 "$loop"
grep -q "already reaches the end of $loop" "$WORK/gpt-ext4/run.log" || fail "second run: $(cat "$WORK/gpt-ext4/run.log")"
if [ "$ext4_online" = yes ]; then
    grep -q "already fills it" "$WORK/gpt-ext4/run.log" || fail "second run: the filesystem was not seen as full: $(cat "$WORK/gpt-ext4/run.log")"
    grep -qE "resize2fs|grow $loop" "$WORK/gpt-ext4/run.log" && fail "second run grew or resized again"
fi
grep -qE "grow $loop" "$WORK/gpt-ext4/run.log" && fail "second run grew again"
[ "$(sectors "$loop")" = "$end" ] || fail "second run changed the table"
# The per-boot cost when there is nothing to do: the two steps' durations in the result record.
cost=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(' '.join(f\"{s['name']}={s['duration_ms']}\" for s in r['steps'] if s['name'] in ('growpart', 'resize_rootfs')))" "$WORK/gpt-ext4/mnt/var/lib/flamingo/result.json")
python3 -c "import sys; sys.exit(0 if all(float(p.split('=')[1]) < 20 for p in sys.argv[1:]) else 1)" $cost || fail "nothing to grow took: $cost ms"
pass "a second run: nothing to grow, no resize2fs run ($cost ms)"

# MBR + ext4: to the disk's last sector.
loop=$(disk mbr-ext4 dos ext4)
run_flamingo mbr-ext4 "$loop"
[ "$(sectors "$loop")" -eq "$(last_sector "$loop")" ] || fail "mbr-ext4: partition ends at $(sectors "$loop"), disk at $(last_sector "$loop")"
sfdisk --verify "$loop" > "$WORK/verify.txt" 2>&1 || fail "mbr-ext4: sfdisk --verify: $(cat "$WORK/verify.txt")"
[ "$ext4_online" = no ] || [ "$(fs_bytes "$WORK/mbr-ext4/mnt")" -gt $((230 << 20)) ] || fail "mbr-ext4: df shows $(fs_bytes "$WORK/mbr-ext4/mnt") bytes"
sha256sum < "$WORK/mbr-ext4/mnt/data.bin" | cmp -s - "$WORK/mbr-ext4/data.sum" || fail "mbr-ext4: data changed"
pass "MBR + ext4: partition grown to the disk's end, data intact (filesystem resized where ext4 online resize is allowed)"

# GPT + xfs: grown online with xfs_growfs.
loop=$(disk gpt-xfs gpt xfs)
run_flamingo gpt-xfs "$loop"
[ "$(fs_bytes "$WORK/gpt-xfs/mnt")" -gt $((500 << 20)) ] || fail "gpt-xfs: df shows $(fs_bytes "$WORK/gpt-xfs/mnt") bytes: $(cat "$WORK/gpt-xfs/run.log")"
xfs_info "$WORK/gpt-xfs/mnt" > /dev/null || fail "gpt-xfs: xfs_info"
sha256sum < "$WORK/gpt-xfs/mnt/data.bin" | cmp -s - "$WORK/gpt-xfs/data.sum" || fail "gpt-xfs: data changed"
pass "GPT + xfs: partition grown, xfs_growfs online, data intact"

# GPT + btrfs: grown online with `btrfs filesystem resize max`.
loop=$(disk gpt-btrfs gpt btrfs)
run_flamingo gpt-btrfs "$loop"
grep -q "resize the btrfs filesystem on ${loop}p1" "$WORK/gpt-btrfs/run.log" || fail "gpt-btrfs: no resize: $(cat "$WORK/gpt-btrfs/run.log")"
size=$(btrfs filesystem show --raw "$WORK/gpt-btrfs/mnt" | awk '/devid/ {print $4}')
[ "$size" -gt $((390 << 20)) ] || fail "gpt-btrfs: the device is $size bytes in btrfs: $(cat "$WORK/gpt-btrfs/run.log")"
sha256sum < "$WORK/gpt-btrfs/mnt/data.bin" | cmp -s - "$WORK/gpt-btrfs/data.sum" || fail "gpt-btrfs: data changed"
run_flamingo gpt-btrfs "$loop"
grep -q "the btrfs filesystem on ${loop}p1 already fills it" "$WORK/gpt-btrfs/run.log" || fail "gpt-btrfs second run: $(cat "$WORK/gpt-btrfs/run.log")"
pass "GPT + btrfs: partition grown, btrfs resized online to $((size >> 20)) MiB, data intact; a second run sees it full"

# A partition directly followed by another: left alone, said so.
loop=$(disk two-parts gpt ext4 second)
before=$(sectors "$loop")
run_flamingo two-parts "$loop"
[ "$(sectors "$loop")" = "$before" ] || fail "two-parts: the table changed: $before → $(sectors "$loop")"
grep -q "is followed by partition 2" "$WORK/two-parts/run.log" || fail "two-parts: no clear message: $(cat "$WORK/two-parts/run.log")"
pass "a partition followed by another: left alone with a clear message"

# A logical partition inside an MBR extended one: not supported, said clearly, nothing changed.
mkdir -p "$WORK/logical/mnt" "$WORK/logical/seed"
truncate -s 64M "$WORK/logical/disk.img"
printf 'label: dos\n,16M,L\n,,E\n,20M,L\n' | sfdisk -q "$WORK/logical/disk.img"
truncate -s 128M "$WORK/logical/disk.img"
loop=$(attach "$WORK/logical/disk.img")
partx -d "$loop" 2> /dev/null || true
partx -a "$loop"
mkfs.ext4 -q -F "${loop}p5"
mount "${loop}p5" "$WORK/logical/mnt"
make_sysroot "$WORK/logical/mnt"
before=$(sfdisk --dump "$loop")
printf 'instance-id: iid-logical\n' > "$WORK/logical/seed/meta-data"
"$FLAMINGO" run --sysroot "$WORK/logical/mnt" --seed "$WORK/logical/seed" 2> "$WORK/logical/run.log" || true
grep -q "${loop}p5 is a logical partition inside an extended one: growing it is not supported" "$WORK/logical/run.log" || fail "logical: $(cat "$WORK/logical/run.log")"
[ "$(sfdisk --dump "$loop")" = "$before" ] || fail "logical: the table changed"
pass "a logical partition: not grown, \"not supported\" said clearly"

# growpart off, and /etc/growroot-disabled: nothing grown.
loop=$(disk off gpt ext4)
before=$(sectors "$loop")
run_flamingo off "$loop" 'growpart: {mode: "off"}'
[ "$(sectors "$loop")" = "$before" ] || fail "growpart off: the table changed"
touch "$WORK/off/mnt/etc/growroot-disabled"
run_flamingo off "$loop" '{}'
[ "$(sectors "$loop")" = "$before" ] || fail "growroot-disabled: the table changed"
grep -q "growroot-disabled exists" "$WORK/off/run.log" || fail "growroot-disabled: not said: $(cat "$WORK/off/run.log")"
run_flamingo off "$loop" 'growpart: {ignore_growroot_disabled: true}'
[ "$(sectors "$loop")" != "$before" ] || fail "ignore_growroot_disabled: nothing grown"
pass "growpart off and /etc/growroot-disabled honoured; ignore_growroot_disabled overrides"
