#!/usr/bin/env bash
# The `systemd` extension side by side with systemctl itself: a tree with unit files (WantedBy,
# RequiredBy, Alias, Also, a template with DefaultInstance, an instance of a template written
# from user-data, a unit without [Install], an enabled unit to disable, a mask and an unmask) is
# copied; flamingo changes one copy, `systemctl --root` the other (after the same unit files are
# written into it); the symlinks under /etc/systemd/system must be the same, and
# `systemctl --root … is-enabled` must say the same of every unit. A second run changes nothing.
. "$(dirname "$0")/../device/lib.sh"

command -v systemctl > /dev/null || fail "no systemctl"
tree=$WORK/flamingo
make_sysroot "$tree"
lib=$tree/usr/lib/systemd/system
mkdir -p "$lib" "$tree/etc/systemd/system/multi-user.target.wants"
unit() { printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/bin/true\n%b' "$1" "${2:+\n[Install]\n$2\n}" > "$lib/$1"; }
unit base.service 'WantedBy=multi-user.target\nAlias=base-alias.service\nAlso=helper.socket'
printf '[Socket]\nListenStream=/run/helper.sock\n\n[Install]\nWantedBy=sockets.target\n' > "$lib/helper.socket"
unit tmpl@.service 'WantedBy=multi-user.target\nDefaultInstance=one'
unit req.service 'RequiredBy=graphical.target'
unit noinstall.service
unit old.service 'WantedBy=multi-user.target'
unit masked.service 'WantedBy=multi-user.target'
ln -s /usr/lib/systemd/system/old.service "$tree/etc/systemd/system/multi-user.target.wants/old.service"
ln -s /dev/null "$tree/etc/systemd/system/premasked.service"
cp -a "$tree" "$WORK/systemctl"

app='[Unit]
Description=app

[Service]
ExecStart=/bin/sleep infinity

[Install]
WantedBy=multi-user.target
Alias=application.service'
inst='[Unit]
Description=instance %i

[Service]
ExecStart=/bin/echo %i

[Install]
WantedBy=multi-user.target'
mkdir -p "$WORK/seed"
printf 'instance-id: iid-units\n' > "$WORK/seed/meta-data"
python3 - "$WORK/seed/user-data" "$app" "$inst" <<'PY'
import json, sys
path, app, inst = sys.argv[1:4]
units = [
    {"name": "app.service", "contents": app + "\n", "enabled": True,
     "dropins": [{"name": "10-env.conf", "contents": "[Service]\nEnvironment=A=1\n"}]},
    {"name": "inst@.service", "contents": inst + "\n"},
    {"name": "inst@web.service", "enabled": True},
    {"name": "base.service", "enabled": True},
    {"name": "tmpl@.service", "enabled": True},
    {"name": "req.service", "enabled": True},
    {"name": "noinstall.service", "enabled": True},
    {"name": "old.service", "enabled": False},
    {"name": "masked.service", "mask": True},
    {"name": "premasked.service", "mask": False},
]
open(path, "w").write("#cloud-config\n" + json.dumps({"systemd": {"units": units}}, indent=1) + "\n")
PY
"$FLAMINGO" run --sysroot "$tree" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"

# The same by systemctl: the unit files first (as flamingo wrote them), then systemctl --root.
other=$WORK/systemctl
cp "$tree/etc/systemd/system/app.service" "$tree/etc/systemd/system/inst@.service" "$other/etc/systemd/system/"
cp -a "$tree/etc/systemd/system/app.service.d" "$other/etc/systemd/system/"
systemctl --root "$other" enable app.service inst@web.service base.service tmpl@.service req.service noinstall.service > "$WORK/sc.log" 2>&1 \
    || fail "systemctl enable: $(cat "$WORK/sc.log")"
systemctl --root "$other" disable old.service >> "$WORK/sc.log" 2>&1 || fail "systemctl disable: $(cat "$WORK/sc.log")"
systemctl --root "$other" mask masked.service >> "$WORK/sc.log" 2>&1 || fail "systemctl mask: $(cat "$WORK/sc.log")"
systemctl --root "$other" unmask premasked.service >> "$WORK/sc.log" 2>&1 || fail "systemctl unmask: $(cat "$WORK/sc.log")"

links() { (cd "$1/etc/systemd/system" && find . -type l -printf '%P -> %l\n' | sort); }
if [ "$(links "$tree")" != "$(links "$other")" ]; then
    diff <(links "$other") <(links "$tree") | sed 's/^/    /'
    fail "flamingo's links differ from systemctl's (< systemctl, > flamingo)"
fi
pass "the same $(links "$tree" | wc -l) links as systemctl --root (WantedBy, RequiredBy, Alias, Also, DefaultInstance, an instance, disable, mask, unmask)"

for name in app.service application.service inst@web.service base.service base-alias.service helper.socket tmpl@one.service \
            req.service noinstall.service old.service masked.service premasked.service; do
    ours=$(systemctl --root "$tree" is-enabled "$name" 2>&1 || true)
    theirs=$(systemctl --root "$other" is-enabled "$name" 2>&1 || true)
    [ "$ours" = "$theirs" ] || fail "is-enabled $name: flamingo's tree says '$ours', systemctl's '$theirs'"
done
[ "$(systemctl --root "$tree" is-enabled app.service)" = enabled ] || fail "app.service is not enabled"
grep -qx 'Environment=A=1' "$tree/etc/systemd/system/app.service.d/10-env.conf" || fail "no drop-in"
pass "systemctl --root is-enabled says the same of all 12 units in both trees"

before=$(tree_digest "$tree")
"$FLAMINGO" run --sysroot "$tree" --seed "$WORK/seed" --force 2> "$WORK/run2.log" || fail "second run: $(cat "$WORK/run2.log")"
[ "$(tree_digest "$tree")" = "$before" ] || fail "a second run changed the tree"
pass "a second run changes nothing"

# Mistakes: a unit that does not exist, a template without DefaultInstance, contents with a mask.
printf '#cloud-config\nsystemd:\n  units:\n    - {name: nosuch.service, enabled: true}\n    - {name: inst@.service, enabled: true}\n    - {name: x.service, contents: "[Unit]", mask: true}\n    - {name: "bad name", enabled: true}\n' > "$WORK/bad.yaml"
"$FLAMINGO" validate "$WORK/bad.yaml" > "$WORK/validate.txt" 2>&1 && fail "validate accepted bad units"
grep -q 'bad.yaml:6:.*systemd.units\[2\].mask: a masked unit cannot have contents' "$WORK/validate.txt" || fail "validate: $(cat "$WORK/validate.txt")"
grep -q 'bad.yaml:7:.*systemd.units\[3\].name: "bad name" is not a unit name' "$WORK/validate.txt" || fail "validate: $(cat "$WORK/validate.txt")"
cp "$WORK/bad.yaml" "$WORK/seed/user-data"
sed -i '/mask: true/d; /bad name/d' "$WORK/seed/user-data"
printf 'instance-id: iid-units-2\n' > "$WORK/seed/meta-data"
"$FLAMINGO" run --sysroot "$tree" --seed "$WORK/seed" 2> "$WORK/run3.log" && fail "a run with a missing unit exited 0"
grep -q "systemd.units\[0\]: nosuch.service: no such unit file in the sysroot" "$WORK/run3.log" || fail "run: $(cat "$WORK/run3.log")"
grep -q "inst@.service is a template without DefaultInstance=" "$WORK/run3.log" || fail "run: $(cat "$WORK/run3.log")"
pass "mistakes are errors with key paths: no such unit, a template without DefaultInstance, a mask with contents, a bad name"
