#!/usr/bin/env bash
# ssh_keys, ssh_deletekeys, ssh_genkeytypes: on a Debian-like root the image's baked host keys go,
# a given ed25519 key and its certificate are written (0600 / 0644, HostCertificate added) and
# sshd itself accepts them (sshd -t with the root's keys); the missing types get a keygen unit
# ordered before sshd, enabled. On a CentOS-like root with the ssh_keys group and
# sshd-keygen@.service, the private key is 0640 root:ssh_keys and no unit of flamingo's is
# needed. A second run changes nothing; a DSA key is an error.
. "$(dirname "$0")/../device/lib.sh"

command -v sshd > /dev/null || command -v /usr/sbin/sshd > /dev/null || fail "no sshd (scripts/test.sh installs openssh-server)"
ssh-keygen -q -t ed25519 -N "" -C "" -f "$WORK/host" 
ssh-keygen -q -t ed25519 -N "" -C "" -f "$WORK/ca"
ssh-keygen -q -s "$WORK/ca" -I flamingo-test -h -n host.example.com "$WORK/host.pub"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-hostkeys\n' > "$WORK/seed/meta-data"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
read = lambda name: open(f"{work}/{name}").read()
config = {"ssh_keys": {"ed25519_private": read("host"), "ed25519_public": read("host.pub"), "ed25519_certificate": read("host-cert.pub")},
          "ssh_genkeytypes": ["rsa", "ecdsa", "ed25519"]}
open(f"{work}/seed/user-data", "w").write("#cloud-config\n" + json.dumps(config, indent=1) + "\n")
PY

root=$WORK/debian
make_sysroot "$root"
mkdir -p "$root/etc/ssh" "$root/usr/sbin"
cp /etc/ssh/sshd_config "$root/etc/ssh/sshd_config"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
printf 'ID=debian\n' > "$root/etc/os-release"
for type in rsa ecdsa; do ssh-keygen -q -t $type -N "" -f "$root/etc/ssh/ssh_host_${type}_key"; done   # baked into the image
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
[ ! -e "$root/etc/ssh/ssh_host_rsa_key" ] && [ ! -e "$root/etc/ssh/ssh_host_ecdsa_key.pub" ] || fail "the baked host keys are still there: $(ls "$root/etc/ssh")"
[ "$(stat -c '%a %u:%g' "$root/etc/ssh/ssh_host_ed25519_key")" = "600 0:0" ] || fail "private key mode: $(stat -c '%a %u:%g' "$root/etc/ssh/ssh_host_ed25519_key")"
cmp -s "$root/etc/ssh/ssh_host_ed25519_key" "$WORK/host" || fail "the private key differs"
grep -qx "HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub" "$root/etc/ssh/sshd_config" || fail "no HostCertificate line"
grep -q "ssh_host_ed25519_key: wrote" "$WORK/run.log" && ! grep -q "BEGIN OPENSSH" "$WORK/run.log" || fail "the private key was logged or not written"
# sshd itself: the root's config with the root's paths.
sed "s|/etc/ssh/|$root/etc/ssh/|g" "$root/etc/ssh/sshd_config" > "$WORK/sshd_config"
echo "HostKey $root/etc/ssh/ssh_host_ed25519_key" >> "$WORK/sshd_config"
mkdir -p /run/sshd
/usr/sbin/sshd -t -f "$WORK/sshd_config" > "$WORK/sshd.out" 2>&1 || fail "sshd -t: $(cat "$WORK/sshd.out")"
# The fast missing type (ecdsa) before sshd, the slow one (rsa) after it, sshd then reloaded.
early=$root/etc/systemd/system/flamingo-sshd-keygen.service late=$root/etc/systemd/system/flamingo-sshd-keygen-late.service
for unit in flamingo-sshd-keygen.service flamingo-sshd-keygen-late.service; do
    [ "$(systemctl --root "$root" is-enabled "$unit")" = enabled ] || fail "$unit is not enabled"
done
grep -q "ssh-keygen -q -t ecdsa" "$early" && grep -qx "Before=ssh.service sshd.service ssh.socket sshd.socket" "$early" && ! grep -qE "t (rsa|ed25519)" "$early" \
    || fail "keygen unit: $(cat "$early")"
grep -q "ssh-keygen -q -t rsa" "$late" && grep -q "^After=ssh.service sshd.service" "$late" && ! grep -qE "t (ecdsa|ed25519)" "$late" \
    && grep -qx "ExecStartPost=-/bin/systemctl --no-block try-reload-or-restart ssh.service sshd.service" "$late" \
    || fail "late keygen unit: $(cat "$late")"
# What the units run makes keys sshd takes (the sysroot's paths for /etc/ssh).
for unit in "$early" "$late"; do
    sed -n "s|^ExecStart=/bin/sh -c '\(.*\)'$|\1|p" "$unit" | sed "s|/etc/ssh/|$WORK/keys/|g" > "$WORK/commands"
    mkdir -p "$WORK/keys"; sh -e "$WORK/commands" || fail "the commands of $unit: $(cat "$WORK/commands")"
done
for type in ecdsa rsa; do
    echo "HostKey $WORK/keys/ssh_host_${type}_key" >> "$WORK/sshd_config"
    ssh-keygen -l -f "$WORK/keys/ssh_host_${type}_key.pub" > /dev/null || fail "ssh-keygen -l rejects the $type key"
done
/usr/sbin/sshd -t -f "$WORK/sshd_config" > "$WORK/sshd.out" 2>&1 || fail "sshd -t with the generated keys: $(cat "$WORK/sshd.out")"
# Different on every run: the same commands again make other keys.
for unit in "$early" "$late"; do
    sed -n "s|^ExecStart=/bin/sh -c '\(.*\)'$|\1|p" "$unit" | sed "s|/etc/ssh/|$WORK/keys2/|g" > "$WORK/commands"
    mkdir -p "$WORK/keys2"; sh -e "$WORK/commands" || fail "the commands of $unit, again"
done
for type in ecdsa rsa; do
    cmp -s "$WORK/keys/ssh_host_${type}_key" "$WORK/keys2/ssh_host_${type}_key" && fail "the $type key is the same on a second run"
    [ "$(stat -c '%a %u:%g' "$WORK/keys/ssh_host_${type}_key")" = "600 0:0" ] || fail "$type private key: $(stat -c '%a %u:%g' "$WORK/keys/ssh_host_${type}_key")"
done
# As systemd loads them (this host's ssh.service): sshd waits for the fast keys, not for the slow.
waits_for "$root" ssh.service > "$WORK/ssh-waits"
grep -qx flamingo-sshd-keygen.service "$WORK/ssh-waits" && ! grep -qx flamingo-sshd-keygen-late.service "$WORK/ssh-waits" \
    || fail "ssh.service waits for: $(grep flamingo "$WORK/ssh-waits")"
waits_for "$root" ssh.socket > "$WORK/socket-waits"   # a socket-activated sshd (Ubuntu's default)
grep -qx flamingo-sshd-keygen.service "$WORK/socket-waits" || fail "ssh.socket does not wait for the fast keys"
waits_for "$root" flamingo-sshd-keygen-late.service > "$WORK/late-waits"
grep -qx ssh.service "$WORK/late-waits" || fail "the late unit does not follow ssh.service"
before=$(tree_digest "$root")
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --force 2> "$WORK/run2.log" || fail "second run: $(cat "$WORK/run2.log")"
[ "$(tree_digest "$root")" = "$before" ] || fail "a second run changed the tree"
pass "debian: baked keys removed, the given key and certificate written (sshd -t accepts them), ecdsa made before sshd and rsa after it by enabled units (systemd's own loader agrees; sshd -t takes the keys they make, 0600 root, new ones each time); a second run changes nothing"

# Only slow types asked for: every key before sshd (it never starts without one), no late unit.
root=$WORK/rsa-only
make_sysroot "$root"
mkdir -p "$root/etc/ssh" "$root/usr/sbin" "$WORK/seed-rsa"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
printf 'instance-id: iid-rsa\n' > "$WORK/seed-rsa/meta-data"
printf '#cloud-config\nssh_genkeytypes: [rsa]\n' > "$WORK/seed-rsa/user-data"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed-rsa" 2> "$WORK/run-rsa.log" || fail "run: $(cat "$WORK/run-rsa.log")"
grep -q "ssh-keygen -q -t rsa" "$root/etc/systemd/system/flamingo-sshd-keygen.service" || fail "rsa is not made before sshd"
[ ! -e "$root/etc/systemd/system/flamingo-sshd-keygen-late.service" ] || fail "a late unit with nothing to make"
pass "only rsa asked for: made before sshd, no late unit"

root=$WORK/centos
make_sysroot "$root"
mkdir -p "$root/etc/ssh" "$root/usr/sbin" "$root/usr/lib/systemd/system"
cp /etc/ssh/sshd_config "$root/etc/ssh/sshd_config"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
printf 'ID="centos"\nID_LIKE="rhel fedora"\n' > "$root/etc/os-release"
printf 'ssh_keys:x:998:\n' >> "$root/etc/group"
# Units shaped as Fedora's openssh-server ships them: sshd waits for sshd-keygen.target, which
# wants an instance per type.
units=$root/usr/lib/systemd/system
printf '[Unit]\nDescription=keygen %%i\nConditionFileNotEmpty=|!/etc/ssh/ssh_host_%%i_key\n[Service]\nType=oneshot\nExecStart=/usr/libexec/openssh/sshd-keygen %%i\n' > "$units/sshd-keygen@.service"
printf '[Unit]\nWants=sshd-keygen@rsa.service\nWants=sshd-keygen@ecdsa.service\nWants=sshd-keygen@ed25519.service\nPartOf=sshd.service\n' > "$units/sshd-keygen.target"
printf '[Unit]\nWants=sshd-keygen.target\nAfter=network.target sshd-keygen.target\n[Service]\nExecStart=/usr/sbin/sshd -D\n' > "$units/sshd.service"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" 2> "$WORK/run3.log" || fail "centos run: $(cat "$WORK/run3.log")"
[ "$(stat -c '%a %u:%g' "$root/etc/ssh/ssh_host_ed25519_key")" = "640 0:998" ] || fail "centos private key: $(stat -c '%a %u:%g' "$root/etc/ssh/ssh_host_ed25519_key")"
[ ! -e "$root/etc/systemd/system/flamingo-sshd-keygen.service" ] || fail "a keygen unit on a system with sshd-keygen@.service"
dropin=$root/etc/systemd/system/sshd-keygen@rsa.service.d/50-flamingo-after-sshd.conf
grep -qx "ExecStartPost=-/bin/systemctl --no-block try-reload-or-restart sshd.service ssh.service" "$dropin" || fail "no drop-in for the rsa instance"
[ ! -e "$root/etc/systemd/system/sshd-keygen@ecdsa.service.d" ] || fail "a drop-in for a fast type"
[ ! -e "$root/etc/systemd/system/sshd-keygen@dsa.service.d" ] || fail "a drop-in for a type the target does not want"
waits_for "$root" sshd.service > "$WORK/sshd-waits"
grep -qx 'sshd-keygen@ecdsa.service' "$WORK/sshd-waits" && ! grep -qx 'sshd-keygen@rsa.service' "$WORK/sshd-waits" \
    || fail "sshd.service waits for: $(grep keygen "$WORK/sshd-waits")"
waits_for "$root" sshd-keygen@rsa.service > "$WORK/rsa-waits"
grep -qx sshd.service "$WORK/rsa-waits" || fail "the rsa instance does not follow sshd.service"
pass "centos: the private key 0640 root:ssh_keys; sshd-keygen@ makes the rest, its rsa instance after sshd (systemd's own loader: sshd waits for ecdsa, not rsa)"

# A target that wants only the slow type: moving it after sshd would start sshd with no key.
root=$WORK/centos-rsa-only
make_sysroot "$root"
mkdir -p "$root/etc/ssh" "$root/usr/sbin" "$root/usr/lib/systemd/system"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
cp "$units/sshd-keygen@.service" "$units/sshd.service" "$root/usr/lib/systemd/system/"
printf '[Unit]\nWants=sshd-keygen@rsa.service\n' > "$root/usr/lib/systemd/system/sshd-keygen.target"
printf 'instance-id: iid-rsa-target\n' > "$WORK/seed-rsa/meta-data"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed-rsa" 2> "$WORK/run4.log" || fail "run: $(cat "$WORK/run4.log")"
[ ! -e "$root/etc/systemd/system/sshd-keygen@rsa.service.d" ] || fail "rsa moved after sshd although nothing else makes a key before it"
pass "a keygen target wanting only rsa: left as it is (sshd never starts without a key)"

printf '#cloud-config\nssh_keys: {dsa_private: x, rsa_private: "not a key"}\nssh_genkeytypes: [rsa, dss]\n' > "$WORK/bad.yaml"
"$FLAMINGO" validate "$WORK/bad.yaml" > "$WORK/validate.txt" 2>&1 && fail "validate accepted bad keys"
for message in 'warning: ssh_keys.dsa_private: DSA host keys are not written' 'ssh_keys.rsa_private: expected a PEM or OpenSSH private key' 'ssh_genkeytypes\[1\]: unknown key type "dss"'; do
    grep -q "$message" "$WORK/validate.txt" || fail "validate: no '$message': $(cat "$WORK/validate.txt")"
done
pass "a key that is not one and an unknown type are errors with key paths; a DSA key a warning (cloud-init's example has one)"
