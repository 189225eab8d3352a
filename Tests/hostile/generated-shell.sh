#!/usr/bin/env bash
# Nothing from user-data runs unless the user asked for a command (runcmd, bootcmd, scripts,
# a power_state condition, a random_seed command): every other value that lands in a generated
# shell script — random_seed.file, package names, final_message, the key types kept off the
# console, phone_home's URL, power_state's message, deferred write_files paths and owners — is
# quoted. Each value below carries a quote, $(…) and backquotes that would create /pwned-N if
# they ran; every generated script passes `sh -n`, and the runner, run in a chroot, creates none.
. "$(dirname "$0")/../identity/lib.sh"

mkdir -p "$WORK/seed"
printf 'instance-id: iid-generated-shell\n' > "$WORK/seed/meta-data"
python3 - "$WORK/seed/user-data" <<'PY'
import json, sys
bad = lambda n: f"it's \"$(touch /pwned-{n})\" `touch /pwned-{n}b` ${{IFS}}; touch /pwned-{n}c #"
config = {
    "random_seed": {"file": "/var/lib/" + bad(1).replace("/", "_"), "data": "seed", "command": ["sh", "-c", "true"]},
    "packages": ["htop*"],
    "final_message": bad(2) + " up $UPTIME s, {{ version }}",
    "ssh_fp_console_blacklist": [bad(3)],
    "ssh_key_console_blacklist": [bad(4)],
    "phone_home": {"url": "http://127.0.0.1:9/" + bad(5).replace(" ", "") + "/$INSTANCE_ID", "post": ["instance_id"], "tries": 1},
    "power_state": {"mode": "reboot", "delay": "+1", "message": bad(6)},
    "write_files": [{"path": "/srv/" + bad(7).replace("/", "_"), "content": "x", "defer": True, "owner": "root:root"}],
}
open(sys.argv[1], "w").write("#cloud-config\n" + json.dumps(config, indent=1) + "\n")
PY

root=$WORK/root
make_debian_sysroot "$root"
install_runner_tools "$root"
printf '#!/bin/sh\n' > "$root/usr/sbin/sshd"; chmod 755 "$root/usr/sbin/sshd"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/seed" --verbose 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
handoff=$root/var/lib/flamingo/handoff
checked=0
for script in "$handoff"/*; do
    [ -f "$script" ] && head -c 9 "$script" | grep -q '^#!/bin/sh' || continue
    sh -n "$script" || fail "$(basename "$script") is not valid sh: $(cat "$script")"
    checked=$((checked + 1))
done
[ "$checked" -ge 6 ] || fail "only $checked generated scripts found: $(ls "$handoff")"
# The runner in a chroot: apt-get, curl and shutdown are absent there, so their items fail; what
# matters is that nothing of the values above ran.
mkdir -p "$root/proc"; mount -t proc proc "$root/proc"
chroot "$root" /bin/sh /var/lib/flamingo/handoff/run > "$WORK/boot.out" 2>&1 || true
umount "$root/proc"
pwned=$(find "$root" -maxdepth 1 -name 'pwned-*' | sort | tr '\n' ' ')
assert_eq "$pwned" "" "files created by values from user-data"
# /dev/console is a plain file in the chroot: what the items printed to the console.
grep -qF "it's \"\$(touch /pwned-2)\" \`touch /pwned-2b\`" "$root/dev/console" || fail "final_message not printed as written: $(cat "$root/dev/console")"
grep -qE "up [0-9.]+ s, [0-9]" "$root/dev/console" || fail "final_message's variables not expanded: $(cat "$root/dev/console")"
ls "$root/srv/" | grep -q "pwned-7" || fail "the deferred file with a hostile name was not written: $(ls "$root/srv")"
pass "$checked generated scripts pass sh -n; values with quotes, \$(…) and backquotes stay text when the runner runs them"
