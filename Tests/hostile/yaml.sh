#!/usr/bin/env bash
# Hostile YAML and oversized user-data, through `flamingo validate` and real runs: a billion-laughs alias bomb, nesting
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

# A huge scalar (a 12 MiB write_files content on one line, inside the 16 MiB bound) is parsed and
# written whole, in bounded time; a gzip bomb (256 MiB of zeros in 250 KiB) stops at the 32 MiB bound;
# a 100 MB user-data in a seed directory is refused by its size before a byte is read.
rm -rf "$WORK/seed" "$WORK/sysroot"; make_sysroot "$WORK/sysroot"; mkdir -p "$WORK/seed"
printf 'root:x:0:\n' > "$WORK/sysroot/etc/group"
printf 'instance-id: iid-huge\n' > "$WORK/seed/meta-data"
{ printf '#cloud-config\nwrite_files:\n  - path: /etc/huge\n    content: "'; head -c 12M /dev/zero | tr '\0' 'h'; printf '"\n'; } > "$WORK/seed/user-data"
start=$(date +%s%N)
timeout 60 "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" > "$WORK/huge.out" 2>&1 || fail "huge scalar: $(tail -n 5 "$WORK/huge.out")"
assert_eq "$(stat -c %s "$WORK/sysroot/etc/huge")" $((12 << 20)) "size of the file from the huge scalar"
[ "$(tr -d h < "$WORK/sysroot/etc/huge" | wc -c)" = 0 ] || fail "the huge scalar was not written as given"
pass "a 12 MiB scalar: parsed and written whole in $(( ($(date +%s%N) - start) / 1000000 )) ms"

head -c 256M /dev/zero | gzip -9 > "$WORK/seed/user-data"
echo "  gzip bomb: $(stat -c %s "$WORK/seed/user-data") bytes compressed, 256 MiB inflated"
status=0
timeout 60 "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" > "$WORK/gzip.out" 2>&1 || status=$?
[ $status != 124 ] || fail "the gzip bomb made flamingo hang"
grep -q "user-data: .*more than 33554432 bytes" "$WORK/gzip.out" || fail "gzip bomb: status $status: $(grep -i error "$WORK/gzip.out")"
pass "a gzip bomb: refused at the 32 MiB inflated bound: $(grep -o 'user-data: .*more than 33554432 bytes[^;]*' "$WORK/gzip.out" | head -n1)"

rm -f "$WORK/seed/user-data"; truncate -s 100M "$WORK/seed/user-data"
status=0
timeout 20 "$FLAMINGO" run --sysroot "$WORK/sysroot" --seed "$WORK/seed" > "$WORK/100m.out" 2>&1 || status=$?
assert_eq "$status" 1 "exit status for a 100 MB user-data"
grep -q "user-data: 104857600 bytes is more than the 16777216-byte limit for a datasource file" "$WORK/100m.out" || fail "100 MB: $(cat "$WORK/100m.out")"
pass "a 100 MB user-data: refused by its size, with the bound named"
