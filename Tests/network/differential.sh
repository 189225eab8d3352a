#!/usr/bin/env bash
# Differential test against cloud-init 22.4.2 (Debian's package), the oracle, for all four
# renderers: every input of corpus/ and the shared real-world network_data.json documents is
# rendered by `cloud-init devel net-convert -O RENDERER` and by `flamingo render-network
# --renderer R`; both outputs are read back into their meaning (semantics.py) and compared
# (compare.py). Every difference must match a line of deviations/R.txt, each explained in
# docs/network.md. RENDERERS="nm eni" narrows the run.
. "$(dirname "$0")/../device/lib.sh"

command -v cloud-init > /dev/null || fail "no cloud-init (scripts/test.sh installs it)"
here=$(cd "$(dirname "$0")" && pwd)
shared=$ROOT/../shared/data/network-data-json
cp "$here/corpus/macs.txt" "$WORK/macs.txt"  # the corpus's NICs and the shared documents'
cloud_macs=() flamingo_macs=()
while read -r name mac; do cloud_macs+=(-m "$name,$mac"); flamingo_macs+=(--mac "$name=$mac"); done < "$WORK/macs.txt"
inputs=("$here"/corpus/*.json "$here"/corpus/*.yaml)
[ -d "$shared" ] && inputs+=("$shared"/*.json)

declare -A cloud_init_name=([nm]=network-manager [ifcfg]=sysconfig [networkd]=networkd [eni]=eni)
failures=()
for renderer in ${RENDERERS:-nm ifcfg networkd eni}; do
    count=0 failed=0 allowed=0
    for input in "${inputs[@]}"; do
        name=$(basename "$input") out=$WORK/$renderer/$(basename "$input")
        case $name in *.json) kind=network_data.json ;; *) kind=yaml ;; esac
        mkdir -p "$out"
        timeout 120 cloud-init devel net-convert -p "$input" -k "$kind" -D centos "${cloud_macs[@]}" \
            -O "${cloud_init_name[$renderer]}" -d "$out/cloud-init" > "$out/ci.log" 2>&1 \
            || fail "cloud-init net-convert -O ${cloud_init_name[$renderer]} $name: $(cat "$out/ci.log")"
        "$FLAMINGO" render-network --input "$input" --renderer "$renderer" --out "$out/flamingo" "${flamingo_macs[@]}" 2> "$out/fl.log" \
            || fail "flamingo render-network --renderer $renderer $name: $(cat "$out/fl.log")"
        if ! python3 "$here/compare.py" "$renderer" "$out/flamingo" "$out/cloud-init" "$here/deviations/$renderer.txt" "$WORK/macs.txt" > "$out/diff"; then
            echo "  $renderer $name:"; grep '^DIFFERS' "$out/diff" | sed 's/^/    /'
            failed=$((failed + 1))
        fi
        allowed=$((allowed + $(grep -c '^allowed' "$out/diff" || true)))
        count=$((count + 1))
    done
    [ "$count" -ge 25 ] || fail "only $count cases (at least 25 expected)"
    # The comparison must see a difference where there is one: a static config against a DHCP one.
    python3 "$here/compare.py" "$renderer" "$WORK/$renderer/01-static-v4.json/flamingo" "$WORK/$renderer/02-dhcp4.json/cloud-init" \
        "$here/deviations/$renderer.txt" "$WORK/macs.txt" > "$WORK/$renderer.blind" \
        && failures+=("$renderer: the comparison is blind: static and DHCP compared equal")
    # A deviation no input shows any more is stale: the list must stay the true list.
    while IFS= read -r deviation; do
        case $deviation in ''|'#'*) continue ;; esac
        grep -qF -- "$deviation" "$WORK/$renderer"/*/diff || failures+=("$renderer: deviation no longer seen: $deviation")
    done < "$here/deviations/$renderer.txt"
    if [ "$failed" -eq 0 ]; then
        echo "  $renderer: $count inputs mean what cloud-init's files mean ($allowed documented deviations)"
    else
        failures+=("$renderer: $failed of $count inputs")
    fi
done
[ ${#failures[@]} -eq 0 ] || fail "rendered differently from cloud-init beyond the documented deviations: ${failures[*]}"
pass "flamingo's renderers agree with cloud-init's over ${#inputs[@]} inputs, every difference documented"
