#!/usr/bin/env bash
# The initramfs' DHCP client and its routes, for real, in two private network namespaces joined by
# veth pairs (nothing leaves this machine): a "cloud" namespace with a DHCP server
# (Tests/metadata/fake_dhcp.py) and the fake EC2 service at 169.254.169.254, reachable only
# through the router the lease names; the "instance" namespace runs `flamingo run --initrd`.
# Checked: the lease's address and routes while the service is read (a router on the subnet; a
# GCE-like /32 lease with option 121), everything taken away afterwards, rd.neednet=1 keeping it,
# no DHCP server (bounded, said), SIGTERM while waiting for a lease (the NICs reset), and a DHCP
# server behind a second NIC only (never asked: the primary NIC alone asks).
. "$(dirname "$0")/../device/lib.sh"

command -v ip > /dev/null || fail "iproute2's ip is needed"
command -v python3 > /dev/null || fail "python3 is needed"
INSTANCE=flamingo-instance-$$ CLOUD=flamingo-cloud-$$
# Every process in a namespace (ip netns exec may fork: $! is not the server's pid).
kill_in() {  # NAMESPACE [COMMAND-LINE PATTERN]
    local pid
    for pid in $(ip netns pids "$1" 2> /dev/null); do
        [ -z "${2:-}" ] || grep -qa "$2" "/proc/$pid/cmdline" 2> /dev/null || continue
        kill "$pid" 2> /dev/null || true
    done
}
teardown() {
    kill_in "$INSTANCE"; kill_in "$CLOUD"
    sleep 0.2
    ip netns del "$INSTANCE" 2> /dev/null || true
    ip netns del "$CLOUD" 2> /dev/null || true
    cleanup
}
trap teardown EXIT
in_instance() { ip netns exec "$INSTANCE" "$@"; }
in_cloud() { ip netns exec "$CLOUD" "$@"; }

ip netns add "$INSTANCE" || fail "cannot create network namespaces here"
ip netns add "$CLOUD"
ip link add veth-i0 netns "$INSTANCE" type veth peer name veth-c0 netns "$CLOUD" || fail "no veth pairs here"
in_cloud ip link set lo up
in_cloud ip link set veth-c0 up
in_cloud ip addr add 10.99.0.1/24 dev veth-c0
# The metadata service is not on the instance's subnet: only the router the lease names leads to it.
in_cloud ip addr add 169.254.169.254/32 dev veth-c0
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINetnsDhcpKey dhcp@netns"
MAC=$(in_instance cat /sys/class/net/veth-i0/address)
in_cloud python3 "$ROOT/Tests/metadata/fake_cloud.py" --cloud ec2 --address 169.254.169.254 --port 80 --key "$KEY" \
    --hostname netns-vm.ec2.internal --mac "$MAC" --log "$WORK/requests.log" > /dev/null 2>&1 &

mkdir -p "$WORK/dmi"
printf 'Amazon EC2\n' > "$WORK/dmi/sys_vendor"
printf 'ec2a1b2c-0000-1111-2222-333344445555\n' | tee "$WORK/dmi/product_serial" > "$WORK/dmi/product_uuid"
: > "$WORK/cmdline"

start_dhcp() {
    stop_dhcp
    in_cloud python3 "$ROOT/Tests/metadata/fake_dhcp.py" --interface veth-c0 --server 10.99.0.1 "$@" > /dev/null 2>&1 &
    sleep 0.3
}
dhcp_running() {
    local pid
    for pid in $(ip netns pids "$CLOUD" 2> /dev/null); do
        grep -qa fake_dhcp.py "/proc/$pid/cmdline" 2> /dev/null && return 0
    done
    return 1
}
# Stopped means gone: a server still answering would hand out the previous case's lease.
stop_dhcp() {
    local tries=0
    kill_in "$CLOUD" fake_dhcp.py
    while dhcp_running; do
        tries=$((tries + 1)); [ $tries -le 50 ] || fail "the fake DHCP server did not stop"
        sleep 0.1
    done
}

# run_instance [ENV…]: flamingo's initramfs step in the instance namespace, in the background.
run_instance() {
    rm -rf "$WORK/sysroot"; make_sysroot "$WORK/sysroot"
    printf 'ID=debian\n' > "$WORK/sysroot/etc/os-release"
    env "$@" ip netns exec "$INSTANCE" "$FLAMINGO" run --initrd --sysroot "$WORK/sysroot" --dmi "$WORK/dmi" \
        --kernel-cmdline "$WORK/cmdline" --label no-drive-here > "$WORK/run.log" 2>&1 &
    RUN_PID=$!
}

# The lease is in place once flamingo says so; it then pauses 1.5 s (FLAMINGO_TEST_PAUSE) for the
# test to look. A fixed sleep raced a slow start of the DHCP server.
wait_connected() {
    local tries=0
    until grep -q "connect: veth-i0: " "$WORK/run.log" 2> /dev/null; do
        tries=$((tries + 1)); [ $tries -le 100 ] || fail "no lease within 10 s: $(cat "$WORK/run.log")"
        kill -0 "$RUN_PID" 2> /dev/null || fail "flamingo ended before its lease: $(cat "$WORK/run.log")"
        sleep 0.1
    done
    sleep 0.2
}

# assert_clean WHAT: the instance namespace as flamingo found it: no address, no route, links down.
assert_clean() {
    [ -z "$(in_instance ip -4 -o addr show dev veth-i0)" ] || fail "$1: an address was left: $(in_instance ip -4 -o addr show)"
    [ -z "$(in_instance ip -4 route show)" ] || fail "$1: routes were left: $(in_instance ip -4 route show)"
    in_instance ip -o link show veth-i0 | grep -q "state DOWN\|<BROADCAST,MULTICAST>" || fail "$1: the link was left up: $(in_instance ip -o link show veth-i0)"
}

# --- a /24 lease with a router; the service reached through it ---
start_dhcp --address 10.99.0.50 --mask 255.255.255.0 --router 10.99.0.1
run_instance FLAMINGO_TEST_PAUSE=after-connect:1500
wait_connected
during=$(in_instance ip -4 route show)
address=$(in_instance ip -4 -o addr show dev veth-i0)
wait "$RUN_PID" || fail "router lease: exit $?: $(cat "$WORK/run.log")"
echo "$address" | grep -q "inet 10.99.0.50/24" || fail "router lease: the address was not set: $address"
echo "$during" | grep -q "^default via 10.99.0.1 dev veth-i0" || fail "router lease: no default route via the router: $during"
assert_eq "$(cat "$WORK/sysroot/etc/hostname")" netns-vm "router lease: /etc/hostname"
grep -qF "$KEY" "$WORK/sysroot/home/debian/.ssh/authorized_keys" || fail "router lease: the key"
grep -q "connect: veth-i0: 10.99.0.50/24 via 10.99.0.1 in [0-9]* ms" "$WORK/run.log" || fail "router lease: not said: $(cat "$WORK/run.log")"
assert_clean "router lease"
pass "a /24 lease with a router: address and default route set ($(echo "$during" | head -n1)), the service read through it, all taken away after"

# --- GCE-like: a /32 lease, option 121 (the router on the link, then the default route through it) ---
start_dhcp --address 10.99.0.60 --mask 255.255.255.255 --classless 0.0.0.0/0=10.99.0.1 --classless 10.99.0.1/32=0.0.0.0
run_instance FLAMINGO_TEST_PAUSE=after-connect:1500
wait_connected
during=$(in_instance ip -4 route show)
wait "$RUN_PID" || fail "/32 lease: exit $?: $(cat "$WORK/run.log")"
echo "$during" | grep -q "^10.99.0.1 dev veth-i0" || fail "/32 lease: the router is not on the link: $during"
echo "$during" | grep -q "^default via 10.99.0.1 dev veth-i0" || fail "/32 lease: no default route: $during"
assert_eq "$(cat "$WORK/sysroot/etc/hostname")" netns-vm "/32 lease: /etc/hostname"
assert_clean "/32 lease"
pass "a /32 lease with option 121 listing the default route first: the router put on the link first, the service read, all taken away"

# --- rd.neednet=1: kept for the booted system ---
start_dhcp --address 10.99.0.70 --mask 255.255.255.0 --router 10.99.0.1
printf 'rd.neednet=1\n' > "$WORK/cmdline"
run_instance
wait "$RUN_PID" || fail "rd.neednet: exit $?"
# Read whole before grep: `ip` flushes each line, so `ip … | grep -q` under pipefail can fail on
# SIGPIPE when grep stops at the first line and ip still writes the next.
kept_address=$(in_instance ip -4 -o addr show dev veth-i0) kept_routes=$(in_instance ip -4 route show)
echo "$kept_address" | grep -q "inet 10.99.0.70/24" || fail "rd.neednet=1: the address was not kept: $kept_address $(cat "$WORK/run.log")"
echo "$kept_routes" | grep -q "^default via 10.99.0.1" || fail "rd.neednet=1: the default route was not kept: $kept_routes $(cat "$WORK/run.log")"
in_instance ip addr flush dev veth-i0; in_instance ip link set veth-i0 down
: > "$WORK/cmdline"
pass "rd.neednet=1: the address and the default route kept for the booted system"

# --- no DHCP server: bounded, said, nothing written, the NIC reset ---
stop_dhcp
start=$(date +%s%N)
run_instance
wait "$RUN_PID" || fail "no DHCP server: exit $? (the boot must go on)"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q "connect: error: veth-i0: no DHCP answer on the primary NIC before the deadline$" "$WORK/run.log" || fail "no DHCP server: not said: $(cat "$WORK/run.log")"
[ "$ms" -le 12000 ] || fail "no DHCP server: took ${ms} ms"
[ ! -e "$WORK/sysroot/var/lib/flamingo" ] || fail "no DHCP server: the sysroot was written"
assert_clean "no DHCP server"
pass "no DHCP server: 'no DHCP answer on the primary NIC before the deadline' after ${ms} ms, nothing written, the NIC reset"

# --- SIGTERM while waiting for a lease: the NIC it raised is reset by the signal handler ---
run_instance
sleep 1.5
in_instance ip -o link show veth-i0 | grep -q "UP" || fail "SIGTERM: the NIC was not up while waiting"
kill -TERM "$RUN_PID"
wait "$RUN_PID"; rc=$?
[ $rc = 0 ] || fail "SIGTERM in the initramfs step: exit $rc (the boot must go on)"
assert_clean "SIGTERM"
pass "SIGTERM while waiting for a lease: exit 0, the NIC set down again by the handler"

# --- two NICs, a DHCP server only behind the second: the primary (veth-i0, first by name) alone
# asks; the second is never raised, so its server can never hand out the service's route ---
ip link add veth-i1 netns "$INSTANCE" type veth peer name veth-c1 netns "$CLOUD" || fail "no second veth pair"
in_cloud ip link set veth-c1 up
in_cloud ip addr add 10.98.0.1/24 dev veth-c1
stop_dhcp
in_cloud python3 "$ROOT/Tests/metadata/fake_dhcp.py" --interface veth-c1 --server 10.98.0.1 \
    --address 10.98.0.50 --mask 255.255.255.0 --router 10.98.0.1 > /dev/null 2>&1 &
sleep 0.3
run_instance
second_raised=no
while kill -0 "$RUN_PID" 2> /dev/null; do
    in_instance ip -o link show veth-i1 | grep -q "[<,]UP[,>]" && second_raised=yes
    sleep 0.5
done
wait "$RUN_PID" || fail "second NIC: exit $? (the boot must go on)"
grep -q "connect: error: veth-i0: no DHCP answer on the primary NIC before the deadline (the other NIC is not asked)$" "$WORK/run.log" \
    || fail "second NIC: not said, or another NIC's lease was taken: $(cat "$WORK/run.log")"
[ $second_raised = no ] || fail "second NIC: veth-i1 was raised"
[ -z "$(in_instance ip -4 -o addr show)" ] || fail "second NIC: an address was taken: $(in_instance ip -4 -o addr show)"
[ ! -e "$WORK/sysroot/var/lib/flamingo" ] || fail "second NIC: the sysroot was written"
assert_clean "second NIC"
pass "two NICs, a DHCP server only behind the second: only the primary asked, the second never raised, nothing written"
