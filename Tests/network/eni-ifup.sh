#!/usr/bin/env bash
# The ENI renderer's file is read by ifupdown itself: `ifup --no-act -a -i FILE` parses every
# stanza and prints the commands it would run; each static address shows up in them. Inputs:
# the differential corpus, the shared real-world network_data.json documents, and every input of
# cloud-init's network test corpus (../shared/data/cloud-init-network) that flamingo renders.
. "$(dirname "$0")/../device/lib.sh"

command -v ifup > /dev/null || fail "no ifup (scripts/test.sh installs ifupdown)"
shared=$ROOT/../shared/data/network-data-json
corpus=$(cd "$(dirname "$0")" && pwd)/corpus
macs=()
while read -r name mac; do macs+=(--mac "$name=$mac"); done < "$corpus/macs.txt"
cloud_corpus=$ROOT/../shared/data/cloud-init-network/inputs
[ -d "$cloud_corpus" ] || fail "no $cloud_corpus"
inputs=("$corpus"/*.json "$corpus"/*.yaml)
[ -d "$shared" ] && inputs+=("$shared"/*.json)
inputs+=("$cloud_corpus"/*.json "$cloud_corpus"/*.yaml)
count=0
for input in "${inputs[@]}"; do
    out=$WORK/$(basename "$input")
    if [[ $input == "$cloud_corpus"/* ]]; then
        input_macs=()
        while IFS='=' read -r name mac; do input_macs+=(--mac "$name=$mac"); done < "${input%.*}.macs"
        [ ${#input_macs[@]} -gt 0 ] || input_macs=(--mac unnamed0=02:00:00:00:00:00)  # never this host's NICs
        "$FLAMINGO" render-network --input "$input" --renderer eni --out "$out" "${input_macs[@]}" 2> "$WORK/render.log" || continue
    else
        "$FLAMINGO" render-network --input "$input" --renderer eni --out "$out" "${macs[@]}" 2> "$WORK/render.log" \
            || fail "render $(basename "$input"): $(cat "$WORK/render.log")"
    fi
    count=$((count + 1))
    file=$out/etc/network/interfaces.d/50-flamingo.cfg
    # A private state directory: --no-act must not look at this machine's /run/network.
    ifup --no-act -a -i "$file" --state-dir "$WORK/state" > "$WORK/ifup.out" 2>&1 || fail "ifup rejects $(basename "$input"): $(cat "$WORK/ifup.out")"
    for address in $(grep -o 'address [0-9a-f.:]*' "$file" | cut -d' ' -f2); do
        grep -q "$address" "$WORK/ifup.out" || fail "ifup would not configure $address ($(basename "$input")): $(cat "$WORK/ifup.out")"
    done
done
pass "ifupdown parses the ENI rendered from $count inputs and would configure each address"
