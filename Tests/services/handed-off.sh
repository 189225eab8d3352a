#!/usr/bin/env bash
# ca_certs, rsyslog, random_seed and what is handed to the booted system (packages, keys to the
# console, phone_home, final_message, power_state) on a CentOS-like and a Debian-like root: the
# files each distribution reads; the hand-off items in cloud-init's order (trust store and
# packages before runcmd; keys, phone_home, final_message, then power_state last), each a shell
# script `sh -n` accepts; on an rpm-ostree root packages are refused clearly.
. "$(dirname "$0")/../device/lib.sh"

openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -subj "/CN=flamingo test CA" -days 1 -out "$WORK/ca.pem" 2> /dev/null \
    || fail "openssl could not make a certificate"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-handed-off\n' > "$WORK/seed/meta-data"
python3 - "$WORK" <<'PY'
import json, sys, base64
work = sys.argv[1]
config = {
    "ca_certs": {"trusted": [open(f"{work}/ca.pem").read()]},
    "rsyslog": {"configs": ["*.* /var/log/all.log", {"filename": "10-remote.conf", "content": "local0.* /var/log/local0.log"}],
                "remotes": {"central": "@@logs.example.com:514", "backup": "authpriv.* 192.0.2.9"}},
    "random_seed": {"file": "/var/lib/seed.bin", "data": base64.b64encode(b"0123456789abcdef").decode(), "encoding": "b64",
                    "command": ["sh", "-c", "echo seeded"]},
    "packages": ["htop", ["tmux", "3.3a-3"]],
    "package_update": True,
    "runcmd": ["echo user command"],
    "phone_home": {"url": "https://phone.example.com/$INSTANCE_ID/", "post": ["instance_id", "hostname", "pub_key_ed25519"]},
    "final_message": "done after $UPTIME s",
    "power_state": {"mode": "reboot", "delay": "+1", "message": "rebooting to finish", "condition": True},
}
open(f"{work}/seed/user-data", "w").write("#cloud-config\n" + json.dumps(config, indent=1) + "\n")
PY

for id in centos debian; do
    root=$WORK/$id
    make_sysroot "$root"
    mkdir -p "$root/usr/sbin" "$root/etc/ssh"
    printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
    if [ $id = debian ]; then printf 'ID=debian\n' > "$root/etc/os-release"; anchors=$root/usr/local/share/ca-certificates; rebuild=update-ca-certificates
    else printf 'ID="centos"\nID_LIKE="rhel fedora"\n' > "$root/etc/os-release"; anchors=$root/etc/pki/ca-trust/source/anchors; rebuild="update-ca-trust extract"; fi
    "$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --verbose 2> "$WORK/$id.log" || fail "$id: run: $(cat "$WORK/$id.log")"
    openssl x509 -noout -subject -in "$anchors/cloud-init-ca-certs.crt" | grep -q "flamingo test CA" || fail "$id: the CA certificate"
    grep -qxF '*.* /var/log/all.log' "$root/etc/rsyslog.d/20-cloud-config.conf" || fail "$id: rsyslog default file: $(cat "$root/etc/rsyslog.d/20-cloud-config.conf")"
    grep -qxF '*.* @@logs.example.com:514 # central' "$root/etc/rsyslog.d/20-cloud-config.conf" || fail "$id: rsyslog remote"
    grep -qxF 'authpriv.* @192.0.2.9 # backup' "$root/etc/rsyslog.d/20-cloud-config.conf" || fail "$id: rsyslog remote with a selector"
    grep -qxF 'local0.* /var/log/local0.log' "$root/etc/rsyslog.d/10-remote.conf" || fail "$id: rsyslog named file"
    [ "$(cat "$root/var/lib/seed.bin")" = 0123456789abcdef ] && [ "$(stat -c %a "$root/var/lib/seed.bin")" = 600 ] || fail "$id: random seed file"
    run=$root/var/lib/flamingo/handoff/run
    order=$(grep -oE '^if due (ca-certificates|random-seed-command|packages|runcmd|keys-to-console|phone-home|final-message|power-state) ' "$run" | sed 's/^if due //; s/ $//' | tr '\n' ' ')
    [ "$order" = "ca-certificates random-seed-command packages runcmd keys-to-console phone-home final-message power-state " ] || fail "$id: hand-off order: $order"
    for item in ca-certificates random-seed-command packages keys-to-console phone-home final-message power-state; do
        sh -n "$root/var/lib/flamingo/handoff/$item" || fail "$id: $item is not valid sh"
    done
    grep -qF "$rebuild" "$root/var/lib/flamingo/handoff/ca-certificates" || fail "$id: trust store rebuild"
    if [ $id = debian ]; then
        grep -qF "apt-get -y install 'htop' 'tmux=3.3a-3'" "$root/var/lib/flamingo/handoff/packages" || fail "debian: packages: $(cat "$root/var/lib/flamingo/handoff/packages")"
    else
        grep -qF "install 'htop' 'tmux-3.3a-3'" "$root/var/lib/flamingo/handoff/packages" && grep -q makecache "$root/var/lib/flamingo/handoff/packages" || fail "centos: packages"
    fi
    grep -q "shutdown -r +1 'rebooting to finish'" "$root/var/lib/flamingo/handoff/power-state" || fail "$id: power_state: $(cat "$root/var/lib/flamingo/handoff/power-state")"
    before=$(tree_digest "$root")
    "$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --force 2> "$WORK/$id-2.log" || fail "$id: second run: $(cat "$WORK/$id-2.log")"
    [ "$(tree_digest "$root")" = "$before" ] || fail "$id: a second run changed the tree"
    pass "$id: CA anchor, rsyslog files and remotes, seed file; hand-offs in cloud-init's order, each valid sh; a second run changes nothing"
done

root=$WORK/ostree
make_sysroot "$root"
mkdir -p "$root/usr/bin"; printf '#!/bin/sh\n' > "$root/usr/bin/rpm-ostree"; chmod 755 "$root/usr/bin/rpm-ostree"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" 2> "$WORK/ostree.log" || fail "ostree run: $(cat "$WORK/ostree.log")"
grep -q 'this is an rpm-ostree system: packages are layered with `rpm-ostree install`' "$WORK/ostree.log" || fail "ostree: $(cat "$WORK/ostree.log")"
[ ! -e "$root/var/lib/flamingo/handoff/packages" ] || fail "packages handed off on rpm-ostree"
pass "rpm-ostree: packages refused with a clear message, nothing handed off"

# Mistakes in these keys are errors with file, line:column and key path.
cat > "$WORK/bad.yaml" <<'EOD'
#cloud-config
ca_certs: {trusted: ["not a certificate"]}
rsyslog: {remotes: {bad: "@@ two words here"}}
random_seed: {data: "***", encoding: base64}
power_state: {mode: sleep}
phone_home: {url: "ftp://example.com/"}
packages: ["vim; rm -rf /"]
locale: "en US"
keyboard: {model: pc105}
EOD
"$FLAMINGO" validate "$WORK/bad.yaml" > "$WORK/validate.txt" 2>&1 && fail "validate accepted bad input"
for message in 'bad.yaml:2:22: error: ca_certs.trusted\[0\]: expected a PEM certificate' 'rsyslog.remotes.bad: expected \[selector\]' \
               'random_seed.data: not valid base64' 'power_state.mode: expected poweroff, reboot or halt, found "sleep"' \
               'phone_home.url: expected an http(s) URL' 'packages\[0\]: "vim; rm -rf /" is not a package name' \
               'locale: "en US" is not a locale name' 'keyboard: keyboard needs a layout'; do
    grep -q "$message" "$WORK/validate.txt" || fail "validate: no '$message': $(cat "$WORK/validate.txt")"
done
pass "bad ca_certs, rsyslog, random_seed, power_state, phone_home, packages, locale and keyboard values are errors with locations"
