#!/usr/bin/env bash
# mounts, mount_default_fields and swap into a real sysroot (an ext4 loop device): the image's
# fstab lines kept, an earlier run's `comment=cloudconfig` lines replaced, devices resolved as
# cloud-init does (a short name's first partition, `name.N`, aliases, LABEL=, server:/path; a
# missing device skipped), mount points created, a swap file that blkid, swaplabel and swapon
# accept; findmnt --verify accepts the fstab; a second run changes nothing.
. "$(dirname "$0")/../device/lib.sh"

# The sysroot: ext4 on a loop device, with an image fstab and a line an earlier run wrote.
truncate -s 128M "$WORK/root.img"
mkfs.ext4 -q -F -L sysroot "$WORK/root.img"
mkdir -p "$WORK/root"
mount "$(attach "$WORK/root.img")" "$WORK/root"
make_sysroot "$WORK/root"
mkdir -p "$WORK/root/boot"
cat > "$WORK/root/etc/fstab" <<'EOD'
# /etc/fstab: the image's own
LABEL=sysroot	/	ext4	defaults	0	1
UUID=1234-ABCD	/boot	vfat	defaults	0	2
/dev/old	/old	auto	defaults,nofail,comment=cloudconfig	0	2
EOD
# A data disk with one partition (partx adds its node), and one without a table.
truncate -s 16M "$WORK/data.img"
printf 'label: gpt\n,,L\n' | sfdisk -q "$WORK/data.img"
data=$(attach "$WORK/data.img")
partx -d "$data" 2> /dev/null || true
partx -a "$data"
mkfs.ext4 -q -F -L datafs "${data}p1"
truncate -s 8M "$WORK/raw.img"
raw=$(attach "$WORK/raw.img")

mkdir -p "$WORK/seed"
printf 'instance-id: iid-mounts\n' > "$WORK/seed/meta-data"
cat > "$WORK/seed/user-data" <<EOD
#cloud-config
device_aliases: {scratch: $raw}
mounts:
  - [ $data, /data ]
  - [ scratch, /scratch, ext4, "defaults,noatime", 0, 0 ]
  - [ "LABEL=logs", /var/log/app, xfs ]
  - [ "nfs.example:/export", /nfs, nfs, "defaults,_netdev" ]
  - [ sdzz, /nowhere ]
  - [ ephemeral0, /mnt ]
  - [ "UUID=1234-ABCD", /boot2 ]
mount_default_fields: [ null, null, auto, "defaults,nofail", "0", "2" ]
swap: {filename: /swapfile, size: 24M}
EOD
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
fstab=$WORK/root/etc/fstab
expected=$(printf '%s\n' \
    '# /etc/fstab: the image'"'"'s own' \
    'LABEL=sysroot	/	ext4	defaults	0	1' \
    'UUID=1234-ABCD	/boot	vfat	defaults	0	2' \
    "${data}p1	/data	auto	defaults,nofail,comment=cloudconfig	0	2" \
    "$raw	/scratch	ext4	defaults,noatime,comment=cloudconfig	0	0" \
    'LABEL=logs	/var/log/app	xfs	defaults,nofail,comment=cloudconfig	0	2' \
    'nfs.example:/export	/nfs	nfs	defaults,_netdev,comment=cloudconfig	0	2' \
    '/swapfile	none	swap	sw,comment=cloudconfig	0	0')
[ "$(cat "$fstab")" = "$expected" ] || fail "fstab:
$(cat "$fstab")
expected:
$expected"
grep -q "sdzz does not exist: skipped" "$WORK/run.log" || fail "no note for the missing device: $(cat "$WORK/run.log")"
grep -q "ephemeral0 is a name only a cloud's metadata service resolves" "$WORK/run.log" || fail "no note for ephemeral0"
grep -q "UUID=1234-ABCD is already in the image's fstab" "$WORK/run.log" || fail "no note for the image's own device"
pass "fstab: the image's lines kept, the old cloudconfig line replaced, devices resolved as cloud-init does, defaults filled"

for dir in /data /scratch /var/log/app /nfs; do [ -d "$WORK/root$dir" ] || fail "mount point $dir not created"; done
[ ! -e "$WORK/root/nowhere" ] || fail "a mount point for a skipped entry"
# findmnt parses every line and checks types and options; it looks for targets and sources on
# this host, not in the sysroot: "unreachable" is expected here (the targets are checked in the
# sysroot above; LABEL=logs, nfs.example and the image's UUID are not on this machine).
findmnt --verify --verbose --tab-file "$fstab" > "$WORK/verify.txt" 2>&1 || true
grep -q "parse error at" "$WORK/verify.txt" && fail "findmnt cannot parse the fstab: $(cat "$WORK/verify.txt")"
unexpected=$(grep -E '^\s+\[[EW]\]' "$WORK/verify.txt" | grep -vE 'unreachable on boot required (target|source)|unreachable source|cannot detect on-disk filesystem type' || true)
[ -z "$unexpected" ] || fail "findmnt --verify: $unexpected"
grep -q "^${data}p1\|^/data" "$WORK/verify.txt" || fail "findmnt did not read the entries: $(cat "$WORK/verify.txt")"
pass "mount points created; findmnt --verify parses the fstab and finds nothing but hosts' absences"

swap=$WORK/root/swapfile
assert_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
assert_eq "$(stat -c '%a %u:%g %s' "$swap")" "600 0:0 25165824" "swap file mode, owner, size"
[ "$(stat -c %b "$swap")" -ge $((25165824 / 512)) ] || fail "the swap file has holes"
assert_eq "$(blkid -p -s TYPE -o value "$swap")" swap "blkid's type for the swap file"
swaplabel "$swap" > /dev/null || fail "swaplabel does not read the header"
if swapon "$swap" 2> "$WORK/swapon.txt"; then
    swapoff "$swap"
    pass "the swap file: 0600, allocated, a swap header blkid, swaplabel and swapon accept"
else
    grep -q "Operation not permitted" "$WORK/swapon.txt" || fail "swapon: $(cat "$WORK/swapon.txt")"
    pass "the swap file: 0600, allocated, a swap header blkid and swaplabel accept (swapon is not permitted in this sandbox)"
fi

before=$(sha256sum < "$fstab"; stat -c %Y "$swap")
"$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --force 2> "$WORK/run2.log" || fail "second run: $(cat "$WORK/run2.log")"
[ "$(sha256sum < "$fstab"; stat -c %Y "$swap")" = "$before" ] || fail "a second run changed fstab or the swap file"
pass "a second run changes neither fstab nor the swap file"
