#!/usr/bin/env bash
# The product test: a real Debian 12 (debootstrap minbase: systemd, openssh-server, sudo,
# systemd-networkd) with flamingo installed as a packager would and its dracut initramfs, booted
# under qemu (TCG) with a ConfigDrive: a user with an SSH key and sudo, a host name, a static
# address from network_data.json, a runcmd marker. From the host, ssh is polled until it answers
# (bounded); then, over ssh: id, hostname, the address, sudo -n, the marker, flamingo's record.
# Prints the time from qemu start to the first ssh login.
#
#   scripts/e2e.sh             one boot of flamingo's image (what scripts/test.sh runs)
#   scripts/e2e.sh --compare   E2E_BOOTS (3) boots each of flamingo's image and of the same root
#                              with Debian's cloud-init (an initramfs without flamingo); medians
#                              and the ratio
#
# The root tree is built once and cached in $FLAMINGO_CACHE/e2e (git-ignored).
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
[ "$(id -u)" = 0 ] || die "the e2e test needs root"

ensure_packages debootstrap linux-image-amd64 dracut qemu-system-x86 dosfstools mtools openssh-client e2fsprogs python3 make
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2 || die "static build failed"

compare=no
[ "${1:-}" = --compare ] && compare=yes
boots=${E2E_BOOTS:-3}
cache=$FLAMINGO_CACHE/e2e
kver=$(ls /lib/modules | grep -E 'amd64$' | sort -V | tail -n1)
work=$(mktemp -d /tmp/flamingo-e2e.XXXXXX)
qemu_pid=
cleanup() {
    [ -n "$qemu_pid" ] && kill "$qemu_pid" 2> /dev/null
    for mnt in "$work"/tree-*/proc "$work"/tree-*/dev; do mountpoint -q "$mnt" 2> /dev/null && umount -l "$mnt"; done
    rm -rf "$work"
}
trap cleanup EXIT

# The Debian root, once: minbase + systemd, sshd, sudo, networkd enabled.
if [ ! -e "$cache/rootfs/.complete" ]; then
    rm -rf "$cache/rootfs"; mkdir -p "$cache"
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2> /dev/null || true)
    start=$(date +%s)
    debootstrap --variant=minbase --include=systemd-sysv,udev,dbus,openssh-server,iproute2,sudo \
        bookworm "$cache/rootfs" "${mirror:-http://deb.debian.org/debian}" > "$cache/debootstrap.log" 2>&1 \
        || die "debootstrap failed: $(tail -n 5 "$cache/debootstrap.log")"
    chroot "$cache/rootfs" apt-get clean
    chroot "$cache/rootfs" systemctl -q enable systemd-networkd
    touch "$cache/rootfs/.complete"
    echo "e2e: Debian root built in $(( $(date +%s) - start )) s" >&2
fi

# One ConfigDrive for both images.
ssh-keygen -q -t ed25519 -N "" -C e2e -f "$work/key"
mkdir -p "$work/drive/openstack/latest"
cat > "$work/drive/openstack/latest/meta_data.json" <<EOD
{"uuid": "e2e-0f1a-4b2c-9d3e-flamingo", "hostname": "e2e-vm.example.com", "name": "e2e-vm"}
EOD
cat > "$work/drive/openstack/latest/network_data.json" <<'EOD'
{"links": [{"id": "nic0", "type": "phy", "ethernet_mac_address": "52:54:00:12:34:56"}],
 "networks": [{"id": "net0", "type": "ipv4", "link": "nic0", "ip_address": "10.0.2.77", "netmask": "255.255.255.0",
               "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.2.2"}]}],
 "services": [{"type": "dns", "address": "10.0.2.3"}]}
EOD
cat > "$work/drive/openstack/latest/user_data" <<EOD
#cloud-config
users:
  - name: e2e
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL
    ssh_authorized_keys: [$(cat "$work/key.pub")]
runcmd:
  - echo "runcmd ran" > /var/tmp/e2e-marker
EOD
truncate -s 16M "$work/config2.img"
mkfs.vfat -n config-2 "$work/config2.img" > /dev/null
(cd "$work/drive" && MTOOLS_SKIP_CHECK=1 mcopy -s -i "$work/config2.img" openstack ::/)

# initramfs KIND OUT: lean dracut from a private copy of dracut's tree; KIND flamingo adds the module.
dracut_tree=$work/dracut
cp -a /usr/lib/dracut "$dracut_tree"
cp -a "$FLAMINGO_ROOT/dracut/modules.d/30flamingo" "$dracut_tree/modules.d/"
mkdir -p "$work/confdir"
printf 'flamingo_binary=%s\n' "$FLAMINGO_ROOT/dist/flamingo" > "$work/confdir/flamingo.conf"
initramfs() {
    local modules="dash base rootfs-block udev-rules kernel-modules fs-lib systemd systemd-initrd dracut-systemd"
    [ "$1" = flamingo ] && modules="$modules flamingo"
    # The root has no /lib/modules: what the booted system needs is loaded here (cloud-init
    # mounts the config drive itself, so vfat and its code pages too).
    dracutbasedir=$dracut_tree dracut -q --force --no-hostonly --conf /dev/null --confdir "$work/confdir" --no-early-microcode \
        -m "$modules" --drivers "virtio_blk virtio_pci virtio_net ext4" \
        --force-drivers "vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859-1 iso9660" --kver "$kver" "$2" 2> "$2.log" \
        || die "dracut failed: $(cat "$2.log")"
}

# image KIND: the root tree with flamingo installed (make install), or with Debian's cloud-init.
image() {
    local tree=$work/tree-$1
    cp -a "$cache/rootfs" "$tree"
    rm -f "$tree/.complete"
    if [ "$1" = flamingo ]; then
        make -s -C "$FLAMINGO_ROOT" install DESTDIR="$tree" BINARY="$FLAMINGO_ROOT/dist/flamingo" > /dev/null || die "make install failed"
    else
        mount -t proc proc "$tree/proc"; mount --bind /dev "$tree/dev"
        cp /etc/resolv.conf "$tree/etc/resolv.conf"
        DEBIAN_FRONTEND=noninteractive chroot "$tree" sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends cloud-init' \
            > "$work/cloud-init-install.log" 2>&1 || die "installing cloud-init: $(tail -n 5 "$work/cloud-init-install.log")"
        chroot "$tree" apt-get clean
        umount "$tree/dev" "$tree/proc"
        # Only the ConfigDrive, as on an OpenStack cloud.
        printf 'datasource_list: [ ConfigDrive, None ]\n' > "$tree/etc/cloud/cloud.cfg.d/90-e2e.cfg"
    fi
    truncate -s 1536M "$work/root-$1.img"
    mkfs.ext4 -q -F -L e2eroot -d "$tree" "$work/root-$1.img"
    rm -rf "$tree"
}

ssh_to() {
    timeout "${SSH_TIMEOUT:-15}" ssh -i "$work/key" -p "$1" -o ConnectTimeout=3 -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR e2e@127.0.0.1 "${@:2}"
}

# boot KIND NUMBER: boots a fresh copy of the image; prints the seconds to the first ssh login.
boot() {
    local kind=$1 port=$((2222 + $2)) disk=$work/boot-$1-$2.img start now
    cp --sparse=always "$work/root-$kind.img" "$disk"
    start=$(date +%s%N)
    qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -display none -monitor none -no-reboot -serial "file:$work/console-$kind-$2.log" \
        -kernel "/boot/vmlinuz-$kver" -initrd "$work/initrd-$kind.img" \
        -append "root=LABEL=e2eroot rw console=ttyS0 panic=-1 rd.shell=0 rd.emergency=poweroff" \
        -drive "file=$disk,if=virtio,format=raw" -drive "file=$work/config2.img,if=virtio,format=raw,readonly=on" \
        -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-10.0.2.77:22" \
        -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 -global isa-fdc.fdtypeA=none < /dev/null &
    qemu_pid=$!
    while ! ssh_to "$port" true 2> /dev/null; do
        now=$(date +%s%N)
        if [ $(( (now - start) / 1000000000 )) -ge 300 ] || ! kill -0 "$qemu_pid" 2> /dev/null; then
            tail -n 30 "$work/console-$kind-$2.log" >&2
            die "$kind: no ssh login within 300 s"
        fi
        sleep 1
    done
    now=$(date +%s%N)
    echo "$(( (now - start) / 1000000 ))" > "$work/login-$kind-$2"
    if [ "$kind" = flamingo ] || [ "$2" = 1 ]; then check "$kind" "$port"; fi
    ssh_to "$port" sudo systemctl poweroff > /dev/null 2>&1 || true
    for _ in $(seq 60); do kill -0 "$qemu_pid" 2> /dev/null || break; sleep 1; done
    kill "$qemu_pid" 2> /dev/null; wait "$qemu_pid" 2> /dev/null; qemu_pid=
    rm -f "$disk"
}

# check KIND PORT: what the user asked for, over ssh.
check() {
    local out=$work/check-$1.txt
    # The runcmd runs once the network is online, a little after sshd: wait for it (bounded).
    SSH_TIMEOUT=120 ssh_to "$2" 'id; hostname; ip -4 -o addr show; sudo -n true && echo sudo-ok
                 for i in $(seq 60); do [ -e /var/tmp/e2e-marker ] && break; sleep 1; done; cat /var/tmp/e2e-marker
                 cat /var/lib/flamingo/result.json 2>/dev/null || true
                 for i in $(seq 30); do systemd-analyze > /dev/null 2>&1 && break; sleep 1; done; systemd-analyze 2>&1 | head -n 1' > "$out" 2>&1
    grep -q 'uid=[0-9]*(e2e)' "$out" || die "$1: id: $(cat "$out")"
    grep -qx 'e2e-vm' "$out" || die "$1: hostname: $(cat "$out")"
    grep -q 'inet 10.0.2.77/24' "$out" || die "$1: no static address: $(cat "$out")"
    grep -qx 'sudo-ok' "$out" || die "$1: sudo -n: $(cat "$out")"
    grep -qx 'runcmd ran' "$out" || die "$1: the runcmd marker: $(cat "$out")"
    if [ "$1" = flamingo ]; then
        grep -q '"outcome": "ok"' "$out" || die "flamingo: the result record: $(cat "$out")"
    fi
    echo "e2e: $1: ssh as e2e, hostname e2e-vm, 10.0.2.77/24, sudo -n, runcmd marker$([ "$1" = flamingo ] && echo ", flamingo's record: ok")" >&2
    # Where the boot's time went (the guest's own view), and flamingo's step in it.
    echo "e2e: $1: $(grep -m1 '^Startup finished' "$out" || echo 'systemd-analyze: no answer')$([ "$1" = flamingo ] && \
        echo "; flamingo's step $(sed -n 's/^  "duration_ms": \([0-9.]*\),$/\1/p' "$out" | head -n1) ms")" >&2
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

initramfs flamingo "$work/initrd-flamingo.img"
image flamingo
if [ $compare = no ]; then
    boot flamingo 1
    echo "e2e: flamingo's image: first ssh login $(cat "$work/login-flamingo-1") ms after qemu started"
    exit 0
fi
initramfs plain "$work/initrd-cloud-init.img"
image cloud-init
for n in $(seq "$boots"); do boot flamingo "$n"; boot cloud-init "$n"; done
f=$(cat "$work"/login-flamingo-* | median) c=$(cat "$work"/login-cloud-init-* | median)
echo "e2e: first ssh login after qemu starts, median of $boots boots each:"
echo "  flamingo:   $f ms ($(cat "$work"/login-flamingo-* | tr '\n' ' '))"
echo "  cloud-init: $c ms ($(cat "$work"/login-cloud-init-* | tr '\n' ' '))"
echo "  ratio cloud-init/flamingo: $(python3 -c "print(f'{$c / $f:.2f}')")"
