#!/usr/bin/env bash
# `flamingo render-network --renderer nm` on the real-world network_data.json documents (from
# cloud-init's test suite), on v1/v2 inputs, and on every input of cloud-init's network test corpus
# (../shared/data/cloud-init-network, each with its NAME=MAC map) that flamingo renders: every
# keyfile is 0600 and NetworkManager itself (nmcli --offline, which parses and validates a keyfile)
# accepts it and keeps its settings.
. "$(dirname "$0")/../device/lib.sh"

command -v nmcli > /dev/null || fail "no nmcli (scripts/test.sh installs network-manager)"
shared=$ROOT/../shared/data/network-data-json
macs=(--mac oeth0=0c:c4:7a:34:6e:3c --mac oeth1=0c:c4:7a:34:6e:3d --mac enp0s1=fa:16:3e:69:b0:58
      --mac enp0s2=fa:16:3e:d4:57:ad --mac foo1=fa:16:3e:dd:50:9a --mac foo2=fa:16:3e:a8:14:69)
cat > "$WORK/v2.yaml" <<'EOD'
network:
  version: 2
  ethernets:
    nic0: {match: {macaddress: "FA:16:3E:69:B0:58"}, dhcp4: true, dhcp6: true}
    nic1: {match: {macaddress: "fa:16:3e:d4:57:ad"}, addresses: [192.0.2.7/24], gateway4: 192.0.2.1, routes: [{to: 10.0.0.0/8, via: 192.0.2.254}]}
EOD
cat > "$WORK/v1.yaml" <<'EOD'
version: 1
config:
  - {type: physical, name: foo1, mac_address: "fa:16:3e:dd:50:9a", subnets: [{type: ipv6_slaac}, {type: dhcp4}]}
  - {type: bridge, name: br0, bridge_interfaces: [foo1]}
EOD

corpus=$ROOT/../shared/data/cloud-init-network/inputs
[ -d "$corpus" ] || fail "no $corpus"
inputs=()
[ -d "$shared" ] && inputs+=("$shared"/*.json)
inputs+=("$WORK/v2.yaml" "$WORK/v1.yaml" "$corpus"/*.json "$corpus"/*.yaml)
count=0 refused=0
for input in "${inputs[@]}"; do
    out=$WORK/out-$(basename "$input")
    if [[ $input == "$corpus"/* ]]; then
        # Its own NICs; an input flamingo refuses is the differential test's to judge.
        input_macs=()
        while IFS='=' read -r name mac; do input_macs+=(--mac "$name=$mac"); done < "${input%.*}.macs"
        [ ${#input_macs[@]} -gt 0 ] || input_macs=(--mac unnamed0=02:00:00:00:00:00)  # never this host's NICs
        "$FLAMINGO" render-network --input "$input" --renderer nm --out "$out" "${input_macs[@]}" 2> "$WORK/render.log" \
            || { refused=$((refused + 1)); continue; }
    else
        "$FLAMINGO" render-network --input "$input" --renderer nm --out "$out" "${macs[@]}" 2> "$WORK/render.log" \
            || fail "render-network $(basename "$input"): $(cat "$WORK/render.log")"
    fi
    [ -d "$out/etc/NetworkManager/system-connections" ] || continue
    for keyfile in "$out"/etc/NetworkManager/system-connections/*.nmconnection; do
        assert_mode "$keyfile" "600 0:0"
        nmcli --offline connection modify connection.autoconnect yes < "$keyfile" > "$WORK/roundtrip" 2> "$WORK/nm.err" \
            || fail "NetworkManager rejects $(basename "$keyfile") from $(basename "$input"): $(cat "$WORK/nm.err")"
        # NetworkManager writes a gateway as address1's ",GATEWAY" suffix: the same setting (and IPv6 in lower case).
        for setting in $(grep -E '^(address1|gateway|id|mode|method|mac-address|parent)=' "$keyfile" | grep -v '^id=flamingo'); do
            value=${setting#*=}
            case $setting in
                address1=*) grep -qiE "^address1=${value//./\\.}(,|$)" "$WORK/roundtrip" ;;
                gateway=*) grep -qiE "^(gateway=${value//./\\.}|address1=.*,${value//./\\.})$" "$WORK/roundtrip" ;;
                *) grep -qxF "$setting" "$WORK/roundtrip" ;;
            esac || fail "NetworkManager dropped $setting from $(basename "$keyfile"): $(cat "$WORK/roundtrip")"
        done
        count=$((count + 1))
    done
done
[ "$count" -ge 250 ] || fail "only $count keyfiles checked (at least 250 expected)"
pass "NetworkManager accepts all $count keyfiles rendered from $(( ${#inputs[@]} - refused )) inputs, settings kept ($refused inputs refused)"

grep -qx 'mode=802.3ad' "$WORK/out-bond-vlans.json/etc/NetworkManager/system-connections/flamingo-bond0.nmconnection" 2>/dev/null \
    || [ ! -d "$shared" ] || fail "the bond's mode is missing (cloud-init 22.4's renderer drops it; flamingo must not)"
if "$FLAMINGO" render-network --input "$WORK/v2.yaml" --renderer nm --out "$WORK/x" --mac other=02:00:00:00:00:01 2> "$WORK/err"; then
    fail "an unknown MAC must fail the render"
fi
grep -q 'no interface has the MAC address fa:16:3e:69:b0:58' "$WORK/err" || fail "the error does not name the MAC: $(cat "$WORK/err")"
pass "bond mode kept; a MAC that matches nothing is an error naming it"
