#!/usr/bin/env bash
# Secrets never leave the files they belong in: password hashes, plain-text chpasswd passwords, a
# private SSH host key and write_files contents appear in no log line (also --verbose and
# --dry-run) and not in the result records.
. "$(dirname "$0")/../device/lib.sh"

make_sysroot "$WORK/sysroot"
printf 'root:x:0:\n' > "$WORK/sysroot/etc/group"
mkdir -p "$WORK/sysroot/etc/ssh" "$WORK/sysroot/usr/sbin"
printf '#!/bin/sh\n' > "$WORK/sysroot/usr/sbin/sshd"; chmod 755 "$WORK/sysroot/usr/sbin/sshd"
ssh-keygen -q -t ed25519 -N "" -C "" -f "$WORK/hostkey"
secret_key=$(sed -n 2p "$WORK/hostkey")
mkdir -p "$WORK/seed"
printf 'instance-id: iid-secrets\n' > "$WORK/seed/meta-data"
python3 - "$WORK" "$(cat "$WORK/hostkey")" <<'PY'
import json, sys
work, key = sys.argv[1], sys.argv[2]
config = {
    "users": [{"name": "alice", "hashed_passwd": "$6$saltsalt$SECRETHASHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"}],
    "chpasswd": {"expire": False, "users": [{"name": "root", "password": "PlainTextSecret123", "type": "text"}]},
    "ssh_keys": {"ed25519_private": key},
    "write_files": [{"path": "/etc/app/token", "content": "TOKEN-SECRET-0123456789", "permissions": "0600"}],
}
open(f"{work}/seed/user-data", "w").write("#cloud-config\n" + json.dumps(config) + "\n")
PY
"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" --dry-run --verbose > "$WORK/dry.out" 2> "$WORK/dry.log" || fail "dry run: $(cat "$WORK/dry.log")"
"$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" --verbose > "$WORK/run.out" 2> "$WORK/run.log" || fail "run: $(cat "$WORK/run.log")"
grep -q 'TOKEN-SECRET' "$WORK/sysroot/etc/app/token" || fail "the file was not written"
for secret in SECRETHASH PlainTextSecret123 "$secret_key" TOKEN-SECRET; do
    for file in "$WORK/dry.out" "$WORK/dry.log" "$WORK/run.out" "$WORK/run.log" "$WORK"/sysroot/var/lib/flamingo/result.json "$WORK"/sysroot/var/lib/flamingo/results/*.json; do
        if grep -qF -- "$secret" "$file"; then fail "a secret (${secret:0:12}…) appears in $(basename "$file")"; fi
    done
done
pass "password hashes, plain-text passwords, a private host key and write_files contents appear in no log, dry run or record"
