# The qemu boot-test harness: a real Debian kernel, a lean dracut initramfs with flamingo's
# module (built from a private copy of dracut's tree), a small root disk whose init records what
# it finds and powers off, and one qemu boot per case. Sourced by scripts/boot-test.sh.
#
# A case is a file in Tests/boot/cases/ defining:
#   CASE_TITLE            one line
#   case_prepare          makes drives (attach them with `add_drive`), may edit "$CASE_ROOT_TREE"
#                         and append kernel arguments to CASE_CMDLINE
#   case_check            runs after the boot with the root image mounted read-only at "$ROOT_MNT"
#                         (and the boot's console log at "$CASE_DIR/console.log"); fails with `fail`
#   CASE_EXPECT_INIT=no   (set in case_prepare) when the boot must stop before the root's init
#   CASE_NETDEV           (set in case_prepare) qemu's -netdev for the first NIC instead of a
#                         restricted user network without services (a fake cloud: start_fake_cloud)
# Optional: case_root_image (build the root image yourself: set ROOT_IMAGE, CASE_KERNEL_ARGS_BASE,
# and ROOT_PARTITIONED=yes when the root is the image's first partition, =lvm for an LVM root);
# case_during_boot (runs in the background while the VM boots, with the console log growing at
# "$CASE_DIR/console.log" and qemu's monitor reachable through `qemu_monitor COMMAND`).
# shellcheck shell=bash

BOOT_CACHE=$FLAMINGO_CACHE/boot-test
KVER=$(ls /lib/modules | grep -E 'amd64$' | sort -V | tail -n1)
KERNEL=/boot/vmlinuz-$KVER
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}

# Lean dracut: only what a virtio/IDE VM with an ext4 root needs (+ ostree for the ostree case).
DRACUT_MODULES="dash base rootfs-block udev-rules kernel-modules fs-lib systemd systemd-initrd dracut-systemd ostree"
DRACUT_DRIVERS="virtio_blk virtio_pci virtio_scsi virtio_net ext4 ata_piix ahci"

fail() { echo "FAIL: $*" >&2; return 1; }
note() { echo "  $*"; }

# boot_setup: a private dracut tree with flamingo's module, two initramfs images (with and without
# flamingo), and the root tree every case starts from.
boot_setup() {
    [ -n "$KVER" ] && [ -r "$KERNEL" ] || { echo "no Debian kernel in /boot"; return 1; }
    mkdir -p "$BOOT_CACHE"
    BOOT_WORK=$(mktemp -d /tmp/flamingo-boot.XXXXXX)
    cp -a /usr/lib/dracut "$BOOT_WORK/dracut" || return 1
    cp -a "$FLAMINGO_ROOT/dracut/modules.d/30flamingo" "$BOOT_WORK/dracut/modules.d/" || return 1
    mkdir -p "$BOOT_WORK/confdir"
    printf 'flamingo_binary=%s\n' "$FLAMINGO_ROOT/dist/flamingo" > "$BOOT_WORK/confdir/flamingo.conf"
    local start
    start=$(date +%s%N)
    build_initramfs "$BOOT_WORK/initrd-flamingo.img" flamingo || return 1
    echo "initramfs with flamingo: $(stat -c %s "$BOOT_WORK/initrd-flamingo.img") bytes (built in $(( ($(date +%s%N) - start) / 1000000 )) ms)"
    build_initramfs "$BOOT_WORK/initrd-plain.img" || return 1
    INITRD_DELTA=$(( $(stat -c %s "$BOOT_WORK/initrd-flamingo.img") - $(stat -c %s "$BOOT_WORK/initrd-plain.img") ))
    echo "initramfs without flamingo: $(stat -c %s "$BOOT_WORK/initrd-plain.img") bytes; flamingo adds $INITRD_DELTA bytes"
    make_base_tree "$BOOT_WORK/base-tree"
}

boot_teardown() {
    [ -n "${ROOT_MNT:-}" ] && mountpoint -q "$ROOT_MNT" && umount "$ROOT_MNT"
    # BOOT_KEEP=1 keeps the work folder (consoles, images) for a look after a failure.
    [ -n "${BOOT_KEEP:-}" ] && { echo "boot test: kept $BOOT_WORK"; return 0; }
    # ostree marks deployments immutable.
    [ -n "${BOOT_WORK:-}" ] && { chattr -R -i "$BOOT_WORK" 2> /dev/null; rm -rf "$BOOT_WORK"; }
}

# build_initramfs OUT [EXTRA_MODULE [MODULES]]: lean, reproducible, independent of /etc/dracut.conf.d.
build_initramfs() {
    local modules=${3:-$DRACUT_MODULES}
    [ -n "${2:-}" ] && modules="$modules $2"
    dracutbasedir="$BOOT_WORK/dracut" dracut -q --force --no-hostonly \
        --conf /dev/null --confdir "$BOOT_WORK/confdir" --no-early-microcode \
        -m "$modules" --drivers "$DRACUT_DRIVERS" --kver "$KVER" "$1" 2> "$1.log" \
        || { cat "$1.log"; return 1; }
}

# make_base_tree DIR: busybox, an /sbin/init that records and powers off, /etc/os-release (systemd
# will not switch root without it), passwd/shadow/group as a Debian-like system has them, and
# /usr/bin/flamingo (the initramfs runs the root's binary).
make_base_tree() {
    local tree=$1 applet
    mkdir -p "$tree"/{bin,sbin,etc,proc,sys,dev,run,tmp,var,root,home,flamingo-test}
    chmod 700 "$tree/root"; chmod 1777 "$tree/tmp"
    cp /bin/busybox "$tree/bin/busybox"
    for applet in sh mount umount cat cp ls mkdir sync poweroff sleep echo grep date chmod chown mv touch stat mktemp rm; do
        ln -sf busybox "$tree/bin/$applet"
    done
    ln -sf ../bin/busybox "$tree/sbin/poweroff"
    # util-linux's setpriv, as every distribution has it: the hand-off writes files below a
    # user's directory as that user (busybox's setpriv cannot change uids).
    local setpriv file
    setpriv=$(command -v setpriv) || { echo "setpriv (util-linux) is needed" >&2; return 1; }
    mkdir -p "$tree/usr/bin"
    for file in "$setpriv" $(ldd "$setpriv" | grep -o '/[^ ]*'); do
        mkdir -p "$tree$(dirname "$file")"; cp -L "$file" "$tree$file"
    done
    cp "$setpriv" "$tree/usr/bin/setpriv"
    # flamingo as its package installs it: the initramfs runs the root's binary.
    install -m 0755 "$FLAMINGO_ROOT/dist/flamingo" "$tree/usr/bin/flamingo"
    printf 'NAME="Flamingo Test"\nID=debian\nVERSION_ID="12"\nPRETTY_NAME="Flamingo boot test"\n' > "$tree/etc/os-release"
    printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' > "$tree/etc/passwd"
    printf 'root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n' > "$tree/etc/shadow"
    chmod 640 "$tree/etc/shadow"
    printf 'root:x:0:\ndaemon:x:1:\n' > "$tree/etc/group"
    # The root in fstab, as every cloud image has it; the harness boots `ro` (real images do).
    printf 'LABEL=flamingoroot / ext4 defaults 0 1\n' > "$tree/etc/fstab"
    cat > "$tree/sbin/init" <<'INIT'
#!/bin/sh
# The test root's init: records what the booted system sees, then powers off.
mount -t proc proc /proc 2>/dev/null
mount -t sysfs sys /sys 2>/dev/null
out=/flamingo-test
# How the initramfs handed over the root (ro when the kernel command line says ro) — then, as
# systemd-remount-fs does from fstab, read-write, so that this init can record what it sees.
root_at_init=$(grep ' / ' /proc/mounts | tail -n1)
mount -o remount,rw / 2>/dev/null
echo "$root_at_init" > $out/root-mount-at-init
cat /proc/uptime > $out/uptime
cat /proc/cmdline > $out/cmdline
[ -f /run/flamingo/result.json ] && cp /run/flamingo/result.json $out/run-result.json
[ -x $out/case-init ] && $out/case-init > $out/case-init.log 2>&1
echo "flamingo-test: init reached, uptime $(cat /proc/uptime)"
sync
poweroff -f
INIT
    chmod 755 "$tree/sbin/init"
}

# start_fake_cloud CLOUD [fake_cloud.py OPTIONS…]: the fake metadata service on the host's
# loopback, reachable in the guest at 169.254.169.254:80 (qemu's guestfwd runs relay.py per
# connection); qemu's DHCP hands out 169.254.0.15/16, router 169.254.0.2. Requests are logged to
# $CASE_DIR/requests.log (FAKE_CLOUD_TAG=X: a second one, logging to requests$X.log). Sets
# CASE_NETDEV; `fake_cloud_netdev ADDRESS` forwards another address.
start_fake_cloud() {
    local port tag=${FAKE_CLOUD_TAG:-}
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    : > "$CASE_DIR/requests$tag.log"
    python3 "$FLAMINGO_ROOT/Tests/metadata/fake_cloud.py" --cloud "$1" --port "$port" --log "$CASE_DIR/requests$tag.log" "${@:2}" \
        > "$CASE_DIR/fake-cloud$tag.log" 2>&1 &
    echo $! > "$CASE_DIR/fake-cloud$tag.pid"
    FAKE_CLOUD_PORT=$port
    fake_cloud_netdev 169.254.169.254
}
fake_cloud_netdev() {
    CASE_NETDEV="user,id=n0,restrict=on,net=169.254.0.0/16,host=169.254.0.2,dhcpstart=169.254.0.15"
    CASE_NETDEV+=",guestfwd=tcp:$1:80-cmd:python3 $FLAMINGO_ROOT/Tests/metadata/relay.py $FAKE_CLOUD_PORT"
}
stop_fake_cloud() {
    local pid
    for pid in "$CASE_DIR"/fake-cloud*.pid; do
        [ -f "$pid" ] || continue
        kill "$(cat "$pid")" 2> /dev/null || true
        rm -f "$pid"
    done
}

# The steps of a run's record, in order (`"name": "network"` …), one per line.
record_steps() { sed -n 's/^      "name": "\(.*\)",$/\1/p' "$1"; }
# A step's duration from a record: record_step_ms RECORD NAME.
record_step_ms() {
    awk -v n="$2" '$0 ~ "\"name\": \"" n "\"" {found=1} found && /"duration_ms"/ {gsub(/[^0-9.]/, "", $2); print $2; exit}' "$1"
}

# record_network_at_init: the root's init records the network the initramfs handed over (the
# routing table, each link's state); assert_network_left_clean checks it is what a boot without
# flamingo hands over: no route, every link down.
record_network_at_init() {
    cat > "$CASE_ROOT_TREE/flamingo-test/case-init" <<'EOI'
#!/bin/sh
tail -n +2 /proc/net/route > /flamingo-test/routes
for link in /sys/class/net/*; do echo "${link##*/} $(cat "$link/operstate")"; done > /flamingo-test/links
EOI
    chmod 755 "$CASE_ROOT_TREE/flamingo-test/case-init"
}
assert_network_left_clean() {
    [ -f "$ROOT_MNT/flamingo-test/links" ] || { fail "the init did not record the network"; return 1; }
    [ ! -s "$ROOT_MNT/flamingo-test/routes" ] || { fail "the initramfs left routes: $(cat "$ROOT_MNT/flamingo-test/routes")"; return 1; }
    if grep -v '^lo ' "$ROOT_MNT/flamingo-test/links" | grep -qv ' down$'; then
        fail "the initramfs left a link up: $(tr '\n' ' ' < "$ROOT_MNT/flamingo-test/links")"; return 1
    fi
    note "the booted system found no route and every NIC down ($(grep -v '^lo ' "$ROOT_MNT/flamingo-test/links" | tr '\n' ' '))"
}

# A NetworkManager the renderer detection finds (the root renders keyfiles for it).
add_network_manager() {
    mkdir -p "$CASE_ROOT_TREE/usr/sbin"
    printf '#!/bin/sh\n' > "$CASE_ROOT_TREE/usr/sbin/NetworkManager"
    chmod 755 "$CASE_ROOT_TREE/usr/sbin/NetworkManager"
}

# prepare_broken_service FAULT / check_broken_service MESSAGE-REGEX MAX-FETCH-MS: an EC2-like
# machine whose fake service misbehaves (fake_cloud.py --fault): the console says what went wrong,
# the fetch ends within its bound (flamingo.metadata.timeout=3), nothing is written, the record
# says failed, the boot goes on (the init is reached) and the network is handed over clean.
prepare_broken_service() {
    start_fake_cloud ec2 --fault "$1"
    CASE_QEMU+=(-smbios "type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8")
    CASE_CMDLINE+=" flamingo.metadata.timeout=3"
    record_network_at_init
}
check_broken_service() {
    local record=$ROOT_MNT/flamingo-test/run-result.json fetch
    grep -qE "fetch: error: http://169.254.169.254/latest/api/token: $1" "$CASE_DIR/console.log" \
        || { fail "the console does not say /$1/: $(grep -a 'fetch' "$CASE_DIR/console.log" | head -n 3)"; return 1; }
    note "said: $(grep -ao "fetch: error: .*" "$CASE_DIR/console.log" | head -n1 | tr -d '\r' | cut -c1-160)"
    [ ! -e "$ROOT_MNT/etc/hostname" ] && [ ! -e "$ROOT_MNT/var/lib/flamingo" ] || { fail "the sysroot was written"; return 1; }
    assert_eq "$(record_field "$record" outcome)" failed "outcome (a known cloud whose service fails: failed, the boot goes on)"
    fetch=$(record_step_ms "$record" fetch)
    note "the fetch ended after ${fetch} ms (bound $2 ms)"
    awk -v f="$fetch" -v b="$2" 'BEGIN { exit !(f <= b) }' || { fail "the fetch took ${fetch} ms"; return 1; }
    assert_network_left_clean
}

# print_service_steps RECORD: the identify/network/fetch steps' times from a run's record.
print_service_steps() {
    local step
    for step in udev identify connect fetch; do
        echo "  $step: $(record_step_ms "$1" "$step") ms"
    done
}

# add_drive QEMU_DRIVE_ARGS...: attach a drive to this case's VM.
add_drive() { CASE_QEMU+=("$@"); }

# make_iso / make_vfat IMAGE LABEL DIR, as the device tests make them.
make_iso() { xorriso -as mkisofs -quiet -o "$1" -V "$2" -J -R "$3" 2>/dev/null; }
make_vfat() {
    truncate -s 8M "$1"; mkfs.vfat -n "$2" "$1" >/dev/null
    (cd "$3" && for entry in *; do MTOOLS_SKIP_CHECK=1 mcopy -s -i "$1" "$entry" ::/; done)
}

# The default root image: the base tree (plus the case's edits) as a labelled ext4 filesystem,
# booted `ro` as real cloud images are (a case that needs `rw` says so in CASE_KERNEL_ARGS_BASE).
default_root_image() {
    ROOT_IMAGE=$CASE_DIR/root.img
    truncate -s 64M "$ROOT_IMAGE"
    mkfs.ext4 -q -L flamingoroot -d "$CASE_ROOT_TREE" "$ROOT_IMAGE"
    CASE_KERNEL_ARGS_BASE="root=LABEL=flamingoroot ro"
}

# qemu_monitor COMMAND: one human-monitor command to the running VM (case_during_boot); prints the reply.
qemu_monitor() {
    python3 - "$CASE_DIR/monitor.sock" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(5)
def until_prompt():
    data = b""
    while not data.endswith(b"(qemu) "):
        data += s.recv(4096)
    return data.decode(errors="replace")
until_prompt()
s.sendall(sys.argv[2].encode() + b"\n")
# The monitor echoes the command (with terminal escapes) on the reply's first line: drop it.
reply = until_prompt().replace("(qemu) ", "").splitlines()[1:]
print("\n".join(line for line in reply if line.strip()) or "(no reply)")
PY
}

# wait_for_console TEXT SECONDS: waits until the console log shows TEXT (case_during_boot).
wait_for_console() {
    local _
    for _ in $(seq $(( $2 * 10 ))); do grep -qF "$1" "$CASE_DIR/console.log" 2> /dev/null && return 0; sleep 0.1; done
    fail "the console never showed '$1' within $2 s"
}

# boot_vm: qemu under a hard timeout; console to $CASE_DIR/console.log; sets BOOT_MS.
boot_vm() {
    local start during=
    start=$(date +%s%N)
    if declare -F case_during_boot > /dev/null; then
        CASE_QEMU+=(-monitor "unix:$CASE_DIR/monitor.sock,server=on,wait=off")
        : > "$CASE_DIR/console.log"
        case_during_boot > "$CASE_DIR/during-boot.log" 2>&1 &
        during=$!
    fi
    timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -nographic -no-reboot \
        -kernel "${CASE_KERNEL:-$KERNEL}" -initrd "${CASE_INITRD:-$BOOT_WORK/initrd-flamingo.img}" \
        -append "$CASE_KERNEL_ARGS_BASE console=ttyS0 panic=-1 rd.shell=0 rd.emergency=poweroff quiet $CASE_CMDLINE" \
        -drive "file=$ROOT_IMAGE,if=virtio,format=raw" \
        -netdev "${CASE_NETDEV:-user,id=n0,restrict=on}" -device "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56" \
        "${CASE_QEMU[@]}" < /dev/null > "$CASE_DIR/console.log" 2>&1
    local rc=$?
    BOOT_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -n "$during" ]; then
        kill "$during" 2> /dev/null || true  # it has usually ended by itself
        wait "$during" || { cat "$CASE_DIR/during-boot.log"; fail "the action during the boot failed"; return 1; }
        sed 's/^/  during boot: /' "$CASE_DIR/during-boot.log"
    fi
    [ $rc -eq 124 ] && { tail -n 40 "$CASE_DIR/console.log"; fail "qemu did not power off within ${BOOT_TIMEOUT} s"; return 1; }
    if [ "${CASE_EXPECT_INIT:-yes}" = no ]; then
        if grep -q "flamingo-test: init reached" "$CASE_DIR/console.log"; then fail "the boot went on to the root's init"; return 1; fi
        return 0
    fi
    grep -q "flamingo-test: init reached" "$CASE_DIR/console.log" || { tail -n 40 "$CASE_DIR/console.log"; fail "the root's init never ran"; return 1; }
}

# run_case FILE: prepare, boot, mount the root image read-only, check. Prints PASS/FAIL and times.
run_case() {
    local file=$1 name status=PASS
    name=$(basename "$file" .sh)
    CASE_DIR=$BOOT_WORK/$name
    mkdir -p "$CASE_DIR"
    CASE_ROOT_TREE=$CASE_DIR/tree
    cp -a "$BOOT_WORK/base-tree" "$CASE_ROOT_TREE"
    CASE_QEMU=() CASE_CMDLINE="" CASE_KERNEL="" CASE_INITRD="" CASE_EXPECT_INIT=yes ROOT_MNT=$CASE_DIR/mnt ROOT_PARTITIONED=no CASE_NETDEV=""
    unset -f case_prepare case_check case_root_image case_during_boot
    # shellcheck disable=SC1090
    . "$file"
    # Not `( … ) || …`: bash ignores set -e inside a subshell that is the left side of ||.
    (
        set -e
        case_prepare
        if declare -F case_root_image > /dev/null; then case_root_image; else default_root_image; fi
        boot_vm
        mkdir -p "$ROOT_MNT"
        mount_root
        trap unmount_root EXIT
        # The init copies /run/flamingo/result.json to flamingo-test/ (inside a deployment on ostree).
        FLAMINGO_MS=$(flamingo_ms "$(find "$ROOT_MNT" -maxdepth 7 -path '*/flamingo-test/run-result.json' | head -n1)")
        echo "  boot: ${BOOT_MS} ms wall; flamingo: ${FLAMINGO_MS} ms (its result record)"
        case_check
        if [ "$CASE_EXPECT_INIT" = yes ] && [[ " $CASE_KERNEL_ARGS_BASE $CASE_CMDLINE " == *" ro "* ]]; then
            assert_root_handed_over_ro
            note "the root was handed over read-only, as 'ro' asks"
        fi
    ) > "$CASE_DIR/case.log" 2>&1
    [ $? -eq 0 ] || status=FAIL
    stop_fake_cloud
    echo "$status boot/$name — $CASE_TITLE"
    sed 's/^/    /' "$CASE_DIR/case.log"
    [ $status = PASS ]
}

# mount_root / unmount_root: the root image read-only at $ROOT_MNT; a partitioned image
# (ROOT_PARTITIONED=yes: the root is its first partition) through a loop device whose partition
# nodes partx adds (this machine's kernel parses no partition tables); an LVM root
# (ROOT_PARTITIONED=lvm: its filesystem at the sector in $CASE_DIR/lv-offset, this machine's
# kernel having no device-mapper) through a loop device at that offset.
mount_root() {
    if [ "${ROOT_PARTITIONED:-no}" = lvm ]; then
        ROOT_LOOP=$(losetup -f --show -r -o $(( $(cat "$CASE_DIR/lv-offset") * 512 )) "$ROOT_IMAGE")
        mount -o ro,noload "$ROOT_LOOP" "$ROOT_MNT"
    elif [ "${ROOT_PARTITIONED:-no}" = yes ]; then
        ROOT_LOOP=$(losetup -f --show -r "$ROOT_IMAGE")
        partx -d "$ROOT_LOOP" 2> /dev/null || true
        partx -a "$ROOT_LOOP"
        mount -o ro,noload "${ROOT_LOOP}p1" "$ROOT_MNT"
    else
        mount -o ro,noload "$ROOT_IMAGE" "$ROOT_MNT"
    fi
}
unmount_root() {
    umount "$ROOT_MNT"
    if [ -n "${ROOT_LOOP:-}" ]; then partx -d "$ROOT_LOOP" 2> /dev/null || true; losetup -d "$ROOT_LOOP"; ROOT_LOOP=; fi
}

# assert_root_handed_over_ro: the booted system found its root as `ro` asked (flamingo remounted
# it only for its writes), so systemd-fsck-root and systemd-remount-fs would behave as without it.
assert_root_handed_over_ro() {
    local seen
    seen=$(find "$ROOT_MNT" -maxdepth 7 -path '*/flamingo-test/root-mount-at-init' | head -n1)
    [ -n "$seen" ] || { fail "the init did not record the root's mount"; return 1; }
    case " $(cat "$seen") " in
        *" ro,"* | *" ro "*) ;;
        *) fail "the root was handed over read-write: $(cat "$seen")"; return 1 ;;
    esac
}

# flamingo_ms RECORD: the run's duration_ms from a result record, or "-".
flamingo_ms() {
    [ -n "$1" ] && [ -f "$1" ] || { echo "-"; return; }
    sed -n 's/^  "duration_ms": \([0-9.]*\),$/\1/p' "$1" | head -n1
}

assert_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
assert_file() { [ -f "$1" ] || fail "missing $1"; assert_eq "$(cat "$1")" "$2" "contents of $1"; }
assert_mode() { assert_eq "$(stat -c '%a %u:%g' "$1")" "$2" "mode and owner of $1"; }
record_field() { sed -n "s/^  \"$2\": \"\\(.*\\)\",\$/\\1/p" "$1" | head -n1; }

# assert_keys USER_HOME ROOT_HOME KEY: the default user (debian: the test root says ID=debian)
# has KEY; root has it behind cloud-init's disable_root_opts pointing at that user.
assert_keys() {
    local home=$1 roothome=$2 key=$3 user=debian
    assert_file "$home/.ssh/authorized_keys" "$key"
    assert_file "$roothome/.ssh/authorized_keys" \
        "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command=\"echo 'Please login as the user \\\"$user\\\" rather than the user \\\"root\\\".';echo;sleep 10;exit 142\" $key"
}

# The Ignition cases' second disk (Tests/ignition/boot/second-disk.ign names it by its serial).
ignition_data_disk() {
    truncate -s 64M "$CASE_DIR/data.img"
    add_drive -drive "file=$CASE_DIR/data.img,if=none,id=igndata,format=raw" -device "virtio-blk-pci,drive=igndata,serial=ignitiondata"
}

# What Tests/ignition/boot/second-disk.ign asks for, checked in the root image and on the disk.
check_ignition_outcome() {
    grep -q '^ign:x:4200:[0-9]*::/home/ign:/bin/sh$' "$ROOT_MNT/etc/passwd" || fail "passwd: $(grep ign "$ROOT_MNT/etc/passwd")"
    grep -q '^ops:x:4100:ign$' "$ROOT_MNT/etc/group" || fail "group: $(grep ops "$ROOT_MNT/etc/group")"
    grep -qF "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootIgnitionKey ign@boot" "$ROOT_MNT/home/ign/.ssh/authorized_keys" || fail "ign's keys"
    assert_mode "$ROOT_MNT/home/ign/.ssh/authorized_keys" "600 4200:$(awk -F: '$1 == "ign" {print $4}' "$ROOT_MNT/etc/passwd")"
    assert_file "$ROOT_MNT/etc/ignition-marker" "written by flamingo from Ignition"
    assert_mode "$ROOT_MNT/etc/ignition-marker" "600 4200:4100"
    assert_mode "$ROOT_MNT/srv/ign" "750 4200:0"
    assert_file "$ROOT_MNT/srv/ign/config.json" '{"key": "value"}'
    assert_eq "$(readlink "$ROOT_MNT/etc/ignition-marker-link")" /etc/ignition-marker "the link"
    assert_eq "$(readlink "$ROOT_MNT/etc/systemd/system/multi-user.target.wants/ignition-marker.service")" \
        /etc/systemd/system/ignition-marker.service "the unit's enablement link"
    grep -qx 'What=/dev/disk/by-partlabel/igndata' "$ROOT_MNT/etc/systemd/system/var-igndata.mount" || fail "the mount unit: $(cat "$ROOT_MNT/etc/systemd/system/var-igndata.mount" 2>&1)"
    [ -L "$ROOT_MNT/etc/systemd/system/local-fs.target.requires/var-igndata.mount" ] || fail "the mount unit is not required by local-fs.target"
    local table loop filesystem
    table=$(sfdisk --json "$CASE_DIR/data.img" | python3 -c "import json,sys; t=json.load(sys.stdin)['partitiontable']; print(t['label'], ' '.join(p['name'] + ':' + str(p['size']) for p in t['partitions']))")
    assert_eq "$table" "gpt igndata:65536" "the data disk's table"
    loop=$(losetup -f --show -r "$CASE_DIR/data.img")
    partx -d "$loop" 2> /dev/null || true
    partx -a "$loop"
    filesystem=$(blkid -p -s TYPE -s LABEL -o value "${loop}p1" | tr '\n' ' ')
    partx -d "$loop"; losetup -d "$loop"
    assert_eq "$filesystem" "igndata ext4 " "the filesystem on the data disk"
    grep -qa "ignition: spec 3.4.0: 1 users, 1 groups, 2 files, 1 directories, 1 links, 1 units" "$CASE_DIR/console.log" || fail "not said on the console"
    note "ign (4200) in ops, keys, files, link, unit enabled; data disk: $table, ext4 igndata, var-igndata.mount"
}
