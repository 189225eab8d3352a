CASE_TITLE="EC2-like machine, no drive: DMI says EC2, DHCP in the initramfs, IMDSv2, everything applied, the network taken down again"

EC2_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootTestEc2ImdsKey boot@ec2"
# lease + fetch + apply, under TCG (the issue's budget).
EC2_STEP_BUDGET_MS=2000

case_prepare() {
    printf '#cloud-config\nwrite_files:\n  - path: /etc/from-imds\n    content: user-data over IMDSv2\n' > "$CASE_DIR/user-data"
    start_fake_cloud ec2 --key "$EC2_KEY" --hostname ip-172-31-0-10.ec2.internal --instance-id i-0bootec2 \
        --user-data "$CASE_DIR/user-data" --mac 52:54:00:12:34:56
    CASE_QEMU+=(-smbios "type=1,manufacturer=Amazon EC2,product=t3.micro,serial=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8,uuid=ec2a1b2c-3d4e-5f60-7182-93a4b5c6d7e8")
    add_network_manager
    record_network_at_init
}

case_check() {
    local record=$ROOT_MNT/var/lib/flamingo/result.json
    assert_file "$ROOT_MNT/etc/hostname" "ip-172-31-0-10"
    assert_keys "$ROOT_MNT/home/debian" "$ROOT_MNT/root" "$EC2_KEY"
    assert_file "$ROOT_MNT/etc/from-imds" "user-data over IMDSv2"
    assert_eq "$(record_field "$record" datasource)" Ec2 "datasource"
    assert_eq "$(record_field "$record" source)" "http://169.254.169.254/" "source"
    assert_file "$ROOT_MNT/var/lib/flamingo/instance-id" "i-0bootec2"
    ls "$ROOT_MNT"/etc/NetworkManager/system-connections/flamingo-*.nmconnection > /dev/null 2>&1 \
        || fail "the metadata's per-MAC network was not rendered"
    grep -q "^address1=172.31.0.11/20" "$ROOT_MNT"/etc/NetworkManager/system-connections/flamingo-*.nmconnection \
        || fail "the secondary address is missing from the keyfile"
    [ "$(head -n1 "$CASE_DIR/requests.log")" = "PUT /latest/api/token token=no flavor=no" ] || fail "the first request was not IMDSv2's token"
    if tail -n +2 "$CASE_DIR/requests.log" | grep -q "token=no"; then fail "a request went without the token"; fi
    if grep -q "AQAEAFakeTokenSECRET" "$CASE_DIR/console.log" "$record"; then fail "the token reached the console or the record"; fi
    assert_network_left_clean
    print_service_steps "$record"
    local work
    work=$(awk -v t="$FLAMINGO_MS" -v u="$(record_step_ms "$record" udev)" 'BEGIN { printf "%d", t - u }')
    echo "  flamingo's step without the udev wait (lease + fetch + apply): ${work} ms (budget ${EC2_STEP_BUDGET_MS} ms)"
    [ "$work" -le "$EC2_STEP_BUDGET_MS" ] || fail "lease + fetch + apply took ${work} ms"
}
