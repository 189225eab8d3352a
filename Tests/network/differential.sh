#!/usr/bin/env bash
# Differential test against cloud-init 22.4.2 (Debian's package), the oracle: every input of
# corpus/ and the shared real-world network_data.json documents is rendered by
# `cloud-init devel net-convert -O network-manager` and by `flamingo render-network --renderer nm`,
# and the keyfiles are compared by meaning (compare_nm.py). Every difference must be one of the
# deviations in nm-deviations.txt, each explained in docs/network.md.
. "$(dirname "$0")/../device/lib.sh"

command -v cloud-init > /dev/null || fail "no cloud-init (scripts/test.sh installs it)"
here=$(cd "$(dirname "$0")" && pwd)
shared=$ROOT/../shared/data/network-data-json
cloud_macs=() flamingo_macs=()
while read -r name mac; do cloud_macs+=(-m "$name,$mac"); flamingo_macs+=(--mac "$name=$mac"); done < "$here/corpus/macs.txt"
for pair in oeth0=0c:c4:7a:34:6e:3c oeth1=0c:c4:7a:34:6e:3d enp0s1=fa:16:3e:69:b0:58 foo1=fa:16:3e:dd:50:9a foo2=fa:16:3e:a8:14:69; do
    cloud_macs+=(-m "${pair/=/,}"); flamingo_macs+=(--mac "$pair")
done
inputs=("$here"/corpus/*.json "$here"/corpus/*.yaml)
[ -d "$shared" ] && inputs+=("$shared"/*.json)
count=0 failed=0 allowed=0
for input in "${inputs[@]}"; do
    name=$(basename "$input")
    case $name in *.json) kind=network_data.json ;; *) kind=yaml ;; esac
    timeout 120 cloud-init devel net-convert -p "$input" -k "$kind" -D centos "${cloud_macs[@]}" -O network-manager \
        -d "$WORK/$name/cloud-init" > "$WORK/$name.ci.log" 2>&1 || fail "cloud-init net-convert $name: $(cat "$WORK/$name.ci.log")"
    "$FLAMINGO" render-network --input "$input" --renderer nm --out "$WORK/$name/flamingo" "${flamingo_macs[@]}" 2> "$WORK/$name.fl.log" \
        || fail "flamingo render-network $name: $(cat "$WORK/$name.fl.log")"
    if ! python3 "$here/compare_nm.py" "$WORK/$name/flamingo" "$WORK/$name/cloud-init" "$here/nm-deviations.txt" > "$WORK/$name.diff"; then
        echo "  $name:"; grep '^DIFFERS' "$WORK/$name.diff" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
    allowed=$((allowed + $(grep -c '^allowed' "$WORK/$name.diff" || true)))
    count=$((count + 1))
done
[ "$count" -ge 25 ] || fail "only $count cases (at least 25 expected)"
[ "$failed" -eq 0 ] || fail "$failed of $count inputs render differently from cloud-init beyond the documented deviations"
pass "$count inputs: flamingo's NetworkManager keyfiles mean what cloud-init's do ($allowed documented deviations)"
