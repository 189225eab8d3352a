#!/usr/bin/env bash
# Work grows linearly with the input: YAML lists (an array copied on every append: 100k items
# took ~2 min), users in one group (each member split and re-joined the group's line: 8,000
# users took 13 min) and SSH keys merged into a file of as many (searched per key: 4,000 took
# 350 s). Each is timed at n and 8n (best of 3): linear work takes ~8x as long, quadratic 64x;
# more than 24x fails. scripts/bench.sh prints the full curve (1x, 10x, 100x).
. "$(dirname "$0")/../device/lib.sh"

best_ms() {  # best_ms COMMAND...: the fastest of three runs, in milliseconds
    local best=999999999 start end i
    for i in 1 2 3; do
        start=$(date +%s%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s%N)
        [ $(((end - start) / 1000000)) -lt "$best" ] && best=$(((end - start) / 1000000))
    done
    echo "$best"
}
make_input() {  # make_input KIND N DIR: a seed and sysroot (or a file) of N items
    python3 - "$@" <<'PY'
import os, sys
kind, n, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(f"{base}/seed"); os.makedirs(f"{base}/root/etc"); os.makedirs(f"{base}/root/root/.ssh")
open(f"{base}/seed/meta-data", "w").write("instance-id: iid-scaling\n")
open(f"{base}/root/etc/passwd", "w").write("root:x:0:0:root:/root:/bin/sh\n")
open(f"{base}/root/etc/group", "w").write("root:x:0:\nwheel:x:10:\n")
if kind == "yaml":
    text = "#cloud-config\nruncmd:\n" + "".join(f"  - echo {i}\n" for i in range(n))
elif kind == "users":
    text = "#cloud-config\nusers:\n" + "".join(
        f"  - {{name: u{i}, groups: [wheel], ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{i:08d} u{i}']}}\n" for i in range(n))
else:
    open(f"{base}/root/root/.ssh/authorized_keys", "w").write("".join(f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOld{i:08d} o{i}\n" for i in range(n)))
    text = "#cloud-config\nssh_authorized_keys:\n" + "".join(f"  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINew{i:08d} n{i}\n" for i in range(n))
open(f"{base}/seed/user-data", "w").write(text)
PY
}
for case in "yaml 20000" "users 1000" "keys 1000"; do
    read -r kind n <<< "$case"
    for size in "$n" $((n * 8)); do make_input "$kind" "$size" "$WORK/$kind-$size"; done
    if [ "$kind" = yaml ]; then
        small=$(best_ms "$FLAMINGO" validate "$WORK/$kind-$n/seed/user-data")
        large=$(best_ms "$FLAMINGO" validate "$WORK/$kind-$((n * 8))/seed/user-data")
    else
        small=$(best_ms "$FLAMINGO" run --dry-run --sysroot "$WORK/$kind-$n/root" --seed "$WORK/$kind-$n/seed")
        large=$(best_ms "$FLAMINGO" run --dry-run --sysroot "$WORK/$kind-$((n * 8))/root" --seed "$WORK/$kind-$((n * 8))/seed")
    fi
    [ "$small" -gt 0 ] || small=1
    [ $((large / small)) -lt 24 ] || fail "$kind: $n items in $small ms, $((n * 8)) in $large ms: not linear"
    pass "$kind: $n items in $small ms, $((n * 8)) in $large ms ($((large / small))x for 8x the input)"
done
