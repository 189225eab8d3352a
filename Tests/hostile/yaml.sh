#!/usr/bin/env bash
# Hostile YAML, through `flamingo validate` and a real run: a billion-laughs alias bomb, nesting
# 100000 levels deep, invalid UTF-8 with a NUL byte — each an error at its line:column, at once
# (bounded time and memory); a run with such user-data reports it and goes on as without it.
. "$(dirname "$0")/../device/lib.sh"

python3 - "$WORK" <<'PY'
import sys
work = sys.argv[1]
letters = "abcdefghij"
bomb = "#cloud-config\na: &a [" + ",".join(["x"] * 10) + "]\n"
bomb += "".join(f"{letters[i + 1]}: &{letters[i + 1]} [" + ",".join(["*" + letters[i]] * 10) + "]\n" for i in range(9))
open(f"{work}/bomb.yaml", "w").write(bomb)
open(f"{work}/deep.yaml", "w").write("#cloud-config\nx: " + "[" * 100000 + "]" * 100000 + "\n")
open(f"{work}/utf8.yaml", "wb").write(b"#cloud-config\nhostname: caf\xe9\x00x\n")
PY
check() {
    local file=$1 expected=$2 start status=0
    start=$(date +%s%N)
    timeout 20 "$FLAMINGO" validate "$WORK/$file" > "$WORK/$file.out" 2>&1 || status=$?
    [ $status = 1 ] || fail "$file: validate did not report an error: $(cat "$WORK/$file.out")"
    grep -q "$expected" "$WORK/$file.out" || fail "$file: $(cat "$WORK/$file.out")"
    echo "  $file: $(( ($(date +%s%N) - start) / 1000000 )) ms"
}
check bomb.yaml "bomb.yaml:7:35: error: the document expands to more than 1000000 nodes through aliases"
check deep.yaml "deep.yaml:2:259: error: nesting deeper than 256 levels"
check utf8.yaml "utf8.yaml:1:1: error: invalid YAML: invalid trailing UTF-8 octet"
pass "an alias bomb, 100000-deep nesting and invalid UTF-8: errors with line:column, at once"

make_sysroot "$WORK/sysroot"
mkdir -p "$WORK/seed"
printf 'instance-id: iid-bomb\n' > "$WORK/seed/meta-data"
cp "$WORK/bomb.yaml" "$WORK/seed/user-data"
status=0
timeout 20 "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" > "$WORK/run.out" 2>&1 || status=$?
[ $status = 1 ] || fail "a run with the bomb: $(cat "$WORK/run.out")"
grep -q "user-data:7:35: the document expands to more than 1000000 nodes" "$WORK/run.out" || fail "run: $(cat "$WORK/run.out")"
# The document is refused whole: the run goes on as without user-data (the default user only).
[ "$(cut -d: -f1 "$WORK/sysroot/etc/passwd" | tr '\n' ' ')" = "root daemon cloud-user " ] || fail "users: $(cat "$WORK/sysroot/etc/passwd")"
pass "a run with the bomb as user-data reports it and goes on as without user-data"
