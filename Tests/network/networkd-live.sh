#!/usr/bin/env bash
# systemd-networkd itself applies flamingo's networkd files: for every input of the corpus and
# the shared network_data.json documents, a private network and mount namespace gets a veth per
# NIC with the corpus MACs, the rendered files as /etc/systemd/network, and a real
# systemd-networkd (udev absent: /sys read-only, as in a container). Then the links, addresses,
# routes, DHCP clients and router solicitation must be what the files mean (live_check.py), and
# networkd must not have complained about a line. Bonds and VLANs are created only when this
# kernel can (this machine's kernel has no bonding or 8021q: their .netdev is checked as loaded).
# Also: udev's own net_setup_link picks flamingo's .link file for a v2 set-name.
. "$(dirname "$0")/../device/lib.sh"

networkd=/lib/systemd/systemd-networkd
[ -x "$networkd" ] || fail "no systemd-networkd"
here=$(cd "$(dirname "$0")" && pwd)
shared=$ROOT/../shared/data/network-data-json
cp "$here/corpus/macs.txt" "$WORK/macs.txt"  # the corpus's NICs and the shared documents'
flamingo_macs=()
while read -r name mac; do flamingo_macs+=(--mac "$name=$mac"); done < "$WORK/macs.txt"
kinds=bridge
for kind in bond vlan; do
    if unshare -n sh -c "ip link add probe0 type veth peer name probe1 && ip link add $( [ $kind = vlan ] && echo 'link probe0 name probe0.5 type vlan id 5' || echo 'probe2 type bond')" 2>/dev/null; then
        kinds="$kinds $kind"
    fi
done

# in_namespace ROOT STATE: runs networkd on ROOT's files in fresh namespaces and checks what it
# did (live_check.py) every 0.3 s until the check passes or 8 s have gone by (addresses come
# within a second; router solicitation waits for the link-local address's duplicate detection).
in_namespace() {
    KERNEL_KINDS=$kinds unshare -m -n bash -euo pipefail -c '
        root=$1 state=$2 macs=$3 networkd=$4 check=$5
        mount -t tmpfs tmpfs /run
        mkdir -p /run/systemd/netif && chown systemd-network:systemd-network /run/systemd/netif
        mount -t sysfs -o ro sysfs /sys         # read-only /sys: networkd expects no udev
        mkdir -p "$root/etc/systemd/network"
        mount --bind "$root/etc/systemd/network" /etc/systemd/network
        ip link set lo up
        n=0
        while read -r name mac; do
            ip link add "$name" type veth peer name "peer$n"
            ip link set "$name" address "$mac"
            ip link set "peer$n" up
            n=$((n + 1))
        done < "$macs"
        SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_TARGET=console "$networkd" > "$state/networkd.log" 2>&1 &
        pid=$!
        trap "kill $pid 2>/dev/null || true" EXIT
        for attempt in $(seq 1 27); do
            sleep 0.3
            ip -j -d link show > "$state/links.json"
            ip -j addr show > "$state/addresses.json"
            ip -j -4 route show table all > "$state/routes4.json"
            ip -j -6 route show table all > "$state/routes6.json"
            ip -j -4 rule show > "$state/rules4.json"
            ip -j -6 rule show > "$state/rules6.json"
            python3 "$check" "$root" "$state" > "$state/problems" 2>&1 && { touch "$state/passed"; break; }
        done
        if [ -e /etc/systemd/network/10-flamingo-wan0.link ]; then
            udevadm test-builtin net_setup_link /sys/class/net/eth1 > "$state/link.txt" 2>&1 || true
        fi
    ' in_namespace "$1" "$2" "$WORK/macs.txt" "$networkd" "$here/live_check.py"
}

inputs=("$here"/corpus/*.json "$here"/corpus/*.yaml)
[ -d "$shared" ] && inputs+=("$shared"/*.json)
count=0 failed=0
for input in "${inputs[@]}"; do
    name=$(basename "$input") out=$WORK/$(basename "$input")
    mkdir -p "$out/state"
    "$FLAMINGO" render-network --input "$input" --renderer networkd --out "$out/root" "${flamingo_macs[@]}" 2> "$out/render.log" \
        || fail "render-network $name: $(cat "$out/render.log")"
    in_namespace "$out/root" "$out/state"
    if [ ! -e "$out/state/passed" ]; then
        echo "  $name:"; sed 's/^/    /' "$out/state/problems"
        failed=$((failed + 1))
    fi
    count=$((count + 1))
done
[ "$failed" -eq 0 ] || fail "$failed of $count inputs: systemd-networkd did not do what flamingo's files say"
link=$WORK/28-set-name.v2.yaml/state/link.txt
grep -q "ID_NET_LINK_FILE=/etc/systemd/network/10-flamingo-wan0.link" "$link" || fail "net_setup_link did not pick the .link file: $(cat "$link")"
grep -q "ID_NET_NAME=wan0" "$link" || fail "net_setup_link did not name the NIC wan0: $(cat "$link")"
pass "$count inputs applied by systemd-networkd in a namespace (kernel kinds: $kinds); set-name → .link chosen by udev's net_setup_link"
