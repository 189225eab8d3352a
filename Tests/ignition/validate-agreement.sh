#!/usr/bin/env bash
# flamingo validate against Debian's ignition-validate (2.14) on every Ignition config the tests
# use (Tests/ignition: cases, configs and the boot cases' and e2e's configs) and on Ignition's
# own documented examples (Tests/FlamingoCoreTests/Fixtures/ignition-examples): the same verdict
# (valid: exit 0, warnings allowed; invalid: exit 1) on each, except the configs listed in
# Tests/ignition/known-differences.txt, which must still differ. ignition-validate 2.14 knows
# spec 3.4.0 only as 3.4.0-experimental: a 3.4.0 or later config is compared rewritten to that.
# Also: every error flamingo prints has file:line:column and a JSON path.
. "$(dirname "$0")/../device/lib.sh"

command -v ignition-validate > /dev/null || fail "Debian's ignition package (ignition-validate) is needed"
cd "$ROOT/Tests" || fail "no Tests directory"
known="ignition/known-differences.txt"
verdict() { if "$@" > "$WORK/out" 2>&1; then echo valid; else echo invalid; fi; }
agreed=0 differed=0
for config in ignition/cases/*.ign ignition/configs/*.ign ignition/boot/*.ign FlamingoCoreTests/Fixtures/ignition-examples/*.ign; do
    [ -e "$config" ] || continue
    flamingo=$(verdict "$FLAMINGO" validate "$config")
    if [ "$flamingo" = invalid ]; then
        grep -q ': error: ' "$WORK/out" || fail "$config: invalid, but no error said: $(cat "$WORK/out")"
        grep ': error: ' "$WORK/out" | grep -vqE '^[^ ]+:[0-9]+:[0-9]+: error: ' && fail "$config: an error without line:column: $(cat "$WORK/out")"
    fi
    compared="$config"
    version=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["ignition"]["version"])
except Exception: print("")' "$config")
    case $version in
        3.[4-9].0)
            compared="$WORK/$(basename "$config")"
            sed "s/\"$version\"/\"3.4.0-experimental\"/" "$config" > "$compared" ;;
    esac
    ignition=$(verdict ignition-validate "$compared")
    reason=$(awk -F '\t' -v f="${config#ignition/}" '$1 == f {print $2}' "$known")
    if [ -n "$reason" ]; then
        [ "$flamingo" != "$ignition" ] || fail "$config is listed in $known but the verdicts now agree ($flamingo): update the list"
        differed=$((differed + 1))
    elif [ "$flamingo" != "$ignition" ]; then
        fail "$config: flamingo says $flamingo, ignition-validate 2.14 says $ignition:
$("$FLAMINGO" validate "$config" 2>&1)
$(ignition-validate "$compared" 2>&1)"
    else
        agreed=$((agreed + 1))
    fi
done
[ $agreed -ge 60 ] || fail "only $agreed configs compared"
pass "$agreed configs: the same verdict as ignition-validate 2.14 (specs 3.4+ as 3.4.0-experimental); $differed listed differences still differ"
