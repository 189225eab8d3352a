#!/usr/bin/env bash
# The hand-off: runcmd, bootcmd, a user-data script and a boothook (from MIME multipart user-data)
# and a deferred write_files entry are written into the sysroot with an enabled unit; the runner,
# run twice in a chroot with busybox's sh, runs each at its frequency and records exit statuses.
. "$(dirname "$0")/lib.sh"

sysroot=$WORK/sysroot
make_debian_sysroot "$sysroot"
install_runner_tools "$sysroot"

cat > "$WORK/user-data" <<'EOD'
Content-Type: multipart/mixed; boundary="==BOUNDARY=="
MIME-Version: 1.0

--==BOUNDARY==
Content-Type: text/cloud-config; charset="us-ascii"

#cloud-config
users:
  - name: alice
bootcmd:
  - echo boot >> /bootcmd.log
  - cloud-init-per once first-boot sh -c 'echo once >> /per-once.log'
  - [cloud-init-per, always, every-boot, sh, -c, 'echo always >> /per-always.log']
  - cloud-init-per instance per-instance sh -c 'echo instance >> /per-instance.log'
runcmd:
  - touch /runcmd-ran
  - [sh, -c, "echo \"$INSTANCE_ID\" > /runcmd-instance"]
  - exit 3
write_files:
  - path: /home/alice/deferred.txt
    owner: alice:alice
    permissions: '0640'
    defer: true
    content: written in the booted system
--==BOUNDARY==
Content-Type: text/x-shellscript; charset="us-ascii"
Content-Disposition: attachment; filename="setup.sh"

#!/bin/sh
echo script >> /script.log
--==BOUNDARY==
Content-Type: text/cloud-boothook; charset="us-ascii"

#cloud-boothook
echo hook >> /boothook.log
--==BOUNDARY==--
EOD
make_seed_with_user_data "$WORK/seed" "$WORK/user-data"
"$FLAMINGO" run --sysroot "$sysroot" --seed "$WORK/seed" 2> "$WORK/run.log" || fail "run failed: $(cat "$WORK/run.log")"
[ -f "$sysroot/etc/systemd/system/flamingo-handoff.service" ] || fail "no hand-off unit"
assert_eq "$(readlink "$sysroot/etc/systemd/system/multi-user.target.wants/flamingo-handoff.service")" \
    /etc/systemd/system/flamingo-handoff.service "the wants link"
if command -v systemctl > /dev/null; then
    assert_eq "$(systemctl --root "$sysroot" is-enabled flamingo-handoff.service 2>&1)" enabled "systemctl --root is-enabled"
fi
[ ! -e "$sysroot/home/alice/deferred.txt" ] || fail "the deferred file was written before boot"
# As systemd loads the units: the runner waits for the network and every host key, as cloud-init's
# final stage does; sshd (this host's ssh.service) does not wait for the runner.
waits_for "$sysroot" flamingo-handoff.service > "$WORK/handoff-waits"
for unit in network-online.target flamingo-sshd-keygen-late.service sshd-keygen@rsa.service; do
    grep -qx "$unit" "$WORK/handoff-waits" || fail "the hand-off does not wait for $unit"
done
waits_for "$sysroot" ssh.service > "$WORK/ssh-waits"
grep -qx network.target "$WORK/ssh-waits" || fail "no ssh.service on this host (scripts/test.sh installs openssh-server)"
! grep -qx flamingo-handoff.service "$WORK/ssh-waits" || fail "ssh.service waits for the hand-off"
pass "hand-off written and its unit enabled, after the network and the host keys, not before sshd"

chroot "$sysroot" /bin/sh /var/lib/flamingo/handoff/run > "$WORK/boot1.out" 2>&1 && fail "a failing runcmd must make the runner exit non-zero"
chroot "$sysroot" /bin/sh /var/lib/flamingo/handoff/run > "$WORK/boot2.out" 2>&1
[ -f "$sysroot/runcmd-ran" ] || fail "runcmd did not run: $(cat "$WORK/boot1.out")"
assert_file "$sysroot/runcmd-instance" "iid-identity"
assert_eq "$(cat "$sysroot/bootcmd.log" | wc -l)" 2 "bootcmd runs (every boot)"
assert_eq "$(cat "$sysroot/boothook.log" | wc -l)" 2 "boothook runs (every boot)"
# cloud-init-per in bootcmd (the booted system has no cloud-init: the hand-off brings its own).
assert_eq "$(cat "$sysroot/per-once.log" | wc -l)" 1 "cloud-init-per once"
assert_eq "$(cat "$sysroot/per-always.log" | wc -l)" 2 "cloud-init-per always"
assert_eq "$(cat "$sysroot/per-instance.log" | wc -l)" 1 "cloud-init-per instance"
assert_eq "$(cat "$sysroot/script.log" | wc -l)" 1 "user-data script runs (once per instance)"
assert_file "$sysroot/home/alice/deferred.txt" "written in the booted system"
assert_mode "$sysroot/home/alice/deferred.txt" "640 $(grep '^alice:' "$sysroot/etc/passwd" | cut -d: -f3):$(grep '^alice:' "$sysroot/etc/group" | cut -d: -f3)"
grep -q 'runcmd 3$' "$sysroot/var/lib/flamingo/handoff/status" || fail "runcmd's exit status not recorded: $(cat "$sysroot/var/lib/flamingo/handoff/status")"
grep -q "flamingo-handoff: runcmd: exit status 3" "$WORK/boot1.out" || fail "runcmd's status not logged"
pass "the runner: per-boot items every boot, per-instance items once, cloud-init-per at each frequency, deferred file with its owner, statuses recorded"
