#!/usr/bin/env bash
# The initramfs step never waits for the kernel's random pool unless it needs a secret: run with
# the environment flamingo.service gives it (and the pre-pivot hook), every getrandom() it makes is
# non-blocking (GRND_NONBLOCK or GRND_INSECURE). Without that environment the Swift runtime's
# blocking call is seen — so the check below can tell the two apart. Under emulation that wait
# was ~1 s of every boot (docs/decisions/deterministic-hashing-in-the-initramfs.md).
. "$(dirname "$0")/../device/lib.sh"

command -v strace > /dev/null || fail "no strace (scripts/test.sh installs it)"
unit=$ROOT/dracut/modules.d/30flamingo/flamingo.service hook=$ROOT/dracut/modules.d/30flamingo/flamingo-pre-pivot.sh
environment=$(sed -n 's/^Environment=//p' "$unit")
[ "$environment" = SWIFT_DETERMINISTIC_HASHING=1 ] || fail "flamingo.service's environment: '$environment'"
grep -q 'SWIFT_DETERMINISTIC_HASHING=1 "$flamingo_root/usr/bin/flamingo" run --initrd' "$hook" || fail "the pre-pivot hook runs flamingo without $environment"

# A whole run that writes users, keys, a network and a hand-off.
mkdir -p "$WORK/seed" "$WORK/root/etc" "$WORK/root/usr/sbin" "$WORK/root/etc/ssh"
printf 'instance-id: iid-entropy\nlocal-hostname: entropy\n' > "$WORK/seed/meta-data"
printf '#cloud-config\nusers: [{name: alice, ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB alice]}]\nruncmd: ["echo hello"]\n' > "$WORK/seed/user-data"
printf 'version: 2\nethernets: {eth0: {dhcp4: true}}\n' > "$WORK/seed/network-config"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$WORK/root/etc/passwd"; printf 'root:x:0:\n' > "$WORK/root/etc/group"
printf 'root:*:19700:0:99999:7:::\n' > "$WORK/root/etc/shadow"; printf 'root:*::\n' > "$WORK/root/etc/gshadow"
chmod 640 "$WORK/root/etc/shadow" "$WORK/root/etc/gshadow"
printf '#!/bin/sh\n' > "$WORK/root/usr/sbin/sshd"; chmod 755 "$WORK/root/usr/sbin/sshd"
mkdir -p "$WORK/root/etc/systemd/system/multi-user.target.wants" "$WORK/root/lib/systemd/system"   # networkd enabled: the network is rendered
printf '[Service]\n' > "$WORK/root/lib/systemd/system/systemd-networkd.service"
ln -s /lib/systemd/system/systemd-networkd.service "$WORK/root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"

# calls FILE: the getrandom calls strace saw that may block (flags neither NONBLOCK nor INSECURE).
blocking() { grep 'getrandom(' "$1" | grep -v -E 'GRND_NONBLOCK|GRND_INSECURE' || true; }

env "$environment" strace -f -e trace=getrandom -o "$WORK/with.trace" \
    "$FLAMINGO" run --sysroot "$WORK/root" --seed "$WORK/seed" --mac eth0=52:54:00:00:00:01 2> "$WORK/run.log" \
    || fail "run: $(cat "$WORK/run.log")"
for line in "users_groups: user alice: created" "network: /etc/systemd/network/" "handoff: 2 items handed" "run: ok"; do
    grep -q "$line" "$WORK/run.log" || fail "the run did not do '$line': $(cat "$WORK/run.log")"
done
[ -z "$(blocking "$WORK/with.trace")" ] || fail "a getrandom() that waits for the pool, with $environment: $(blocking "$WORK/with.trace")"
pass "with flamingo.service's environment a whole run makes no getrandom() call that waits for entropy ($(grep -c 'getrandom(' "$WORK/with.trace") non-blocking)"

strace -f -e trace=getrandom -o "$WORK/without.trace" "$FLAMINGO" --version > /dev/null
[ -n "$(blocking "$WORK/without.trace")" ] || fail "without $environment no blocking getrandom() was seen: the check above cannot tell"
pass "without it the Swift runtime's blocking call is there (the check tells the two apart)"
