CASE_TITLE="network_data.json for the VM's NIC (MAC set on qemu's command line) rendered as a NetworkManager keyfile"

case_prepare() {
    mkdir -p "$CASE_DIR/drive/openstack/latest"
    cat > "$CASE_DIR/drive/openstack/latest/meta_data.json" <<'EOD'
{"uuid": "9a8b7c6d-network-boot", "hostname": "network-vm.novalocal"}
EOD
    cat > "$CASE_DIR/drive/openstack/latest/network_data.json" <<'EOD'
{"links": [{"id": "tap0", "type": "phy", "ethernet_mac_address": "52:54:00:12:34:56", "mtu": 1450}],
 "networks": [{"id": "n0", "type": "ipv4", "link": "tap0", "ip_address": "10.0.2.77", "netmask": "255.255.255.0",
               "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.2.2"}]},
              {"id": "n1", "type": "ipv6_slaac", "link": "tap0"}],
 "services": [{"type": "dns", "address": "10.0.2.3"}]}
EOD
    make_vfat "$CASE_DIR/config2.img" config-2 "$CASE_DIR/drive"
    add_drive -drive "file=$CASE_DIR/config2.img,if=virtio,format=raw,readonly=on"
    # The root tree looks like a NetworkManager system (RHEL, Fedora): the keyfile renderer is chosen.
    mkdir -p "$CASE_ROOT_TREE/usr/sbin" "$CASE_ROOT_TREE/etc/NetworkManager/system-connections"
    printf '#!/bin/sh\n' > "$CASE_ROOT_TREE/usr/sbin/NetworkManager"
    chmod 755 "$CASE_ROOT_TREE/usr/sbin/NetworkManager"
}

case_check() {
    local keyfile
    keyfile=$(grep -l '^mac-address=52:54:00:12:34:56$' "$ROOT_MNT"/etc/NetworkManager/system-connections/flamingo-*.nmconnection) \
        || fail "no keyfile for the VM's NIC: $(ls "$ROOT_MNT/etc/NetworkManager/system-connections")"
    assert_mode "$keyfile" "600 0:0"
    for line in 'type=ethernet' 'mtu=1450' 'method=manual' 'address1=10.0.2.77/24' 'gateway=10.0.2.2' 'dns=10.0.2.3;'; do
        grep -qxF "$line" "$keyfile" || fail "the keyfile lacks $line: $(cat "$keyfile")"
    done
    grep -A2 '^\[ipv6\]' "$keyfile" | grep -qx 'method=auto' || fail "IPv6 is not SLAAC: $(cat "$keyfile")"
    if command -v nmcli > /dev/null; then
        nmcli --offline connection modify connection.autoconnect yes < "$keyfile" > /dev/null || fail "NetworkManager rejects the keyfile"
    fi
}
