#!/usr/bin/env bash
# `overwrite: false` never destroys data, and some disks are never touched at all. Each case was a
# disk destroyed before the fix: a whole-disk vfat (libfdisk calls it a `dos` table without
# partitions), an ext4 holding data with a stray iso9660 signature (libblkid: "ambivalent"), a
# GPT disk given to fs_setup with `partition: none` (partition probing was off: it looked empty).
# Then, with `overwrite: true` everywhere: the config drive this run read, and a disk with a
# mounted filesystem (as the root's is), are refused. Data is checked byte for byte afterwards.
. "$(dirname "$0")/../device/lib.sh"

for image in vfat ambivalent gpt; do truncate -s 64M "$WORK/$image.img"; done
vfat=$(attach "$WORK/vfat.img") ambivalent=$(attach "$WORK/ambivalent.img") gpt=$(attach "$WORK/gpt.img")
for loop in "$vfat" "$ambivalent" "$gpt"; do partx -d "$loop" 2> /dev/null || true; done

# A whole-disk vfat with a file on it (mtools: this kernel cannot mount vfat).
mkfs.vfat -n CONFIG-2 "$vfat" > /dev/null
echo "keep me" > "$WORK/note.txt"
mcopy -i "$vfat" "$WORK/note.txt" ::note.txt
# An ext4 with data, and an iso9660 primary volume descriptor at 32 KiB (a leftover).
mkdir -p "$WORK/data" && head -c 1M /dev/urandom > "$WORK/data/payload"
mkfs.ext4 -q -F -L data -d "$WORK/data" "$ambivalent"
printf '\001CD001\001' | dd of="$ambivalent" bs=1 seek=32768 conv=notrunc status=none
blkid_status=0; blkid -p "$ambivalent" > "$WORK/blkid.out" 2>&1 || blkid_status=$?
[ "$blkid_status" = 8 ] || fail "the ext4 + iso9660 disk is not ambivalent for blkid ($blkid_status): $(cat "$WORK/blkid.out")"
# A GPT disk with two partitions the kernel was never told about (as this kernel leaves them).
printf 'label: gpt\n,16M\n,\n' | sfdisk -q "$gpt"
partx -d "$gpt" 2> /dev/null || true

digest() { sha256sum < "$WORK/$1.img"; }
declare -A before
for image in vfat ambivalent gpt; do before[$image]=$(digest "$image"); done

make_sysroot "$WORK/root"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-not-empty\n' > "$WORK/seed/meta-data"
cat > "$WORK/seed/user-data" <<EOD
#cloud-config
disk_setup:
  $vfat: {table_type: gpt, layout: true}
  $ambivalent: {table_type: mbr, layout: true}
  $gpt: {table_type: gpt, layout: [100]}
fs_setup:
  - {label: a, filesystem: ext4, device: $vfat, partition: none}
  - {label: b, filesystem: ext4, device: $ambivalent, partition: auto}
  - {label: c, filesystem: xfs, device: $ambivalent, partition: none, replace_fs: ext4}
  - {label: d, filesystem: ext4, device: $gpt, partition: none}
  - {label: e, filesystem: ext4, device: $gpt, partition: auto}
EOD
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
for image in vfat ambivalent gpt; do
    assert_eq "$(digest "$image")" "${before[$image]}" "$image disk after the run (not one byte may change)"
done
assert_eq "$(mtype -i "$vfat" ::note.txt)" "keep me" "the file on the vfat disk"
grep -q "$vfat holds vfat \"CONFIG-2\".*: left alone (overwrite: true replaces it)" "$WORK/run.log" || fail "no disk_setup message for the vfat disk: $(cat "$WORK/run.log")"
grep -q "$ambivalent holds several filesystem signatures" "$WORK/run.log" || fail "no message for the ambivalent disk: $(cat "$WORK/run.log")"
grep -q "$gpt holds a gpt partition table: left alone" "$WORK/run.log" || fail "no fs_setup message for the GPT disk: $(cat "$WORK/run.log")"
grep -q "$gpt holds a partition table with 2 partitions: left alone" "$WORK/run.log" || fail "no disk_setup message for the GPT disk: $(cat "$WORK/run.log")"
grep -E "disk_setup" "$WORK/run.log" >&2
pass "whole-disk vfat, ext4 + stray iso9660 (ambivalent), GPT under partition: none/auto: no byte changed, each said why"

# The config drive this run reads, and a disk with a mounted filesystem: never, even with overwrite.
truncate -s 64M "$WORK/drive.img" "$WORK/mounted.img"
drive=$(attach "$WORK/drive.img") mounted=$(attach "$WORK/mounted.img")
mkfs.ext4 -q -F -L busy "$mounted"
mkdir -p "$WORK/mnt" && mount "$mounted" "$WORK/mnt" && echo "in use" > "$WORK/mnt/file" && sync
mkdir -p "$WORK/cidata"
printf 'instance-id: iid-own-drive\n' > "$WORK/cidata/meta-data"
cat > "$WORK/cidata/user-data" <<EOD
#cloud-config
disk_setup:
  $drive: {table_type: gpt, layout: true, overwrite: true}
  $mounted: {table_type: gpt, layout: true, overwrite: true}
fs_setup:
  - {label: x, filesystem: xfs, device: $drive, partition: none, overwrite: true}
  - {label: y, filesystem: xfs, device: $mounted, partition: none, overwrite: true}
EOD
mkfs.ext4 -q -F -L cidata -d "$WORK/cidata" "$drive"
drive_before=$(sha256sum < "$WORK/drive.img")
mounted_before=$(blkid -p -s UUID -o value "$mounted")
"$FLAMINGO" run --sysroot "$WORK/root" --device "$drive" --verbose 2> "$WORK/own.log" || fail "run: $(cat "$WORK/own.log")"
assert_eq "$(sha256sum < "$WORK/drive.img")" "$drive_before" "the config drive after the run"
assert_eq "$(blkid -p -s UUID -o value "$mounted")" "$mounted_before" "the mounted disk's filesystem"
assert_file "$WORK/mnt/file" "in use"
grep -q "$drive is never partitioned: $drive is the config drive this run read" "$WORK/own.log" || fail "no disk_setup message for the drive: $(cat "$WORK/own.log")"
grep -q "$drive is never formatted: $drive is the config drive this run read" "$WORK/own.log" || fail "no fs_setup message for the drive: $(cat "$WORK/own.log")"
grep -q "$mounted is never partitioned: $mounted is mounted on $WORK/mnt" "$WORK/own.log" || fail "no message for the mounted disk: $(cat "$WORK/own.log")"
grep -q "$mounted is never formatted: $mounted is mounted on $WORK/mnt" "$WORK/own.log" || fail "no fs_setup message for the mounted disk: $(cat "$WORK/own.log")"
umount "$WORK/mnt"
pass "the config drive the run read and a mounted disk: never partitioned or formatted, even with overwrite: true"
