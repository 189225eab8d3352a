#!/usr/bin/env bash
# Ignition's storage.disks and storage.filesystems on blank loop disks, through flamingo's disk
# layer: a GPT table with partitions by number and by label (start, size, type GUID, GUID,
# label), ext4 and swap with labels and a UUID, a mount unit for a filesystem's path; a second
# run changes no byte; a partition that differs is refused without wipePartitionEntry and
# replaced with it; resize grows one in place; shouldExist: false deletes one. Checked with
# sfdisk --json/--verify and blkid.
. "$(dirname "$0")/../device/lib.sh"

for tool in sfdisk blkid partx python3 mkfs.ext4 mkfs.xfs mkswap; do command -v $tool > /dev/null || fail "$tool is needed"; done
truncate -s 400M "$WORK/disk.img"  # xfs needs 300 MB
disk=$(attach "$WORK/disk.img")
partx -d "$disk" 2> /dev/null || true
make_sysroot "$WORK/root"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-ignition-disks\n' > "$WORK/seed/meta-data"
GUID=11111111-2222-3333-4444-555555555555
FSUUID=0b1c3a52-7e38-4e59-9c2a-6b7f4c1d2e3f
config() {  # VERSION STORAGE-JSON
    printf '{"ignition": {"version": "%s"}, "storage": %s}\n' "$1" "$2" > "$WORK/seed/user-data"
    "$FLAMINGO" validate "$WORK/seed/user-data" > "$WORK/validate.out" 2>&1 || fail "validate: $(cat "$WORK/validate.out")"
}
run() { "$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --force --verbose > "$WORK/run.out" 2> "$WORK/run.log"; }
part() {  # NUMBER FIELD → sfdisk's view of one partition
    sfdisk --json "$disk" | python3 -c "import json,sys; t=json.load(sys.stdin)['partitiontable']; p=[p for p in t['partitions'] if p['node'].endswith('p$1')]; print(p[0].get('$2','') if p else 'absent')"
}
sector_mib() { echo $(( $1 * 2048 )); }

config 3.3.0 '{
  "disks": [{"device": "'"$disk"'", "wipeTable": true, "partitions": [
    {"number": 1, "label": "data", "startMiB": 2, "sizeMiB": 32, "guid": "'$GUID'"},
    {"number": 2, "label": "swap", "sizeMiB": 16, "typeGuid": "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F"},
    {"label": "rest"}]}],
  "filesystems": [
    {"device": "'"${disk}p1"'", "format": "ext4", "label": "data", "uuid": "'$FSUUID'", "path": "/var/data", "mountOptions": ["noatime"]},
    {"device": "'"${disk}p2"'", "format": "swap", "label": "swp"},
    {"device": "'"${disk}p3"'", "format": "xfs", "label": "rest"}]}'
run || fail "run: $(cat "$WORK/run.log")"
sfdisk --verify "$disk" > /dev/null 2>&1 || fail "sfdisk --verify: $(sfdisk --verify "$disk" 2>&1)"
[ "$(part 1 start) $(part 1 size) $(part 1 name) $(part 1 uuid)" = "$(sector_mib 2) $(sector_mib 32) data $GUID" ] || fail "partition 1: $(sfdisk --json "$disk")"
[ "$(part 2 type) $(part 2 size) $(part 2 name)" = "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F $(sector_mib 16) swap" ] || fail "partition 2: $(sfdisk --json "$disk")"
[ "$(part 3 type) $(part 3 name)" = "0FC63DAF-8483-4772-8E79-3D69D8477DE4 rest" ] || fail "partition 3 (by label, the rest): $(sfdisk --json "$disk")"
pass "GPT: partition 1 at 2 MiB, 32 MiB, its GUID and label; 2 swap-typed by its type GUID; the labelled third takes the rest"

[ "$(blkid -p -s TYPE -o value "${disk}p1") $(blkid -p -s LABEL -o value "${disk}p1") $(blkid -p -s UUID -o value "${disk}p1")" = "ext4 data $FSUUID" ] || fail "p1: $(blkid -p "${disk}p1")"
[ "$(blkid -p -s TYPE -o value "${disk}p2") $(blkid -p -s LABEL -o value "${disk}p2")" = "swap swp" ] || fail "p2: $(blkid -p "${disk}p2")"
[ "$(blkid -p -s TYPE -o value "${disk}p3") $(blkid -p -s LABEL -o value "${disk}p3")" = "xfs rest" ] || fail "p3: $(blkid -p "${disk}p3")"
unit="$WORK/root/etc/systemd/system/var-data.mount"
grep -qx "What=${disk}p1" "$unit" && grep -qx "Where=/var/data" "$unit" && grep -qx "Type=ext4" "$unit" && grep -qx "Options=noatime" "$unit" \
    || fail "the mount unit: $(cat "$unit" 2>&1)"
[ "$(readlink "$WORK/root/etc/systemd/system/local-fs.target.requires/var-data.mount")" = /etc/systemd/system/var-data.mount ] || fail "the mount unit is not required by local-fs.target"
if command -v systemd-analyze > /dev/null; then
    systemd-analyze verify --root="$WORK/root" /etc/systemd/system/var-data.mount > "$WORK/verify.out" 2>&1 || true
    grep -qi "var-data.mount.*\(invalid\|bad\|fail\)" "$WORK/verify.out" && fail "systemd-analyze: $(cat "$WORK/verify.out")"
fi
pass "ext4 with its label and UUID, swap, xfs; /var/data gets var-data.mount (noatime), required by local-fs.target"

digest=$(sha256sum < "$WORK/disk.img")
run || fail "second run: $(cat "$WORK/run.log")"
[ "$(sha256sum < "$WORK/disk.img")" = "$digest" ] || fail "the second run changed the disk: $(grep storage_disks "$WORK/run.log")"
grep -q "partitions already as the config says" "$WORK/run.log" || fail "second run: not said: $(cat "$WORK/run.log")"
grep -q "already there: reused" "$WORK/run.log" || fail "second run: filesystems not reused: $(cat "$WORK/run.log")"
pass "a second run: the partitions match, the filesystems are reused, no byte of the disk changes"

# Without the wipe: partition 1 of another size is refused (not touched), then resized with resize.
config 3.3.0 '{"disks": [{"device": "'"$disk"'", "partitions": [{"number": 1, "label": "data", "startMiB": 2, "sizeMiB": 40}]}]}'
run && fail "a partition that differs was accepted"
grep -q "partition 1 exists with a different size: wipePartitionEntry: true replaces it, resize: true resizes it" "$WORK/run.log" || fail "not said: $(cat "$WORK/run.log")"
[ "$(sha256sum < "$WORK/disk.img")" = "$digest" ] || fail "the refused config changed the disk"
pass "partition 1 of another size without wipePartitionEntry or resize: refused, said, the disk untouched"

# Partition 3 goes (shouldExist false), then partition 2, after which it lay, grows in place.
config 3.3.0 '{"disks": [{"device": "'"$disk"'", "partitions": [{"number": 3, "shouldExist": false, "wipePartitionEntry": true}, {"number": 2, "sizeMiB": 24, "resize": true}]}]}'
run || fail "resize: $(cat "$WORK/run.log")"
[ "$(part 3 name)" = absent ] || fail "partition 3 still there: $(sfdisk --json "$disk")"
[ "$(part 2 start) $(part 2 size)" = "$(sector_mib 34) $(sector_mib 24)" ] || fail "partition 2 not resized: $(sfdisk --json "$disk")"
[ "$(blkid -p -s LABEL -o value "${disk}p2")" = swp ] || fail "the resize lost p2's contents"
[ "$(blkid -p -s LABEL -o value "${disk}p1")" = data ] || fail "partition 1 was touched"
pass "shouldExist false with wipePartitionEntry deletes partition 3; resize grows partition 2 in place (its start and contents kept)"

# A filesystem of another type there: refused without wipeFilesystem, made with it.
config 3.3.0 '{"filesystems": [{"device": "'"${disk}p2"'", "format": "ext4", "label": "other"}]}'
run && fail "another filesystem over swap was accepted without wipeFilesystem"
grep -q "holds swap \"swp\", not the ext4 filesystem asked for: wipeFilesystem: true replaces it" "$WORK/run.log" || fail "not said: $(cat "$WORK/run.log")"
config 3.3.0 '{"filesystems": [{"device": "'"${disk}p2"'", "format": "ext4", "label": "other", "wipeFilesystem": true}]}'
run || fail "wipeFilesystem: $(cat "$WORK/run.log")"
[ "$(blkid -p -s TYPE -o value "${disk}p2") $(blkid -p -s LABEL -o value "${disk}p2")" = "ext4 other" ] || fail "p2: $(blkid -p "${disk}p2")"
pass "a different filesystem: refused without wipeFilesystem, replaced with it"

# A file on a filesystem the config makes: refused whole, nothing written.
config 3.3.0 '{"filesystems": [{"device": "'"${disk}p1"'", "format": "ext4", "path": "/srv"}], "files": [{"path": "/srv/x"}]}'
rm -rf "$WORK/root/srv"
run && fail "a file on a made filesystem was accepted"
grep -q "storage.files\[0\].*/srv/x is on the filesystem storage.filesystems mounts at /srv" "$WORK/run.log" || fail "not said: $(cat "$WORK/run.log")"
[ ! -e "$WORK/root/srv" ] || fail "something was written"
pass "a file on a filesystem the config makes: the config refused whole, naming the key"
