#!/usr/bin/env bash
# sudo rules against sudo's own parser: every rule flamingo accepts must pass `visudo -c` (a rule
# sudo cannot parse disables sudo for everyone), over tricky rules and every `sudo:` rule of
# cloud-init's documented examples. flamingo may refuse more than visudo (it takes one rule per
# line and no options such as TIMEOUT=), never less.
. "$(dirname "$0")/lib.sh"
command -v visudo > /dev/null || fail "visudo (sudo) is needed"

rules=(
    'ALL=(ALL) NOPASSWD:ALL' 'ALL=(ALL:ALL) ALL' 'ALL = (root) NOPASSWD: /bin/ls, /bin/cat'
    'ALL=(ALL) ALL, !/bin/su' 'ALL=(ALL) NOPASSWD: /usr/bin/systemctl restart nginx'
    'ALL=(ALL) sudoedit /etc/hosts' 'ALL=(ALL) /usr/bin/*' 'ALL=(ALL) NOPASSWD:SETENV: ALL'
    'ALL=(alice : wheel) ALL' 'ALL=(ALL) !ALL' 'ALL=() ALL' 'ALL=(ALL) /usr/bin/dd if=/dev/zero'
    'ALL=(ALL) /bin/echo a\:b' 'ALL=(ALL) /bin/echo a\,b' 'ALL=(ALL) /bin/echo (a)'
    'ALL=(ALL) /bin/true : garbage' 'ALL=(ALL) /bin/echo #1' 'ALL=(ALL) /bin/echo #comment'
    'ALL=(ALL) NOPASWD: ALL' 'ALL=(ALL) /bin/echo a,b' "ALL=(ALL) /bin/sh -c 'echo a:b'"
    'ALL=(ALL) /bin/echo \' 'ALL=(ALL)' '(ALL) ALL' 'ALL=(ALL) "/bin/ls"' 'ALL=(ALL) TIMEOUT=5 ALL'
    'ALL=(ALL) ALL : ALL=(root) /bin/ls' 'ALL=(ALL NOPASSWD:ALL' 'ALL=(ALL) NOPASSWD ALL'
    'ALL=(ALL) ALL, ' 'ALL=(ALL) ,ALL' 'ALL=(ALL) ALL extra' 'ALL=(ALL) /bin/ls -l /root/*'
)
# Every sudo rule in cloud-init's documented examples.
while IFS= read -r rule; do rules+=("$rule"); done < <(python3 - "$ROOT/../shared/data/cloud-init-examples" <<'PY'
import sys, os, yaml
for name in sorted(os.listdir(sys.argv[1])):
    try: doc = yaml.safe_load(open(os.path.join(sys.argv[1], name)))
    except Exception: continue
    for user in (doc or {}).get('users', []) if isinstance(doc, dict) else []:
        sudo = user.get('sudo') if isinstance(user, dict) else None
        for rule in (sudo if isinstance(sudo, list) else [sudo] if isinstance(sudo, str) else []):
            print(rule)
PY
)
[ "${#rules[@]}" -gt 35 ] || fail "no sudo rules read from cloud-init's examples (${#rules[@]} in all)"

accepted=0 refused_more=0
for rule in "${rules[@]}"; do
    printf 'alice %s\n' "$rule" > "$WORK/sudoers"; chmod 440 "$WORK/sudoers"
    visudo_ok=0; visudo -c -q -f "$WORK/sudoers" > /dev/null 2>&1 || visudo_ok=1
    python3 -c 'import json,sys; print("#cloud-config\n" + json.dumps({"users": [{"name": "alice", "sudo": sys.argv[1]}]}))' "$rule" > "$WORK/user-data"
    ours=0; "$FLAMINGO" validate "$WORK/user-data" > "$WORK/validate.out" 2>&1 || ours=$?
    [ "$ours" -le 1 ] || fail "validate exited $ours for \"$rule\": $(cat "$WORK/validate.out")"
    if [ "$ours" = 0 ]; then
        [ "$visudo_ok" = 0 ] || fail "flamingo accepts \"$rule\", which visudo refuses"
        accepted=$((accepted + 1))
    else
        grep -q 'invalid sudo rule' "$WORK/validate.out" || fail "no clear message for \"$rule\": $(cat "$WORK/validate.out")"
        [ "$visudo_ok" = 0 ] && { refused_more=$((refused_more + 1)); echo "  refused, visudo would take it: $rule"; }
    fi
done
pass "${#rules[@]} sudo rules: the $accepted flamingo accepts all pass visudo -c; $refused_more refused that visudo would take"
