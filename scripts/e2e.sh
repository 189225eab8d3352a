#!/usr/bin/env bash
# The product test: a real Debian 12 (debootstrap minbase: systemd, openssh-server, sudo,
# systemd-networkd) with flamingo installed as a packager would and its dracut initramfs, booted
# under qemu (TCG) with a ConfigDrive: a user with an SSH key and sudo, a host name, a static
# address from network_data.json, a runcmd marker. Booted as real cloud images boot: `ro` on the
# kernel command line and the root in /etc/fstab. From the host, ssh is polled until it answers
# (bounded); then, over ssh: id, hostname, the address, sudo -n, the marker, flamingo's record,
# `flamingo status`, flamingo's lines in the journal, and `/` mounted read-write as fstab says.
# Prints the time from qemu start to the first ssh login.
#
#   scripts/e2e.sh             one boot of flamingo's image (what scripts/test.sh runs)
#   scripts/e2e.sh --compare   E2E_BOOTS (3) boots each of three images of the same root, booted
#                              the same way: flamingo's; Debian's cloud-init (an initramfs without
#                              flamingo); and the no-agent floor (the root configured beforehand on
#                              the host by `flamingo run --sysroot … --seed …`, host keys baked in,
#                              an initramfs without flamingo). Medians and ratios of the time to
#                              the first login (sshd's banner polled every 0.2 s), the same from
#                              the guest's own clock (when the initramfs, the root's systemd and
#                              ssh.service started), and one boot's `systemd-analyze
#                              critical-chain` of ssh.service and of the hand-off unit per image.
#                              E2E_KEEP=1 keeps the consoles, images and logs.
#   scripts/e2e.sh --cloud [--compare]
#                              the same on an EC2-like machine with no drive: DMI says EC2
#                              (-smbios), qemu's DHCP hands out 169.254.0.15/16, and a fake IMDSv2
#                              (Tests/metadata/fake_cloud.py on the host's loopback) answers at
#                              169.254.169.254 with the same user-data; the address comes from DHCP
#                              (the metadata's network description). Compared against Debian's
#                              cloud-init with its Ec2 datasource on the same DMI and service; the
#                              floor is configured on the host from the same service.
#   scripts/e2e.sh --ignition  the same outcome (user, key, sudo, host name, static address, a
#                              marker unit) asked as an Ignition config through qemu's fw_cfg
#                              (opt/com.coreos/config, no drive), booted once with flamingo's
#                              initramfs and once with Debian's Ignition 2.14 in the initramfs
#                              (its dracut module; ignition.firstboot ignition.platform.id=qemu):
#                              both checked over ssh, the first logins and the initramfs sizes
#                              side by side (E2E_BOOTS boots each with --compare).
#
# The root tree is built once and cached in $FLAMINGO_CACHE/e2e (git-ignored).
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
[ "$(id -u)" = 0 ] || die "the e2e test needs root"

ensure_packages debootstrap linux-image-amd64 dracut qemu-system-x86 dosfstools mtools openssh-client e2fsprogs python3 make
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2 || die "static build failed"

compare=no cloud=no ignition=no
for argument in "$@"; do
    case $argument in
    --compare) compare=yes ;;
    --cloud) cloud=yes ;;
    --ignition) ignition=yes ;;
    *) die "unknown argument $argument (--compare, --cloud, --ignition)" ;;
    esac
done
[ $cloud = yes ] && [ $ignition = yes ] && die "--cloud and --ignition are separate variants"
# Debian's Ignition: its dracut module (and url-lib/network, which it depends on, from dracut-network).
[ $ignition = yes ] && ensure_packages ignition dracut-network curl
marker_text="runcmd ran"
[ $ignition = yes ] && marker_text="marker unit ran"
boots=${E2E_BOOTS:-3}
cache=$FLAMINGO_CACHE/e2e
kver=$(ls /lib/modules | grep -E 'amd64$' | sort -V | tail -n1)
work=$(mktemp -d /tmp/flamingo-e2e.XXXXXX)
qemu_pid= cloud_pid=
cleanup() {
    [ -n "$qemu_pid" ] && kill "$qemu_pid" 2> /dev/null
    [ -n "$cloud_pid" ] && kill "$cloud_pid" 2> /dev/null
    for mnt in "$work"/tree-*/proc "$work"/tree-*/dev; do mountpoint -q "$mnt" 2> /dev/null && umount -l "$mnt"; done
    # E2E_KEEP=1 keeps the images, consoles and logs for a closer look.
    if [ -n "${E2E_KEEP:-}" ]; then echo "e2e: kept $work" >&2; rm -rf "$work"/tree-* "$work"/boot-*.img; else rm -rf "$work"; fi
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
# The Ignition variant: the same outcome as an Ignition config (Ignition has no sudo rules or
# host name of its own: they are files; the address is a networkd file; runcmd is a unit).
if [ $ignition = yes ]; then
    python3 - "$work/key.pub" "$work/config.ign" <<'PY'
import json, sys, urllib.parse
key = open(sys.argv[1]).read().strip()
def data(text): return "data:," + urllib.parse.quote(text, safe="")
network = "[Match]\nMACAddress=52:54:00:12:34:56\n\n[Network]\nAddress=10.0.2.77/24\nGateway=10.0.2.2\nDNS=10.0.2.3\n"
marker = ("[Unit]\nDescription=e2e marker\nAfter=network-online.target\nWants=network-online.target\n\n"
          "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'echo \"marker unit ran\" > /var/tmp/e2e-marker'\n\n"
          "[Install]\nWantedBy=multi-user.target\n")
config = {
    "ignition": {"version": "3.3.0"},
    "passwd": {"users": [{"name": "e2e", "shell": "/bin/bash", "sshAuthorizedKeys": [key]}]},
    "storage": {"files": [
        {"path": "/etc/hostname", "overwrite": True, "contents": {"source": data("e2e-vm\n")}, "mode": 0o644},
        {"path": "/etc/sudoers.d/e2e", "contents": {"source": data("e2e ALL=(ALL) NOPASSWD:ALL\n")}, "mode": 0o440},
        {"path": "/etc/systemd/network/10-e2e.network", "contents": {"source": data(network)}, "mode": 0o644}]},
    "systemd": {"units": [{"name": "e2e-marker.service", "enabled": True, "contents": marker}]},
}
json.dump(config, open(sys.argv[2], "w"), indent=2)
PY
    "$FLAMINGO_ROOT/dist/flamingo" validate "$work/config.ign" > "$work/validate.out" 2>&1 || die "the Ignition config: $(cat "$work/validate.out")"
    ignition-validate "$work/config.ign" > "$work/ignition-validate.out" 2>&1 || die "ignition-validate: $(cat "$work/ignition-validate.out")"
fi
# The cloud variant: the same user-data from a fake IMDSv2, the machine's address from DHCP.
guest_address=10.0.2.77/24
if [ $cloud = yes ]; then
    cloud_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    python3 "$FLAMINGO_ROOT/Tests/metadata/fake_cloud.py" --cloud ec2 --port "$cloud_port" --log "$work/imds-requests.log" \
        --hostname e2e-vm.eu-west-1.compute.internal --instance-id i-0e2ecloud --key "$(cat "$work/key.pub")" \
        --user-data "$work/drive/openstack/latest/user_data" --mac 52:54:00:12:34:56 > "$work/imds.log" 2>&1 &
    cloud_pid=$!
    guest_address=169.254.0.15/16
fi
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
    [ "$1" = ignition ] && modules="$modules ignition"
    # The root has no /lib/modules: what the booted system needs is loaded here (cloud-init
    # mounts the config drive itself, so vfat and its code pages too).
    dracutbasedir=$dracut_tree dracut -q --force --no-hostonly --conf /dev/null --confdir "$work/confdir" --no-early-microcode \
        -m "$modules" --drivers "virtio_blk virtio_pci virtio_net ext4 qemu_fw_cfg" \
        --force-drivers "vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859-1 iso9660" --kver "$kver" "$2" 2> "$2.log" \
        || die "dracut failed: $(cat "$2.log")"
}

# image KIND: the root tree with flamingo installed (make install), with Debian's cloud-init, or
# (floor) configured on the host by flamingo from the same drive, with no agent left in it.
image() {
    local tree=$work/tree-$1
    cp -a "$cache/rootfs" "$tree"
    rm -f "$tree/.complete"
    # The root in fstab, as every cloud image has it (the boot says `ro`; systemd-remount-fs
    # makes it read-write from this line).
    printf 'LABEL=e2eroot / ext4 defaults,errors=remount-ro 0 1\n' > "$tree/etc/fstab"
    # The Ignition variant's images are first-boot images, as Ignition expects them (and as
    # cloud images ship): machine-id "uninitialized", so systemd applies the presets Ignition writes.
    [ $ignition = yes ] && printf 'uninitialized\n' > "$tree/etc/machine-id"
    case $1 in
    flamingo)
        make -s -C "$FLAMINGO_ROOT" install DESTDIR="$tree" BINARY="$FLAMINGO_ROOT/dist/flamingo" > /dev/null || die "make install failed"
        ;;
    cloud-init)
        mount -t proc proc "$tree/proc"; mount --bind /dev "$tree/dev"
        cp /etc/resolv.conf "$tree/etc/resolv.conf"
        DEBIAN_FRONTEND=noninteractive chroot "$tree" sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends cloud-init' \
            > "$work/cloud-init-install.log" 2>&1 || die "installing cloud-init: $(tail -n 5 "$work/cloud-init-install.log")"
        chroot "$tree" apt-get clean
        umount "$tree/dev" "$tree/proc"
        # Only the ConfigDrive, as on an OpenStack cloud; only Ec2 on the EC2-like machine.
        if [ $cloud = yes ]; then
            printf 'datasource_list: [ Ec2, None ]\n' > "$tree/etc/cloud/cloud.cfg.d/90-e2e.cfg"
        else
            printf 'datasource_list: [ ConfigDrive, None ]\n' > "$tree/etc/cloud/cloud.cfg.d/90-e2e.cfg"
        fi
        ;;
    ignition)
        # The root as it is, Ignition's initramfs configures it — but Debian's Ignition 2.14
        # relabels what it writes whatever SELinux says, and fails without a policy: one whose
        # only rule leaves labels alone (the side-by-side test does the same).
        mkdir -p "$tree/etc/selinux/targeted/contexts/files"
        printf 'SELINUX=disabled\nSELINUXTYPE=targeted\n' > "$tree/etc/selinux/config"
        printf '/.*\t<<none>>\n' > "$tree/etc/selinux/targeted/contexts/files/file_contexts"
        # Ignition writes ssh keys to ~/.ssh/authorized_keys.d/ignition: an image carrying it has
        # sshd read that (Fedora CoreOS: ssh-key-dir); flamingo writes authorized_keys.
        printf 'AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys.d/ignition\n' > "$tree/etc/ssh/sshd_config.d/40-ignition.conf"
        ;;
    floor)
        if [ $cloud = yes ]; then
            "$FLAMINGO_ROOT/dist/flamingo" run --sysroot "$tree" --datasource Ec2 --metadata-url "http://127.0.0.1:$cloud_port/" \
                --mac eth0=52:54:00:12:34:56 2> "$work/floor-run.log" || die "configuring the floor image: $(tail -n 5 "$work/floor-run.log")"
        else
            "$FLAMINGO_ROOT/dist/flamingo" run --sysroot "$tree" --seed "$work/drive" --mac eth0=52:54:00:12:34:56 \
                2> "$work/floor-run.log" || die "configuring the floor image: $(tail -n 5 "$work/floor-run.log")"
        fi
        # The host keys an image without any agent would have baked in — and so none of
        # flamingo's keygen units (they would find the keys and exit, but sit on the chain).
        ssh-keygen -A -f "$tree" > /dev/null
        rm -f "$tree"/etc/systemd/system/flamingo-sshd-keygen*.service "$tree"/etc/systemd/system/*.wants/flamingo-sshd-keygen*.service
        ;;
    esac
    truncate -s 1536M "$work/root-$1.img"
    mkfs.ext4 -q -F -L e2eroot -d "$tree" "$work/root-$1.img"
    rm -rf "$tree"
}

ssh_to() {
    timeout "${SSH_TIMEOUT:-15}" ssh -i "$work/key" -p "$1" -o ConnectTimeout=3 -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR e2e@127.0.0.1 "${@:2}"
}

# banner PORT: sshd behind qemu's forwarded port has sent its greeting.
banner() {
    timeout 1 bash -c 'exec 3<> "/dev/tcp/127.0.0.1/$1" && head -c 4 <&3' _ "$1" 2> /dev/null | grep -q '^SSH-'
}

# boot KIND NUMBER: boots a fresh copy of the image; prints the seconds to the first ssh login.
boot() {
    local kind=$1 port=$((2222 + $2)) disk=$work/boot-$1-$2.img start now machine
    cp --sparse=always "$work/root-$kind.img" "$disk"
    if [ $cloud = yes ]; then
        # No drive: an EC2-like machine (its DMI) and its metadata service at 169.254.169.254.
        machine=(-smbios "type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8"
                 -netdev "user,id=n0,restrict=on,net=169.254.0.0/16,host=169.254.0.2,dhcpstart=169.254.0.15,hostfwd=tcp:127.0.0.1:$port-169.254.0.15:22,guestfwd=tcp:169.254.169.254:80-cmd:python3 $FLAMINGO_ROOT/Tests/metadata/relay.py $cloud_port")
    elif [ $ignition = yes ]; then
        # No drive: the config in qemu's fw_cfg, where Fedora CoreOS takes it from.
        machine=(-fw_cfg "name=opt/com.coreos/config,file=$work/config.ign"
                 -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-10.0.2.77:22")
    else
        machine=(-drive "file=$work/config2.img,if=virtio,format=raw,readonly=on"
                 -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$port-10.0.2.77:22")
    fi
    local extra=""
    [ "$kind" = ignition ] && extra="ignition.firstboot ignition.platform.id=qemu"
    start=$(date +%s%N)
    qemu-system-x86_64 -accel tcg -m 1024 -smp 2 -display none -monitor none -no-reboot -serial "file:$work/console-$kind-$2.log" \
        -kernel "/boot/vmlinuz-$kver" -initrd "$work/initrd-$kind.img" \
        -append "root=LABEL=e2eroot ro console=ttyS0 panic=-1 rd.shell=0 rd.emergency=poweroff $extra" \
        -drive "file=$disk,if=virtio,format=raw" "${machine[@]}" \
        -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 -global isa-fdc.fdtypeA=none < /dev/null &
    qemu_pid=$!
    # sshd's banner is polled every 0.2 s (a try waits at most 1 s, while the guest has no address
    # yet), then the login is made: timed to a fraction of a second, not to ssh's own timeouts.
    while ! { banner "$port" && ssh_to "$port" true 2> /dev/null; }; do
        now=$(date +%s%N)
        if [ $(( (now - start) / 1000000000 )) -ge 300 ] || ! kill -0 "$qemu_pid" 2> /dev/null; then
            tail -n 30 "$work/console-$kind-$2.log" >&2
            die "$kind: no ssh login within 300 s"
        fi
        sleep 0.2
    done
    now=$(date +%s%N)
    echo "$(( (now - start) / 1000000 ))" > "$work/login-$kind-$2"
    if [ "$kind" = flamingo ] || [ "$2" = 1 ] || [ $ignition = yes ]; then check "$kind" "$port"; fi
    # The guest's own clock (monotonic, from the kernel's start): when the initramfs began, when
    # the root's systemd began, when ssh.service was up. No host noise (qemu, firmware, polling).
    if [ $compare = yes ]; then
        ssh_to "$port" 'systemctl show -p InitRDTimestampMonotonic -p UserspaceTimestampMonotonic; systemctl show -p ActiveEnterTimestampMonotonic ssh.service' \
            | awk -F= '{v[$1]=$2/1e6} END {printf "%.2f %.2f %.2f\n", v["InitRDTimestampMonotonic"], v["UserspaceTimestampMonotonic"], v["ActiveEnterTimestampMonotonic"]}' \
            > "$work/guest-$kind-$2"
    fi
    if [ "$2" = 1 ] && [ $compare = yes ]; then
        SSH_TIMEOUT=60 ssh_to "$port" 'for i in $(seq 30); do systemd-analyze > /dev/null 2>&1 && break; sleep 1; done
            systemd-analyze critical-chain --no-pager ssh.service
            if systemctl cat flamingo-handoff.service > /dev/null 2>&1; then
                for i in $(seq 60); do systemctl is-active -q flamingo-handoff.service && break; sleep 1; done
                echo "(the hand-off unit, runcmd)"; systemd-analyze critical-chain --no-pager flamingo-handoff.service
            fi' > "$work/chain-$kind.txt" 2>&1 || true
    fi
    ssh_to "$port" sudo systemctl poweroff > /dev/null 2>&1 || true
    for _ in $(seq 60); do kill -0 "$qemu_pid" 2> /dev/null || break; sleep 1; done
    kill "$qemu_pid" 2> /dev/null; wait "$qemu_pid" 2> /dev/null; qemu_pid=
    rm -f "$disk"
}

# check KIND PORT: what the user asked for, over ssh.
check() {
    local out=$work/check-$1.txt
    # The host key sshd showed at the first login (before any other key could be made).
    ssh-keyscan -T 10 -p "$2" -t ed25519 127.0.0.1 2> /dev/null | awk '{print $3}' > "$work/seen-$1"
    # The runcmd runs once the network is online, a little after sshd: wait for it (bounded).
    SSH_TIMEOUT=120 ssh_to "$2" 'id; hostname; ip -4 -o addr show; sudo -n true && echo sudo-ok
                 for i in $(seq 60); do [ -e /var/tmp/e2e-marker ] && break; sleep 1; done; cat /var/tmp/e2e-marker
                 if [ -e /etc/systemd/system/e2e-marker.service ]; then echo "marker-unit $(systemctl is-enabled e2e-marker.service 2>&1) $(systemctl is-active e2e-marker.service 2>&1)"; fi
                 if [ -e /etc/systemd/system-preset/20-ignition.preset ]; then echo "ignition-presets: $(tr "\n" ";" < /etc/systemd/system-preset/20-ignition.preset)"; sudo journalctl -b --no-pager 2>/dev/null | grep -i -m3 -E "preset|first boot"; fi
                 cat /var/lib/flamingo/result.json 2>/dev/null || true
                 echo "root-options $(findmnt -n -o OPTIONS /)"; echo "remount-fs $(systemctl is-active systemd-remount-fs)"
                 if command -v flamingo > /dev/null; then flamingo status; echo "status-rc $?"; sudo journalctl -b -t flamingo --no-pager | grep -E "flamingo: (run|restore): "; fi
                 for i in $(seq 30); do systemd-analyze > /dev/null 2>&1 && break; sleep 1; done; systemd-analyze 2>&1 | head -n 1
                 if [ -e /etc/systemd/system/flamingo-sshd-keygen-late.service ]; then
                     for i in $(seq 120); do systemctl is-active -q flamingo-sshd-keygen-late.service && break; sleep 1; done
                     echo "late-keygen $(systemctl is-active flamingo-sshd-keygen-late.service)"
                 fi
                 for t in rsa ecdsa ed25519; do echo "hostkey-$t $(cut -d " " -f 2 /etc/ssh/ssh_host_${t}_key.pub 2>/dev/null)"; done' > "$out" 2>&1
    grep -q 'uid=[0-9]*(e2e)' "$out" || die "$1: id: $(cat "$out")"
    grep -qx 'e2e-vm' "$out" || die "$1: hostname: $(cat "$out")"
    grep -q "inet $guest_address" "$out" || die "$1: not the address $guest_address: $(cat "$out")"
    grep -qx 'sudo-ok' "$out" || die "$1: sudo -n: $(cat "$out")"
    grep -qx "$marker_text" "$out" || die "$1: the marker ($marker_text): $(cat "$out")"
    # Booted `ro`, the root is read-write once systemd-remount-fs has applied fstab's line.
    grep -qx 'root-options rw,.*' "$out" || die "$1: / is not mounted as fstab says: $(grep root-options "$out")"
    grep -qx 'remount-fs active' "$out" || die "$1: systemd-remount-fs: $(grep remount-fs "$out")"
    if [ "$1" = flamingo ]; then
        grep -q '"outcome": "ok"' "$out" || die "flamingo: the result record: $(cat "$out")"
        if [ $cloud = yes ]; then
            grep -q '"datasource": "Ec2"' "$out" || die "flamingo: not read from the EC2 service: $(cat "$out")"
        fi
        if [ $ignition = yes ]; then
            grep -q '"datasource": "QemuFwCfg"' "$out" || die "flamingo: not read from fw_cfg: $(cat "$out")"
        fi
        grep -qx 'status-rc 0' "$out" || die "flamingo: flamingo status: $(cat "$out")"
        grep -q '^flamingo .* (initrd) at .*: ok in ' "$out" || die "flamingo: flamingo status does not say ok: $(cat "$out")"
        grep -q 'flamingo\[[0-9]*\]: flamingo: run: ok in' "$out" || die "flamingo: the journal has no line of flamingo's: $(cat "$out")"
        grep -q 'flamingo\[[0-9]*\]: flamingo: restore: .* undone' "$out" || die "flamingo: the journal shows no restored mount: $(cat "$out")"
        # sshd started with this instance's Ed25519 key (made before it), never the image's; the
        # slow types came after sshd, which then offers them too.
        local seen; seen=$(cat "$work/seen-$1")
        [ -n "$seen" ] && grep -qx "hostkey-ed25519 $seen" "$out" || die "flamingo: the host key at first login ($seen) is not the instance's: $(grep hostkey "$out")"
        if [ -e "$cache/rootfs/etc/ssh/ssh_host_ed25519_key.pub" ] && [ "$(cut -d " " -f 2 "$cache/rootfs/etc/ssh/ssh_host_ed25519_key.pub")" = "$seen" ]; then
            die "flamingo: sshd showed the image's baked host key"
        fi
        grep -qx 'late-keygen active' "$out" || die "flamingo: the late keygen unit: $(grep late-keygen "$out")"
        grep -qE '^hostkey-rsa [A-Za-z0-9+/=]{100,}$' "$out" && grep -qE '^hostkey-ecdsa [A-Za-z0-9+/=]{50,}$' "$out" || die "flamingo: host keys missing after the boot: $(grep hostkey "$out")"
        ssh-keyscan -T 10 -p "$2" -t rsa 127.0.0.1 2> /dev/null | grep -q "ssh-rsa $(sed -n 's/^hostkey-rsa //p' "$out")" \
            || die "flamingo: sshd does not offer the RSA key made after it started"
    fi
    echo "e2e: $1$([ $cloud = yes ] && echo " (EC2-like, IMDSv2)")$([ $ignition = yes ] && echo " (an Ignition config through fw_cfg)"): ssh as e2e, hostname e2e-vm, $guest_address, sudo -n, $marker_text, / rw from fstab after an ro boot$([ "$1" = flamingo ] && echo ", flamingo's record and status: ok, its lines in the journal, the instance's Ed25519 key at first login and RSA/ECDSA after")" >&2
    # Where the boot's time went (the guest's own view), and flamingo's step in it.
    echo "e2e: $1: $(grep -m1 '^Startup finished' "$out" || echo 'systemd-analyze: no answer')$([ "$1" = flamingo ] && \
        echo "; flamingo's step $(sed -n 's/^  "duration_ms": \([0-9.]*\),$/\1/p' "$out" | head -n1) ms")" >&2
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

initramfs flamingo "$work/initrd-flamingo.img"
image flamingo
if [ $ignition = yes ]; then
    # Side by side: flamingo's initramfs and Debian Ignition's, the same root, config and machine.
    initramfs plain "$work/initrd-plain.img"
    initramfs ignition "$work/initrd-ignition.img"
    image ignition
    for n in $(seq "$([ $compare = yes ] && echo "$boots" || echo 1)"); do boot flamingo "$n"; boot ignition "$n"; done
    f=$(cat "$work"/login-flamingo-* | median) i=$(cat "$work"/login-ignition-* | median)
    size() { stat -c %s "$1"; }
    echo "e2e: an Ignition config through fw_cfg, first ssh login after qemu starts (median of $(ls "$work"/login-flamingo-* | wc -l)):"
    echo "e2e:   flamingo: $f ms ($(cat "$work"/login-flamingo-* | tr '\n' ' ')); initramfs $(size "$work/initrd-flamingo.img") bytes"
    echo "e2e:   Ignition: $i ms ($(cat "$work"/login-ignition-* | tr '\n' ' ')); initramfs $(size "$work/initrd-ignition.img") bytes"
    echo "e2e:   the same initramfs without either: $(size "$work/initrd-plain.img") bytes; ratio Ignition/flamingo: $(python3 -c "print(f'{$i / $f:.2f}')")"
    [ "$f" -lt "$i" ] || echo "e2e: warning: flamingo's image was not the first to log in" >&2
    if [ $compare = yes ]; then
        echo "e2e: the guest's clock, seconds from the kernel's start (initramfs began, root's systemd began, ssh.service up), median:"
        for kind in flamingo ignition; do
            printf '  %-9s %s %s %s\n' "$kind:" "$(cut -d ' ' -f 1 "$work"/guest-$kind-* | median)" \
                "$(cut -d ' ' -f 2 "$work"/guest-$kind-* | median)" "$(cut -d ' ' -f 3 "$work"/guest-$kind-* | median)"
        done
        for kind in flamingo ignition; do
            echo "e2e: $kind: systemd-analyze critical-chain ssh.service (boot 1):"
            sed 's/^/    /' "$work/chain-$kind.txt"
        done
    fi
    exit 0
fi
if [ $compare = no ]; then
    boot flamingo 1
    echo "e2e: flamingo's image$([ $cloud = yes ] && echo " on an EC2-like machine"): first ssh login $(cat "$work/login-flamingo-1") ms after qemu started"
    exit 0
fi
initramfs plain "$work/initrd-cloud-init.img"
cp "$work/initrd-cloud-init.img" "$work/initrd-floor.img"
image cloud-init
image floor
for n in $(seq "$boots"); do boot flamingo "$n"; boot cloud-init "$n"; boot floor "$n"; done
f=$(cat "$work"/login-flamingo-* | median) c=$(cat "$work"/login-cloud-init-* | median) z=$(cat "$work"/login-floor-* | median)
echo "e2e: first ssh login after qemu starts, median of $boots boots each (all booted ro, root in fstab$([ $cloud = yes ] && echo "; EC2-like, IMDSv2, no drive")):"
echo "  floor (no agent): $z ms ($(cat "$work"/login-floor-* | tr '\n' ' '))"
echo "  flamingo:         $f ms ($(cat "$work"/login-flamingo-* | tr '\n' ' '))"
echo "  cloud-init:       $c ms ($(cat "$work"/login-cloud-init-* | tr '\n' ' '))"
echo "  ratio cloud-init/flamingo: $(python3 -c "print(f'{$c / $f:.2f}')"); flamingo - floor: $(( f - z )) ms; cloud-init - floor: $(( c - z )) ms"
echo "e2e: the guest's clock, seconds from the kernel's start, median of $boots boots (initramfs began, root's systemd began, ssh.service up):"
for kind in floor flamingo cloud-init; do
    printf '  %-17s %s %s %s\n' "$kind:" \
        "$(cut -d ' ' -f 1 "$work"/guest-$kind-* | median)" "$(cut -d ' ' -f 2 "$work"/guest-$kind-* | median)" "$(cut -d ' ' -f 3 "$work"/guest-$kind-* | median)"
done
z=$(cut -d ' ' -f 3 "$work"/guest-floor-* | median) f=$(cut -d ' ' -f 3 "$work"/guest-flamingo-* | median)
echo "  ssh.service up, flamingo - floor: $(python3 -c "print(f'{$f - $z:+.2f}')") s"
for kind in floor flamingo cloud-init; do
    echo "e2e: $kind: systemd-analyze critical-chain ssh.service (boot 1):"
    sed 's/^/    /' "$work/chain-$kind.txt"
done
