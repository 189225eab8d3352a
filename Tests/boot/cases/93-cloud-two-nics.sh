CASE_TITLE="EC2-like machine with two NICs, the first without a DHCP server: the second's lease is used, both handed over down"

case_prepare() {
    start_fake_cloud ec2 --hostname second-nic.ec2.internal --instance-id i-0twonics --mac 52:54:00:12:34:57
    CASE_QEMU+=(-smbios "type=1,manufacturer=Amazon EC2,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8")
    # The first NIC goes to a UDP socket nobody listens on: no DHCP server behind it.
    local port
    port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    local service_netdev=$CASE_NETDEV
    CASE_NETDEV="dgram,id=n0,remote.type=inet,remote.host=127.0.0.1,remote.port=$port,local.type=inet,local.host=127.0.0.1,local.port=0"
    CASE_QEMU+=(-netdev "${service_netdev/id=n0/id=n1}" -device "virtio-net-pci,netdev=n1,mac=52:54:00:12:34:57")
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "second-nic"
    assert_eq "$(record_field "$record" datasource)" Ec2 "datasource"
    grep -o 'connect: [a-z0-9]*: 169.254.0.15/16[^"]*' "$CASE_DIR/console.log" | head -n1 | sed 's/^/  /'
    assert_network_left_clean
    print_service_steps "$record"
}
