#!/usr/bin/env bash
# timezone, locale, keyboard, ntp, yum_repos and resolv_conf on a CentOS-like and a Debian-like
# sysroot: the files each distribution reads, checked by the programs that read them where they
# run here (chronyd -p parses the chrony configuration; Python's configparser the .repo file;
# systemctl --root agrees that the NTP unit is enabled); a second run changes nothing; mistakes
# are errors with key paths.
. "$(dirname "$0")/../device/lib.sh"

# sysroot DIR ID: a root with os-release, zoneinfo, chronyd and its unit, locale.gen on Debian.
sysroot() {
    local dir=$1 id=$2 unit=chronyd.service
    make_sysroot "$dir"
    mkdir -p "$dir/usr/share/zoneinfo/Europe" "$dir/usr/sbin" "$dir/usr/lib/systemd/system" "$dir/etc/yum.repos.d"
    cp /usr/share/zoneinfo/Europe/Paris "$dir/usr/share/zoneinfo/Europe/Paris"
    printf '#!/bin/sh\n' > "$dir/usr/sbin/chronyd"; chmod 755 "$dir/usr/sbin/chronyd"
    if [ "$id" = debian ]; then
        unit=chrony.service
        printf 'ID=debian\nVERSION_ID="12"\n' > "$dir/etc/os-release"
        printf '# This file lists locales\n# en_US.UTF-8 UTF-8\n# fr_FR.UTF-8 UTF-8\n' > "$dir/etc/locale.gen"
    else
        printf 'ID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="9"\n' > "$dir/etc/os-release"
    fi
    printf '[Unit]\nDescription=NTP\n[Service]\nExecStart=/usr/sbin/chronyd\n[Install]\nWantedBy=multi-user.target\n' > "$dir/usr/lib/systemd/system/$unit"
}

mkdir -p "$WORK/seed"
printf 'instance-id: iid-settings\n' > "$WORK/seed/meta-data"
cat > "$WORK/seed/user-data" <<'EOD'
#cloud-config
timezone: Europe/Paris
locale: fr_FR.UTF-8
keyboard: {layout: de, variant: nodeadkeys}
ntp:
  servers: [ntp1.example.com, 192.0.2.123]
  pools: [pool.example.org]
  peers: [peer.example.com]
  allow: [10.0.0.0/8]
yum_repos:
  epel-testing:
    baseurl: ["https://mirror.example.com/epel/$releasever/", "https://backup.example.com/epel/"]
    enabled: false
    gpgcheck: true
    gpgkey: file:///etc/pki/rpm-gpg/RPM-GPG-KEY-EPEL-9
    skip-if-unavailable: true
manage_resolv_conf: true
resolv_conf:
  nameservers: [192.0.2.53, 192.0.2.54]
  searchdomains: [example.com, corp.example.com]
  domain: example.com
  options: {rotate: true, timeout: 1}
EOD

for id in centos debian; do
    root=$WORK/$id
    sysroot "$root" $id
    "$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --verbose 2> "$WORK/$id.log" || fail "$id: run: $(cat "$WORK/$id.log")"
    [ "$(readlink "$root/etc/localtime")" = ../usr/share/zoneinfo/Europe/Paris ] || fail "$id: /etc/localtime: $(readlink "$root/etc/localtime")"
    [ "$(head -c 4 "$root/etc/localtime")" = TZif ] || fail "$id: /etc/localtime does not lead to a zone file"
    if [ $id = debian ]; then
        [ "$(cat "$root/etc/timezone")" = Europe/Paris ] || fail "debian: /etc/timezone"
        grep -qx 'LANG=fr_FR.UTF-8' "$root/etc/default/locale" || fail "debian: /etc/default/locale"
        grep -qx 'fr_FR.UTF-8 UTF-8' "$root/etc/locale.gen" || fail "debian: locale.gen: $(cat "$root/etc/locale.gen")"
        grep -qx 'locale-gen' "$root/var/lib/flamingo/handoff/locale-gen" || fail "debian: locale-gen not handed off"
        grep -qx 'XKBLAYOUT="de"' "$root/etc/default/keyboard" && grep -qx 'XKBVARIANT="nodeadkeys"' "$root/etc/default/keyboard" || fail "debian: keyboard"
        conf=$root/etc/chrony/chrony.conf unit=chrony.service
    else
        [ ! -e "$root/etc/timezone" ] || fail "centos: /etc/timezone written"
        grep -qx 'LANG=fr_FR.UTF-8' "$root/etc/locale.conf" || fail "centos: /etc/locale.conf"
        grep -q 'Option "XkbLayout" "de"' "$root/etc/X11/xorg.conf.d/00-keyboard.conf" || fail "centos: 00-keyboard.conf"
        grep -qx 'KEYMAP=de-nodeadkeys' "$root/etc/vconsole.conf" || fail "centos: vconsole.conf"
        conf=$root/etc/chrony.conf unit=chronyd.service
    fi
    for line in 'server ntp1.example.com iburst' 'server 192.0.2.123 iburst' 'pool pool.example.org iburst' 'peer peer.example.com' 'allow 10.0.0.0/8'; do
        grep -qxF "$line" "$conf" || fail "$id: $conf lacks '$line': $(cat "$conf")"
    done
    if command -v chronyd > /dev/null; then
        chronyd -p -f "$conf" > "$WORK/chrony.out" 2>&1 || fail "$id: chronyd -p rejects $conf: $(cat "$WORK/chrony.out")"
        grep -q 'server ntp1.example.com iburst' "$WORK/chrony.out" || fail "$id: chronyd -p: $(cat "$WORK/chrony.out")"
    fi
    [ "$(systemctl --root "$root" is-enabled $unit)" = enabled ] || fail "$id: $unit not enabled"
    python3 - "$root/etc/yum.repos.d/epel-testing.repo" <<'PY' || fail "$id: the .repo file"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1])
r = c["epel-testing"]
assert r["name"] == "epel-testing", r["name"]
assert r["baseurl"].split() == ["https://mirror.example.com/epel/$releasever/", "https://backup.example.com/epel/"], r["baseurl"]
assert r["enabled"] == "0" and r["gpgcheck"] == "1" and r["skip_if_unavailable"] == "1", dict(r)
PY
    expected=$(printf '%s\n' "# Written by flamingo from the instance's cloud-config (resolv_conf)." \
        'search example.com corp.example.com' 'domain example.com' 'nameserver 192.0.2.53' 'nameserver 192.0.2.54' 'options rotate timeout:1')
    [ "$(cat "$root/etc/resolv.conf")" = "$expected" ] || fail "$id: resolv.conf: $(cat "$root/etc/resolv.conf")"
    before=$(tree_digest "$root")
    "$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --force 2> "$WORK/$id-2.log" || fail "$id: second run: $(cat "$WORK/$id-2.log")"
    [ "$(tree_digest "$root")" = "$before" ] || fail "$id: a second run changed the tree"
    pass "$id: timezone, locale, keyboard, chrony (chronyd -p reads it; $unit enabled), yum repo, resolv.conf; a second run changes nothing"
done

# A resolv.conf the image manages (a link) is left alone; an unknown zone is an error.
root=$WORK/managed
sysroot "$root" centos
ln -s ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
printf 'instance-id: iid-managed\n' > "$WORK/seed/meta-data"
sed -i 's|^timezone: Europe/Paris|timezone: Mars/Olympus_Mons|' "$WORK/seed/user-data"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" 2> "$WORK/managed.log" && fail "an unknown zone exited 0"
grep -q 'timezone: unknown time zone "Mars/Olympus_Mons": the sysroot has no /usr/share/zoneinfo/Mars/Olympus_Mons' "$WORK/managed.log" || fail "$(cat "$WORK/managed.log")"
grep -q '/etc/resolv.conf is managed by the image (a link to ../run/systemd/resolve/stub-resolv.conf): left alone' "$WORK/managed.log" || fail "$(cat "$WORK/managed.log")"
[ "$(readlink "$root/etc/resolv.conf")" = ../run/systemd/resolve/stub-resolv.conf ] || fail "the managed resolv.conf was replaced"
printf '#cloud-config\nntp: {ntp_client: openntpd, servers: ["a b"]}\nyum_repos: {"bad/id": {baseurl: x}, "my repo": {baseurl: x}, ok: {name: x}}\n' > "$WORK/bad.yaml"
"$FLAMINGO" validate "$WORK/bad.yaml" > "$WORK/validate.txt" 2>&1 && fail "validate accepted bad settings"
for message in 'warning: ntp.ntp_client: "openntpd" is not a client flamingo configures' 'ntp.servers\[0\]: expected one field without spaces or tabs, found "a b"' \
               'yum_repos.bad/id: "bad/id" is not a repository id' 'yum_repos.ok: a repository needs baseurl, metalink or mirrorlist'; do
    grep -q "$message" "$WORK/validate.txt" || fail "validate: no '$message': $(cat "$WORK/validate.txt")"
done
grep -q "my repo" "$WORK/validate.txt" && fail "an id with a space (cloud-init makes it my-repo) was refused: $(cat "$WORK/validate.txt")"
pass "an unknown zone is an error; a managed resolv.conf is left alone; bad ntp and yum_repos settings are errors with key paths (an unknown ntp client a warning)"
