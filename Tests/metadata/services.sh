#!/usr/bin/env bash
# Every metadata service against its fake (Tests/metadata/fake_cloud.py on 127.0.0.1), through
# the real binary: what each cloud's answers become in a sysroot, and every failure bounded, said
# clearly, the sysroot untouched. The same services are read inside a booted initramfs by the
# qemu boot test (Tests/boot/cases/86-* to 94-*); here each runs in a second, with --metadata-url.
. "$(dirname "$0")/../device/lib.sh"

command -v python3 > /dev/null || fail "python3 is needed for the fake metadata services"
FAKE=$ROOT/Tests/metadata/fake_cloud.py
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMetadataServiceKey svc@test"
MAC=52:54:00:aa:bb:01
MAC2=52:54:00:aa:bb:02
SERVER_PID=
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2> /dev/null || true; wait "$SERVER_PID" 2> /dev/null || true; fi; SERVER_PID=; }
trap 'stop_server; cleanup' EXIT

# A free port on the loopback.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server CLOUD [FAKE OPTIONS…]: the fake on a fresh port ($PORT), its request log at $WORK/requests.log.
start_server() {
    stop_server
    PORT=$(free_port)
    : > "$WORK/requests.log"
    python3 "$FAKE" --cloud "$1" --port "$PORT" --log "$WORK/requests.log" --key "$KEY" --mac "$MAC" \
        --hostname "svc-$1.example.internal" --user-data "$WORK/user-data" "${@:2}" &
    SERVER_PID=$!
    for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)" 2> /dev/null && return 0; sleep 0.1; done
    fail "the fake $1 service did not start"
}

# A sysroot with NetworkManager (its network description is rendered as keyfiles) and ID=debian.
fresh_sysroot() {
    rm -rf "$WORK/sysroot"
    make_sysroot "$WORK/sysroot"
    mkdir -p "$WORK/sysroot/usr/sbin" "$WORK/sysroot/etc"
    printf '#!/bin/sh\n' > "$WORK/sysroot/usr/sbin/NetworkManager"; chmod 755 "$WORK/sysroot/usr/sbin/NetworkManager"
    printf 'ID=debian\nVERSION_ID="12"\n' > "$WORK/sysroot/etc/os-release"
    printf 'root:x:0:\n' > "$WORK/sysroot/etc/group"
}

# run_service NAME [PATH]: flamingo reads the fake as the cloud NAME; output in $WORK/run.log.
run_service() {
    "$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource "$1" --metadata-url "http://127.0.0.1:$PORT${2:-/}" \
        --mac "eth0=$MAC" --verbose > "$WORK/run.log" 2>&1
}

printf '#cloud-config\nwrite_files:\n  - path: /etc/from-the-service\n    content: read over HTTP\n' > "$WORK/user-data"

# check_applied CLOUD DATASOURCE HOST: the host name, the default user's key, user-data's file, the record.
check_applied() {
    local root=$WORK/sysroot
    assert_eq "$(cat "$root/etc/hostname")" "$3" "$1: /etc/hostname"
    grep -qF "$KEY" "$root/home/debian/.ssh/authorized_keys" || fail "$1: the default user lacks the metadata's key"
    assert_eq "$(cat "$root/etc/from-the-service")" "read over HTTP" "$1: user-data's write_files"
    grep -q "\"datasource\": \"$2\"" "$root/var/lib/flamingo/result.json" || fail "$1: the record does not name $2"
    grep -q "\"source\": \"http://127.0.0.1:$PORT/" "$root/var/lib/flamingo/result.json" || fail "$1: the record does not name the service"
    if grep -rq "SECRET" "$root/var/lib/flamingo" "$WORK/run.log"; then fail "$1: the token reached a log or a record"; fi
}

# --- EC2 (IMDSv2) ---
fresh_sysroot; start_server ec2
run_service Ec2 || { cat "$WORK/run.log"; fail "ec2: run failed"; }
check_applied ec2 Ec2 svc-ec2
[ "$(head -n1 "$WORK/requests.log")" = "PUT /latest/api/token token=no flavor=no" ] || fail "ec2: the first request is not the token's PUT"
if tail -n +2 "$WORK/requests.log" | grep -q "token=no"; then fail "ec2: a request went without the token: $(cat "$WORK/requests.log")"; fi
nm=$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth0.nmconnection
[ -f "$nm" ] || fail "ec2: the per-MAC network description was not rendered"
grep -q "^address1=172.31.0.11/20" "$nm" || fail "ec2: the secondary address is missing: $(cat "$nm")"
grep -q "^method=auto" "$nm" || fail "ec2: the primary NIC is not DHCP: $(cat "$nm")"
grep -q "Ec2, instance i-0fake0000000000001 (11 requests on 1 connection)" "$WORK/run.log" || fail "ec2: not one kept-open connection: $(grep fetch: "$WORK/run.log")"
pass "Ec2: IMDSv2 token on every request ($(wc -l < "$WORK/requests.log") requests), host name, key, user-data, per-MAC network with the secondary address"

# IMDSv2 refused: no IMDSv1 unless allowed.
fresh_sysroot; start_server ec2 --no-token-service --imdsv1
run_service Ec2 || fail "ec2 without a token service: the run must not fail (the boot goes on)"
grep -q "no IMDSv2 session token (403 Forbidden); IMDSv1 is not used unless flamingo.ec2.imdsv1=1" "$WORK/run.log" \
    || fail "ec2 without a token service: no clear message: $(cat "$WORK/run.log")"
[ ! -e "$WORK/sysroot/etc/hostname" ] || fail "ec2 without a token: something was written"
printf 'flamingo.ec2.imdsv1=1\n' > "$WORK/cmdline"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource Ec2 --metadata-url "http://127.0.0.1:$PORT/" --mac "eth0=$MAC" \
    --kernel-cmdline "$WORK/cmdline" > "$WORK/run.log" 2>&1 || fail "ec2 with IMDSv1 allowed: run failed: $(cat "$WORK/run.log")"
assert_eq "$(cat "$WORK/sysroot/etc/hostname")" svc-ec2 "ec2 over IMDSv1: /etc/hostname"
pass "Ec2: IMDSv1 only with flamingo.ec2.imdsv1=1"

# Two NICs, the first with IPv6: cloud-init's per-MAC config (DHCPv6 where there are IPv6
# addresses, the secondary one static, route metrics by device number).
fresh_sysroot; start_server ec2 --mac "$MAC2" --ipv6
"$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource Ec2 --metadata-url "http://127.0.0.1:$PORT/" \
    --mac "eth0=$MAC" --mac "eth1=$MAC2" > "$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "ec2 with two NICs: run failed"; }
nm0=$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth0.nmconnection
nm1=$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth1.nmconnection
[ -f "$nm0" ] && [ -f "$nm1" ] || fail "ec2 with two NICs: not both rendered: $(ls "$WORK/sysroot/etc/NetworkManager/system-connections")"
awk '/^\[ipv4\]/{s=1} /^\[ipv6\]/{s=0} s' "$nm0" | grep -q '^route-metric=100' || fail "ec2: eth0's IPv4 route metric is not 100: $(cat "$nm0")"
awk '/^\[ipv4\]/{s=1} /^\[ipv6\]/{s=0} s' "$nm1" | grep -q '^route-metric=200' || fail "ec2: eth1's IPv4 route metric is not 200: $(cat "$nm1")"
awk '/^\[ipv6\]/{s=1} /^\[/{if ($0 != "[ipv6]") s=0} s' "$nm0" > "$WORK/ipv6"
grep -q '^method=auto' "$WORK/ipv6" && grep -q '^address1=2600:1f18:aa:bb::11/64' "$WORK/ipv6" && grep -q '^route-metric=100' "$WORK/ipv6" \
    || fail "ec2: eth0's IPv6 (DHCPv6, the secondary /64 address, metric 100) is wrong: $(cat "$nm0")"
if awk '/^\[ipv6\]/{s=1} /^\[/{if ($0 != "[ipv6]") s=0} s' "$nm1" | grep -q '^method=auto'; then fail "ec2: eth1 has no IPv6 address, but DHCPv6: $(cat "$nm1")"; fi
pass "Ec2: two NICs (route metrics 100 and 200), DHCPv6 and the secondary IPv6 address where the metadata lists IPv6 addresses"

# A NIC without device-number: cloud-init's count goes on from the previous NIC (2 → 300, then 400).
fresh_sysroot; start_server ec2 --mac "$MAC2" --device-numbers 2,-
"$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource Ec2 --metadata-url "http://127.0.0.1:$PORT/" \
    --mac "eth0=$MAC" --mac "eth1=$MAC2" > "$WORK/run.log" 2>&1 || { cat "$WORK/run.log"; fail "ec2 without a device-number: run failed"; }
grep -q '^route-metric=300' "$nm0" || fail "ec2: device-number 2 is not metric 300: $(cat "$nm0")"
grep -q '^route-metric=400' "$nm1" || fail "ec2: a NIC without device-number after device 2 is not metric 400: $(cat "$nm1")"
pass "Ec2: a NIC without device-number takes the previous NIC's metric + 100, as cloud-init counts"

# --- OpenStack ---
fresh_sysroot; start_server openstack
run_service OpenStack || { cat "$WORK/run.log"; fail "OpenStack: run failed"; }
check_applied openstack OpenStack svc-openstack
grep -q "^GET /openstack/2018-08-27/meta_data.json" "$WORK/requests.log" || fail "OpenStack: the newest known version was not read"
[ -f "$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth0.nmconnection" ] || fail "OpenStack: network_data.json not rendered"
pass "OpenStack: meta_data.json (2018-08-27), user_data, network_data.json through the ConfigDrive's readers"

# --- Oracle: /opc/v2/ with its Authorization header, else the legacy /opc/v1/ ---
fresh_sysroot; start_server oracle
run_service Oracle /opc/ || { cat "$WORK/run.log"; fail "Oracle: run failed"; }
check_applied oracle Oracle svc-oracle
if grep "^GET /opc/v2/" "$WORK/requests.log" | grep -qv "auth=Bearer Oracle"; then fail "Oracle: a v2 request without its header: $(cat "$WORK/requests.log")"; fi
grep -q "^GET /opc/v2/vnics/" "$WORK/requests.log" || fail "Oracle: the VNICs were not read"
nm=$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth0.nmconnection
grep -q '^mtu=9000' "$nm" && grep -q '^method=auto' "$nm" || fail "Oracle: the primary VNIC is not DHCP with MTU 9000: $(cat "$nm" 2> /dev/null)"
if grep -q "Bearer" "$WORK/run.log" "$WORK/sysroot/var/lib/flamingo/result.json"; then fail "Oracle: a header reached the log or the record"; fi
pass "Oracle: /opc/v2/instance/ with Authorization: Bearer Oracle (base64 user_data, ssh_authorized_keys), the primary VNIC as DHCP with MTU 9000"
fresh_sysroot; start_server oracle --oracle-v1-only
run_service Oracle /opc/ || { cat "$WORK/run.log"; fail "Oracle v1: run failed"; }
check_applied oracle Oracle svc-oracle
grep -q "^GET /opc/v1/instance/ token=no flavor=no$" "$WORK/requests.log" || fail "Oracle v1: not read without the header: $(cat "$WORK/requests.log")"
pass "Oracle: a service without v2 read through the legacy /opc/v1/, as cloud-init falls back"

# --- GCE ---
fresh_sysroot; start_server gce
run_service GCE /computeMetadata/v1/ || { cat "$WORK/run.log"; fail "gce: run failed"; }
check_applied gce GCE svc-gce
if grep -q "flavor=no" "$WORK/requests.log"; then fail "gce: a request went without Metadata-Flavor"; fi
if grep -q "OtherUsersKey\|ExpiredKey" "$WORK/sysroot/home/debian/.ssh/authorized_keys"; then fail "gce: another user's or an expired key was installed"; fi
pass "GCE: Metadata-Flavor on every request, the default user's ssh-keys only (another user's and an expired key left out)"
# The instance blocks the project's keys; its user-data is base64; the host name stays short
# even where the user-data prefers a full one (GCE's long FQDNs, as cloud-init gives them).
printf '#cloud-config\nprefer_fqdn_over_hostname: true\nwrite_files:\n  - path: /etc/from-the-service\n    content: read over HTTP\n' > "$WORK/user-data.gce"
INSTANCE_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIInstanceOnlyKey gce@instance"
fresh_sysroot; start_server gce --block-project-keys --user-data-base64 --instance-key "$INSTANCE_KEY" --user-data "$WORK/user-data.gce"
run_service GCE /computeMetadata/v1/ || { cat "$WORK/run.log"; fail "gce (blocked project keys): run failed"; }
assert_eq "$(cat "$WORK/sysroot/etc/from-the-service")" "read over HTTP" "gce: base64 user-data"
assert_eq "$(cat "$WORK/sysroot/etc/hostname")" svc-gce "gce: the short host name, even with prefer_fqdn_over_hostname"
grep -qF "$INSTANCE_KEY" "$WORK/sysroot/home/debian/.ssh/authorized_keys" || fail "gce: the instance's own key is missing"
if grep -qF "$KEY" "$WORK/sysroot/home/debian/.ssh/authorized_keys"; then fail "gce: a project key was installed though the instance blocks them"; fi
pass "GCE: block-project-ssh-keys (only the instance's keys), user-data-encoding base64, the short host name"

# --- Hetzner ---
fresh_sysroot; start_server hetzner
run_service Hetzner /hetzner/v1/ || { cat "$WORK/run.log"; fail "hetzner: run failed"; }
check_applied hetzner Hetzner svc-hetzner
[ -f "$WORK/sysroot/etc/NetworkManager/system-connections/flamingo-eth0.nmconnection" ] || fail "hetzner: network-config not rendered"
pass "Hetzner: metadata YAML with its network-config, userdata"
fresh_sysroot; start_server hetzner --user-data-base64
run_service Hetzner /hetzner/v1/ || { cat "$WORK/run.log"; fail "hetzner (base64): run failed"; }
check_applied hetzner Hetzner svc-hetzner
pass "Hetzner: base64 userdata decoded (cloud-init's maybe_b64decode)"

# --- NoCloud over HTTP, from the ds= argument ---
fresh_sysroot; start_server nocloud
printf 'quiet ds=nocloud;s=http://127.0.0.1:%s/seed/;h=from-the-argument\n' "$PORT" > "$WORK/cmdline"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource NoCloudNet --kernel-cmdline "$WORK/cmdline" --mac "eth0=$MAC" > "$WORK/run.log" 2>&1 \
    || { cat "$WORK/run.log"; fail "nocloud-net: run failed"; }
assert_eq "$(cat "$WORK/sysroot/etc/hostname")" from-the-argument "nocloud-net: h= overrides the meta-data's host name"
assert_eq "$(cat "$WORK/sysroot/etc/from-the-service")" "read over HTTP" "nocloud-net: user-data"
pass "NoCloudNet: ds=nocloud;s=…;h=… from the kernel command line"

# --- Identification from DMI, no network for a machine that is no cloud ---
mkdir -p "$WORK/dmi"
for field in sys_vendor product_name product_serial product_uuid chassis_asset_tag; do : > "$WORK/dmi/$field"; done
echo "QEMU" > "$WORK/dmi/sys_vendor"; echo "Standard PC (i440FX + PIIX, 1996)" > "$WORK/dmi/product_name"
fresh_sysroot
start=$(date +%s%N)
"$FLAMINGO" run --sysroot "$WORK/sysroot" --dmi "$WORK/dmi" --fstype ext4 --label no-such-label-here --verbose > "$WORK/run.log" 2>&1 || fail "no cloud: run failed"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q 'identify: no known cloud (vendor "QEMU", product "Standard PC' "$WORK/run.log" || fail "no cloud: not said: $(cat "$WORK/run.log")"
if grep -q "connect:\|fetch:" "$WORK/run.log"; then fail "no cloud: the network was asked: $(cat "$WORK/run.log")"; fi
[ ! -e "$WORK/sysroot/var/lib/flamingo" ] || fail "no cloud: the sysroot was touched"
pass "no drive, no known cloud (QEMU's DMI): nothing asked of the network, ${ms} ms"

# --- Failures: bounded, said clearly, nothing written, exit 0 (the boot goes on) ---
check_failure() {  # FAULT EXPECTED-MESSAGE MAX-MS
    fresh_sysroot; start_server ec2 --fault "$1"
    printf 'flamingo.metadata.timeout=4\n' > "$WORK/cmdline"
    local start ms
    start=$(date +%s%N)
    "$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource Ec2 --metadata-url "http://127.0.0.1:$PORT/" --kernel-cmdline "$WORK/cmdline" \
        > "$WORK/run.log" 2>&1 || fail "fault $1: exit $? (a broken service must not fail the run)"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    grep -qE "$2" "$WORK/run.log" || fail "fault $1: expected /$2/ in: $(cat "$WORK/run.log")"
    [ "$ms" -le "$3" ] || fail "fault $1: took ${ms} ms (bound ${3} ms)"
    if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f]' "$WORK/run.log"; then fail "fault $1: the service's control bytes reached the log"; fi
    [ ! -e "$WORK/sysroot/var/lib/flamingo" ] && [ ! -e "$WORK/sysroot/etc/hostname" ] || fail "fault $1: the sysroot was written"
    pass "fault $1: '$(grep -oE "$2" "$WORK/run.log" | head -n1)' after ${ms} ms, nothing written"
}
check_failure 500 "fetch: error: http://127.0.0.1:[0-9]+/latest/api/token: 500 Internal Server Error \([0-9]+ tries\)" 6000
check_failure slow "fetch: error: http://127.0.0.1:[0-9]+/latest/api/token: receive: Connection timed out" 6000
check_failure garbage "not an HTTP response" 3000
check_failure huge "over the 1048576-byte limit" 3000
check_failure redirect-away "only redirects to the same service are followed" 3000
check_failure bad-token "the session token holds characters a header cannot carry" 3000
# A service that is down: nothing listens on the port.
stop_server
fresh_sysroot
start=$(date +%s%N)
"$FLAMINGO" run --sysroot "$WORK/sysroot" --datasource Ec2 --metadata-url "http://127.0.0.1:$PORT/" --kernel-cmdline "$WORK/cmdline" \
    > "$WORK/run.log" 2>&1 || fail "down: exit $?"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep -q "connect \"127.0.0.1:$PORT\": Connection refused" "$WORK/run.log" || fail "down: no clear message: $(cat "$WORK/run.log")"
[ "$ms" -le 6000 ] || fail "down: took ${ms} ms"
pass "service down: 'Connection refused' after ${ms} ms of retries (flamingo.metadata.timeout=4), nothing written"

# Two 503s, then answers: retried with backoff, applied.
fresh_sysroot; start_server ec2 --fault flaky
run_service Ec2 || fail "flaky: run failed"
check_applied ec2 Ec2 svc-ec2
pass "a service that answers 503 twice, then properly: retried, applied"

# An answer cut short by the service closing the connection: a failure that may pass, tried again.
fresh_sysroot; start_server ec2 --fault cut-short
run_service Ec2 || fail "cut-short: run failed: $(cat "$WORK/run.log")"
check_applied ec2 Ec2 svc-ec2
grep -q "trying again" "$WORK/run.log" || fail "cut-short: no retry said: $(grep fetch "$WORK/run.log")"
pass "an answer cut short by the connection closing: tried again, applied"

# A service that closes each connection after one answer without saying so: a new one, at once.
fresh_sysroot; start_server ec2 --fault close-silently
run_service Ec2 || fail "close-silently: run failed: $(cat "$WORK/run.log")"
check_applied ec2 Ec2 svc-ec2
grep -q "(11 requests on 11 connections)" "$WORK/run.log" || fail "close-silently: $(grep fetch: "$WORK/run.log")"
if grep -q "trying again" "$WORK/run.log"; then fail "close-silently: a closed kept-open connection was counted as a failure"; fi
pass "a service that closes every connection after one answer: each request on a new connection, no retry counted"

# An Ignition config as EC2 user-data, naming http sources (a config to merge, file contents, with
# their hashes): fetched while flamingo has the service's network, then applied.
printf '{"ignition": {"version": "3.3.0"}, "storage": {"files": [{"path": "/etc/merged-from-http", "contents": {"source": "data:,merged%%0A"}}]}}' > "$WORK/child.ign"
printf 'fetched over http\n' > "$WORK/motd"
cat > "$WORK/user-data" <<EOD
{"ignition": {"version": "3.3.0", "config": {"merge": [{"source": "http://127.0.0.1:PORT/ign/child.ign",
   "verification": {"hash": "sha512-$(sha512sum < "$WORK/child.ign" | cut -d ' ' -f 1)"}}]}},
 "storage": {"files": [{"path": "/etc/from-http", "mode": 384,
   "contents": {"source": "http://127.0.0.1:PORT/ign/motd?sig=QUERYSECRET", "verification": {"hash": "sha256-$(sha256sum < "$WORK/motd" | cut -d ' ' -f 1)"}}}]}}
EOD
fresh_sysroot; stop_server
PORT=$(free_port); sed -i "s/PORT/$PORT/g" "$WORK/user-data"; : > "$WORK/requests.log"
python3 "$FAKE" --cloud ec2 --port "$PORT" --log "$WORK/requests.log" --key "$KEY" --mac "$MAC" --hostname svc-ec2.example.internal \
    --user-data "$WORK/user-data" --serve "/ign/child.ign=$WORK/child.ign" --serve "/ign/motd?sig=QUERYSECRET=$WORK/motd" &
SERVER_PID=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$PORT),1)" 2> /dev/null && break; sleep 0.1; done
run_service Ec2 || fail "ignition over http: $(cat "$WORK/run.log")"
assert_eq "$(cat "$WORK/sysroot/etc/from-http")" "fetched over http" "ignition: a file's http contents"
assert_eq "$(stat -c %a "$WORK/sysroot/etc/from-http")" 600 "ignition: its mode"
assert_eq "$(cat "$WORK/sysroot/etc/merged-from-http")" "merged" "ignition: a merged config's file"
grep -q "GET /ign/child.ign" "$WORK/requests.log" && grep -q "GET /ign/motd?sig=QUERYSECRET" "$WORK/requests.log" || fail "ignition: sources not requested: $(cat "$WORK/requests.log")"
grep -q "2 http sources of the Ignition config fetched" "$WORK/run.log" || fail "ignition: not said: $(grep fetch "$WORK/run.log")"
grep -qF "GET /ign/motd?…: 200" "$WORK/run.log" || fail "ignition: the signed source's request not logged with its query hidden: $(grep ign/ "$WORK/run.log")"
if grep -rq "QUERYSECRET" "$WORK/run.log" "$WORK/sysroot/var/lib/flamingo"; then fail "ignition: a URL's query (a signature) reached the log or the record"; fi
pass "an Ignition config from the EC2 service: its merged config and a file's contents fetched over http (hashes checked) while the network is up, applied; a signed URL's query never logged"

# A wrong hash: the whole config refused, nothing of it written.
printf 'changed on the server\n' > "$WORK/motd"
fresh_sysroot
run_service Ec2 || fail "ignition: a refused config must not fail the run (the boot goes on): exit $?"
grep -q "hash verification failed" "$WORK/run.log" || fail "ignition: not said: $(cat "$WORK/run.log")"
[ ! -e "$WORK/sysroot/etc/from-http" ] && [ ! -e "$WORK/sysroot/etc/merged-from-http" ] || fail "ignition: a refused config was partly applied"
if grep -rq "QUERYSECRET" "$WORK/run.log" "$WORK/sysroot/var/lib/flamingo"; then fail "ignition: a URL's query (a signature) reached the log or the record"; fi
pass "a source whose hash does not match: the Ignition config refused whole, nothing of it written"
