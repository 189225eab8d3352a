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
# Every top-level key of the installed cloud-init's schema is in the keys column of a row, and
# validate knows it (a supported key, or one it names as not supported): none is "unknown".
schema=$(dpkg -L cloud-init | grep '/schemas/schema-cloud-config-v1\.json$' || true)
[ -n "$schema" ] || fail "no cloud-config schema in the cloud-init package"
python3 - "$schema" "$doc" > "$WORK/schema-keys" <<'EOD' || fail "schema keys missing from docs/cloud-config.md: $(cat "$WORK/schema-keys")"
import json, re, sys
schema, doc = json.load(open(sys.argv[1])), open(sys.argv[2]).read()
keys = {key for name, d in schema["$defs"].items() if name.startswith("cc_") or name == "base_config" for key in d.get("properties", {})}
column = {key for line in doc.splitlines() if line.startswith("| ") and line.count("|") > 4
          for key in re.findall(r"`([a-z_0-9-]+)", line.split("|")[2])}
missing = sorted(keys - column)
print(" ".join(missing) if missing else "\n".join(sorted(keys)))
sys.exit(1 if missing else 0)
EOD
schema_keys=0
while read -r key; do
    printf '#cloud-config\n%s: null\n' "$key" > "$WORK/key.yaml"
    "$FLAMINGO" validate "$WORK/key.yaml" > "$WORK/out" 2>&1 || true
    grep -q "unknown key" "$WORK/out" && fail "validate calls the schema's key $key unknown: $(cat "$WORK/out")"
    schema_keys=$((schema_keys + 1))
done < "$WORK/schema-keys"
[ "$schema_keys" -ge 80 ] || fail "only $schema_keys schema keys read"
pass "all $count cloud-init modules have a row; validate names each unsupported key ($(echo $keys | wc -w) keys); all $schema_keys schema keys are in the table and known to validate"
