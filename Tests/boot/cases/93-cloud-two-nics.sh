CASE_TITLE="EC2-like machine with two NICs, a DHCP server and a metadata service behind each: only the primary NIC (eth0) asks, the second's service never hears from flamingo, both handed over down"

case_prepare() {
    # Behind the second NIC: its own DHCP server (leases from .99) and another service, which
    # would win a race of DHCP answers half the time if flamingo asked on every NIC.
    FAKE_CLOUD_TAG=-second start_fake_cloud ec2 --hostname second-nic.ec2.internal --instance-id i-0secondnic --mac 52:54:00:12:34:57
    local second_netdev=${CASE_NETDEV/id=n0/id=n1}
    second_netdev=${second_netdev/dhcpstart=169.254.0.15/dhcpstart=169.254.0.99}
    start_fake_cloud ec2 --hostname primary-nic.ec2.internal --instance-id i-0twonics --mac 52:54:00:12:34:56 --mac 52:54:00:12:34:57
    CASE_QEMU+=(-smbios "type=1,manufacturer=Amazon EC2,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8")
    CASE_QEMU+=(-netdev "$second_netdev" -device "virtio-net-pci,netdev=n1,mac=52:54:00:12:34:57")
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "primary-nic"
    assert_eq "$(record_field "$record" datasource)" Ec2 "datasource"
    grep -aq 'connect: eth0: 169.254.0.15/16' "$CASE_DIR/console.log" \
        || fail "the lease was not the primary NIC's: $(grep -ao 'connect: [^"]*' "$CASE_DIR/console.log" | head -n1)"
    grep -ao 'connect: eth0: 169.254.0.15/16[^"]*' "$CASE_DIR/console.log" | head -n1 | tr -d '\r' | sed 's/^/  /'
    [ ! -s "$CASE_DIR/requests-second.log" ] || fail "the second NIC's service was asked: $(cat "$CASE_DIR/requests-second.log")"
    [ -s "$CASE_DIR/requests.log" ] || fail "the primary NIC's service was never asked"
    assert_network_left_clean
    print_service_steps "$record"
}
