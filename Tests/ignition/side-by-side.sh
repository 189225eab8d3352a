#!/usr/bin/env bash
# The same Ignition configs applied to two copies of one sysroot: one by flamingo, one by
# Debian's Ignition 2.14 (its dracut module's binary, run offline: fetch-offline, then files, on
# a directory; the `file` platform), then the trees compared path by path — type, mode, owner,
# contents or link target — and passwd/group/shadow/gshadow entry by entry
# (Tests/ignition/compare_trees.py). Where flamingo differs on purpose (docs/ignition.md), the
# difference is made equal before comparing, and says why:
# - Ignition enables a unit with a preset line (applied by systemd's first-boot preset-all);
#   flamingo makes the links `systemctl enable` makes: the Ignition copy gets `systemctl preset`.
# - Ignition removes a user with `userdel --remove` (her home and mail go); flamingo never deletes
#   a directory tree (a user's files stay): those two paths are left out of the comparison.
# - Ignition writes ssh keys to ~/.ssh/authorized_keys.d/ignition (Fedora CoreOS's sshd reads
#   that); flamingo to ~/.ssh/authorized_keys, which every sshd reads: Ignition is told the same
#   with IGNITION_WRITE_AUTHORIZED_KEYS_FRAGMENT=false.
. "$(dirname "$0")/../device/lib.sh"

IGNITION=/usr/lib/dracut/modules.d/30ignition/ignition
[ -x "$IGNITION" ] || fail "Debian's ignition package is needed ($IGNITION)"
for tool in useradd groupadd usermod userdel systemctl setfiles python3 gzip; do command -v $tool > /dev/null || fail "$tool is needed"; done
CONFIGS="$ROOT/Tests/ignition/configs"
chmod 755 "$WORK"  # Ignition writes ssh keys as the user: the path to the root must be searchable

# The image both start from: root, daemon, an existing `core` and `retired`, a group `legacy`, an existing file,
# directory, link and unit, and a unit enabled in the image.
base="$WORK/base"
make_sysroot "$base"
cat > "$base/etc/passwd" <<'EOD'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
core:x:1000:1000:CoreOS Admin:/home/core:/bin/sh
retired:x:1001:1001::/home/retired:/bin/sh
EOD
cat > "$base/etc/group" <<'EOD'
root:x:0:
daemon:x:1:
core:x:1000:
retired:x:1001:
legacy:x:1500:
EOD
printf 'root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\ncore:!:19000:0:99999:7:::\nretired:!:19000:0:99999:7:::\n' > "$base/etc/shadow"
printf 'root:*::\ndaemon:*::\ncore:!::\nretired:!::\nlegacy:!::\n' > "$base/etc/gshadow"
chmod 640 "$base/etc/shadow" "$base/etc/gshadow"
cp /etc/login.defs "$base/etc/login.defs"
mkdir -p "$base/var/lib" "$base/etc/skel" "$base/home/core" "$base/home/retired" "$base/srv/existing" "$base/usr/share" "$base/etc/selinux" \
    "$base/usr/lib/systemd/system" "$base/etc/systemd/system/multi-user.target.wants" "$base/etc/flamingo"
chown 1000:1000 "$base/home/core"; chown 1001:1001 "$base/home/retired"; chmod 700 "$base/srv/existing"
mkdir -p "$base/var/mail" && install -m 660 -o 1001 -g 1001 /dev/null "$base/var/mail/retired"
# Ignition 2.14 as Debian builds it relabels what it writes, whatever SELINUX says: a policy
# whose only rule is "leave labels alone" lets its setfiles run without changing anything.
printf 'SELINUX=disabled\nSELINUXTYPE=targeted\n' > "$base/etc/selinux/config"
mkdir -p "$base/etc/selinux/targeted/contexts/files"
printf '/.*\t<<none>>\n' > "$base/etc/selinux/targeted/contexts/files/file_contexts"
printf 'default_user: null\n' > "$base/etc/flamingo/flamingo.yaml"  # no image default user: the config's only
printf 'existing\n' > "$base/etc/existing.conf"
printf 'to be replaced\n' > "$base/etc/replaced.conf"
printf 'shared\n' > "$base/usr/share/existing"
ln -s /usr/share/existing "$base/etc/existing-link"
printf '[Service]\nExecStart=/bin/true\n' > "$base/usr/lib/systemd/system/existing.service"
printf '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n' > "$base/usr/lib/systemd/system/disabled-in-image.service"
ln -s /usr/lib/systemd/system/disabled-in-image.service "$base/etc/systemd/system/multi-user.target.wants/disabled-in-image.service"
printf '[Unit]\nDescription=image unit\n' > "$base/usr/lib/systemd/system/unwanted.service"

for name in accounts files units; do
    config="$CONFIGS/$name.ign"
    rm -rf "$WORK/flamingo" "$WORK/ignition" "$WORK/run" && mkdir -p "$WORK/run" "$WORK/seed"
    cp -a "$base" "$WORK/flamingo"; cp -a "$base" "$WORK/ignition"
    # flamingo: the config as user-data of a NoCloud seed.
    printf 'instance-id: iid-side-by-side\n' > "$WORK/seed/meta-data"
    cp "$config" "$WORK/seed/user-data"
    "$FLAMINGO" run --sysroot "$WORK/flamingo" --seed "$WORK/seed" > "$WORK/flamingo.out" 2> "$WORK/flamingo.log" \
        || fail "$name: flamingo: $(cat "$WORK/flamingo.log")"
    # Ignition: offline, its own two stages, on the other copy.
    common=(-platform file -config-cache "$WORK/run/ignition.json" -state-file "$WORK/run/state" -root "$WORK/ignition" -log-to-stdout)
    IGNITION_CONFIG_FILE="$config" "$IGNITION" "${common[@]}" -stage fetch-offline -neednet "$WORK/run/neednet" > "$WORK/ignition.log" 2>&1 \
        || fail "$name: ignition fetch-offline: $(tail -n 5 "$WORK/ignition.log")"
    IGNITION_WRITE_AUTHORIZED_KEYS_FRAGMENT=false "$IGNITION" "${common[@]}" -stage files >> "$WORK/ignition.log" 2>&1 \
        || fail "$name: ignition files: $(grep -E 'CRITICAL|ERROR' "$WORK/ignition.log" | head -n 3)"
    # Its preset lines, applied as the first boot would (systemd's preset-all).
    preset="$WORK/ignition/etc/systemd/system-preset/20-ignition.preset"
    if [ -f "$preset" ]; then
        units=$(awk '$1 == "enable" || $1 == "disable" {print $2}' "$preset")
        # shellcheck disable=SC2086
        [ -z "$units" ] || systemctl --root="$WORK/ignition" preset $units > /dev/null 2>&1 || fail "$name: systemctl preset: $units"
    fi
    python3 "$ROOT/Tests/ignition/compare_trees.py" "$WORK/flamingo" "$WORK/ignition" --base "$base" \
        --ignore var/lib/flamingo --ignore etc/.ignition-result.json --ignore etc/.pwd.lock --ignore etc/systemd/system-preset \
        --ignore etc/passwd- --ignore etc/group- --ignore etc/shadow- --ignore etc/gshadow- \
        --ignore home/retired --ignore var/mail/retired \
        > "$WORK/differences" 2> "$WORK/summary" || fail "$name: flamingo and Ignition 2.14 differ:
$(cat "$WORK/differences")"
    pass "$name.ign: flamingo's tree is Ignition 2.14's ($(cat "$WORK/summary"))"
done
