#!/usr/bin/env bash
# Every module of the installed cloud-init (cloudinit/config/cc_*.py) has a row in the table of
# docs/cloud-config.md, and every key of the "not supported" rows is one `flamingo validate`
# names as not supported (never silently ignored).
. "$(dirname "$0")/../device/lib.sh"

ntp_module=$(dpkg -L cloud-init 2> /dev/null | grep '/cloudinit/config/cc_ntp\.py$' || true)
[ -n "$ntp_module" ] || fail "no cloud-init (scripts/test.sh installs it)"
modules=$(dirname "$ntp_module")
doc=$ROOT/docs/cloud-config.md
count=0
for file in "$modules"/cc_*.py; do
    name=$(basename "$file" .py); name=${name#cc_}
    grep -q "^| \`$name\` |" "$doc" || fail "cloud-init's $name module has no row in docs/cloud-config.md"
    count=$((count + 1))
done
keys=$(grep -E '^\| `[a-z_0-9]+` \| [^|]+ \| not (supported|applicable)' "$doc" | awk -F'|' '{print $3}' | grep -oE '`[a-z_0-9-]+`' | tr -d '`' | sort -u)
for key in $keys; do
    printf '#cloud-config\n%s: {}\n' "$key" > "$WORK/one.yaml"
    "$FLAMINGO" validate "$WORK/one.yaml" > "$WORK/out" 2>&1 || true
    grep -q "$key: recognised cloud-init key, but flamingo" "$WORK/out" || fail "validate does not name $key as not supported: $(cat "$WORK/out")"
done
pass "all $count cloud-init modules have a row; validate names each unsupported key ($(echo $keys | wc -w) keys)"
