CASE_TITLE="EC2-like machine whose metadata service is down (nothing answers at 169.254.169.254): given up at flamingo.metadata.timeout=3, said, the boot goes on"

case_prepare() {
    prepare_broken_service none
    # The same network, with no forward to a service: qemu's restricted network drops the SYN.
    stop_fake_cloud
    CASE_NETDEV="user,id=n0,restrict=on,net=169.254.0.0/16,host=169.254.0.2,dhcpstart=169.254.0.15"
}
case_check() { check_broken_service "connect \"169.254.169.254:80\": Connection timed out \([0-9]+ tries\)" 3500; }
