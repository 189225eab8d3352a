#!/usr/bin/env bash
# disk_setup + fs_setup (+ mounts naming what they made) on blank loop disks: a GPT table with
# two partitions (Linux, swap) by percentage through a device alias, an MBR disk with one
# partition found by `partition: auto`; a disk holding a filesystem without overwrite is left
# alone. Checked with sfdisk --json/--verify and blkid; the dry run shows the programs the run
# then runs, on the same devices; a second run changes no byte of any disk.
. "$(dirname "$0")/../device/lib.sh"

truncate -s 64M "$WORK/gpt.img" "$WORK/mbr.img" "$WORK/used.img"
gpt=$(attach "$WORK/gpt.img") mbr=$(attach "$WORK/mbr.img") used=$(attach "$WORK/used.img")
for loop in "$gpt" "$mbr" "$used"; do partx -d "$loop" 2> /dev/null || true; done
mkfs.ext4 -q -F -L keepme "$used"
make_sysroot "$WORK/root"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-disk-setup\n' > "$WORK/seed/meta-data"
cat > "$WORK/seed/user-data" <<EOD
#cloud-config
device_aliases: {datadisk: $gpt}
disk_setup:
  datadisk: {table_type: gpt, layout: [[50, 8300], [50, 82]], overwrite: false}
  $mbr: {table_type: mbr, layout: true}
  $used: {table_type: gpt, layout: true}
fs_setup:
  - {label: data, filesystem: ext4, device: datadisk.1}
  - {label: swp, filesystem: swap, device: datadisk, partition: 2}
  - {label: logs, filesystem: ext4, device: $mbr, partition: auto}
  - {label: other, filesystem: ext4, device: $used, partition: none}
mounts:
  - [ "LABEL=data", /data ]
EOD
digest() { for image in "$WORK"/gpt.img "$WORK"/mbr.img "$WORK"/used.img; do sha256sum < "$image"; done; }
# fs_setup is decided when planned: the dry run names the programs, arguments and devices the run uses.
before_dry_run=$(digest)
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --dry-run > "$WORK/dry.out" 2> "$WORK/dry.log" || fail "dry run: $(cat "$WORK/dry.log")"
[ "$(digest)" = "$before_dry_run" ] || fail "the dry run changed a disk"
made() { grep -oE 'fs_setup\[[0-9]+\]: (mkfs\.[a-z0-9]+|mkswap) [^(]*' "$1" | sed 's/ *$//' | sort; }
[ "$(made "$WORK/dry.out" | wc -l)" = 3 ] || fail "the dry run does not show three filesystems: $(cat "$WORK/dry.out")"
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
[ "$(made "$WORK/run.log")" = "$(made "$WORK/dry.out")" ] || fail "the run did not do what the dry run said: $(diff <(made "$WORK/dry.out") <(made "$WORK/run.log"))"
pass "the dry run names the three filesystems the run makes (programs, arguments, devices) and changes no disk"

json() { sfdisk --json "$1" | python3 -c "import json,sys; t=json.load(sys.stdin)['partitiontable']; print(t['label'], ' '.join(p['type'] + ':' + str(p['size']) for p in t['partitions']))"; }
read -r label types < <(json "$gpt")
[ "$label" = gpt ] || fail "datadisk: table $label"
case $types in
    "0FC63DAF-8483-4772-8E79-3D69D8477DE4:"*" 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F:"*) ;;
    *) fail "datadisk partitions: $types" ;;
esac
sfdisk --verify "$gpt" > /dev/null 2>&1 || fail "sfdisk --verify datadisk: $(sfdisk --verify "$gpt" 2>&1)"
[ "$(blkid -p -s TYPE -o value "${gpt}p1") $(blkid -p -s LABEL -o value "${gpt}p1")" = "ext4 data" ] || fail "datadisk.1: $(blkid -p "${gpt}p1")"
[ "$(blkid -p -s TYPE -o value "${gpt}p2") $(blkid -p -s LABEL -o value "${gpt}p2")" = "swap swp" ] || fail "datadisk 2: $(blkid -p "${gpt}p2")"
pass "GPT by percentage through an alias: Linux + swap partitions, ext4 \"data\" on .1, swap \"swp\" on partition 2"

read -r label types < <(json "$mbr")
[ "$label" = dos ] && [ "${types%%:*}" = 83 ] || fail "mbr disk: $label $types"
[ "$(blkid -p -s TYPE -o value "${mbr}p1") $(blkid -p -s LABEL -o value "${mbr}p1")" = "ext4 logs" ] || fail "mbr p1: $(blkid -p "${mbr}p1")"
pass "MBR layout true: one partition, ext4 \"logs\" on the first free partition (auto)"

[ "$(blkid -p -s LABEL -o value "$used")" = keepme ] || fail "the used disk was changed: $(blkid -p "$used")"
sfdisk --json "$used" > /dev/null 2>&1 && fail "a partition table was written on a disk holding a filesystem"
grep -q "$used holds ext4 \"keepme\": left alone (overwrite: true replaces it)" "$WORK/run.log" || fail "no message for the used disk: $(cat "$WORK/run.log")"
grep -q "$used holds ext4 \"keepme\": left alone" "$WORK/run.log" || fail "no fs_setup message for the used disk: $(cat "$WORK/run.log")"
pass "a disk holding a filesystem: neither partitioned nor formatted without overwrite, said clearly"

grep -qP '^LABEL=data\t/data\tauto\tdefaults,nofail,comment=cloudconfig\t0\t2$' "$WORK/root/etc/fstab" || fail "fstab: $(cat "$WORK/root/etc/fstab")"
pass "mounts names the filesystem fs_setup made"

before=$(digest)
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --force --verbose 2> "$WORK/run2.log" || fail "second run: $(cat "$WORK/run2.log")"
[ "$(digest)" = "$before" ] || fail "a second run changed a disk: $(cat "$WORK/run2.log")"
grep -q "$gpt already has this layout" "$WORK/run2.log" || fail "second run: $(cat "$WORK/run2.log")"
grep -q "already holds ext4 \"data\": nothing made" "$WORK/run2.log" || fail "second run did not find the filesystem: $(cat "$WORK/run2.log")"
pass "a second run changes no byte of any disk"; grep -E "disk_setup|growpart|mounts" $WORK/run.log $WORK/run2.log
