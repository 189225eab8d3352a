#!/usr/bin/env bash
# Differential test against cloud-init 22.4.2 (Debian's package), the oracle, for all four
# renderers, over two corpora:
#   - corpus/ (written for this test) and the shared real-world network_data.json documents,
#     with the NICs of corpus/macs.txt;
#   - cloud-init's own test inputs (../shared/data/cloud-init-network: 150 network_data.json, v1
#     and v2 documents, each with its NAME=MAC map), and, for 63 of them, the renderings
#     cloud-init's newest tests assert (expected/).
# differential.py renders each with `cloud-init devel net-convert` and `flamingo render-network`,
# reads both back into their meaning (semantics.py) and compares them (compare.py), and with the
# expected rendering where there is one. Every difference must match a line of
# deviations/RENDERER.txt, each explained in docs/network.md; an input cloud-init refuses must be
# refused by flamingo with a located message, and flamingo refuses nothing else but what
# refusals.txt lists with its reason. RENDERERS="nm eni" narrows the run.
. "$(dirname "$0")/../device/lib.sh"

command -v cloud-init > /dev/null || fail "no cloud-init (scripts/test.sh installs it)"
# cloud-init's own interpreter (a python3 earlier in PATH may not see its modules)
python=$(sed -n '1s/^#! *//p' "$(command -v cloud-init)")
"$python" -c 'import cloudinit.cmd.devel.net_convert' || fail "cloud-init's python modules do not load with $python"
here=$(cd "$(dirname "$0")" && pwd)
shared=$ROOT/../shared/data
corpus=$shared/cloud-init-network
[ -d "$corpus/inputs" ] || fail "no $corpus/inputs (the shared data is part of the suite)"

for input in "$here"/corpus/*.json "$here"/corpus/*.yaml "$shared"/network-data-json/*.json; do
    echo "$input $here/corpus/macs.txt"
done > "$WORK/cases"
for input in "$corpus"/inputs/*.json "$corpus"/inputs/*.yaml; do
    stem=${input%.*} name=$(basename "$stem")
    [ -f "$stem.macs" ] || fail "$input has no .macs"
    echo "$input $stem.macs $([ -d "$corpus/expected/$name" ] && echo "$corpus/expected/$name")"
done >> "$WORK/cases"
total=$(wc -l < "$WORK/cases")
[ "$total" -ge 180 ] || fail "only $total inputs (at least 180 expected)"
[ "$(grep -c ' .*expected/' "$WORK/cases")" -ge 60 ] || fail "fewer than 60 inputs with cloud-init's expected renderings"

renderers=(${RENDERERS:-nm ifcfg networkd eni})
cd "$here"
"$python" differential.py "$FLAMINGO" "$WORK" "$WORK/cases" "${renderers[@]}" > "$WORK/result" 2>&1 && status=0 || status=$?
cat "$WORK/result"
[ $status -eq 0 ] || fail "rendered differently from cloud-init beyond the documented deviations"

# The comparison must see a difference where there is one: a static config against a DHCP one.
for renderer in "${renderers[@]}"; do
    "$python" compare.py "$renderer" "$WORK/$renderer/01-static-v4/flamingo" "$WORK/$renderer/02-dhcp4/cloud-init" \
        "deviations/$renderer.txt" "corpus/macs.txt" > "$WORK/$renderer.blind" \
        && fail "$renderer: the comparison is blind: static and DHCP compared equal"
done
pass "flamingo's renderers agree with cloud-init's over $total inputs, every difference documented"
