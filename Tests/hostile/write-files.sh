#!/usr/bin/env bash
# write_files (and the home directories and keys of users) against a hostile sysroot and hostile
# user-data: paths climbing out with `..`, absolute and relative symlinks planted in the sysroot,
# symlinked parent directories, a symlink swapped in and out by a racing process while flamingo
# writes, owners that do not exist, and modes with every special bit. Nothing is ever written
# outside the sysroot; each refusal is a located error; what is accepted lands exactly.
. "$(dirname "$0")/../device/lib.sh"

outside=$WORK/outside
mkdir -p "$outside"
seed() {
    mkdir -p "$WORK/$1"
    printf 'instance-id: iid-%s\nlocal-hostname: %s\n' "$1" "$1" > "$WORK/$1/meta-data"
    cat > "$WORK/$1/user-data"
}
sysroot() { make_sysroot "$1"; printf 'root:x:0:\ndaemon:x:1:\n' > "$1/etc/group"; }
nothing_outside() {
    assert_eq "$(find "$outside" -mindepth 1 | wc -l)" 0 "$1: files written outside the sysroot ($(find "$outside" -mindepth 1 | head -n3 | tr '\n' ' '))"
}

# 1. Paths that climb: `..` cannot leave the sysroot; they resolve as if the sysroot were /.
seed climb <<EOF2
#cloud-config
write_files:
  - path: /../../../../$outside/climbed
    content: climbed
  - path: /etc/../../../$outside/climbed-too
    content: climbed
EOF2
sysroot "$WORK/climb/sysroot"
"$FLAMINGO" run --sysroot "$WORK/climb/sysroot" --seed "$WORK/climb" > "$WORK/climb.log" 2>&1 || true
nothing_outside "paths with .."
assert_file "$WORK/climb/sysroot$outside/climbed" climbed
assert_file "$WORK/climb/sysroot$outside/climbed-too" climbed
pass "write_files paths climbing with .. stay inside the sysroot (written below it, as if it were /)"

# 2. Symlinked parent directories planted in the sysroot, absolute and climbing-relative.
seed parents <<EOF2
#cloud-config
write_files:
  - path: /opt/app/config
    content: through an absolute link
  - path: /srv/data/config
    content: through a relative link
users:
  - name: alice
    ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostileHomeKey alice@test]
EOF2
sysroot "$WORK/parents/sysroot"
mkdir -p "$WORK/parents/sysroot/opt" "$WORK/parents/sysroot/home"
ln -s "$outside" "$WORK/parents/sysroot/opt/app"
ln -s "../../../../../../../../..$outside" "$WORK/parents/sysroot/srv"
ln -s "$outside" "$WORK/parents/sysroot/home/alice"
"$FLAMINGO" run --sysroot "$WORK/parents/sysroot" --seed "$WORK/parents" > "$WORK/parents.log" 2>&1 || true
nothing_outside "symlinked parents"
# Each link resolves inside the sysroot, where its target does not exist: a clear refusal.
grep -qE 'write_files: error: /opt/app/config: openat2? "/opt/app": No such file or directory' "$WORK/parents.log" \
    || fail "no refusal for the absolute link: $(grep error "$WORK/parents.log")"
grep -qE 'write_files: error: /srv/data/config: openat2? "/srv": No such file or directory' "$WORK/parents.log" \
    || fail "no refusal for the relative link"
grep -qE 'users_groups: error: /home/alice/.ssh/authorized_keys: openat2? "/home/alice": No such file or directory' "$WORK/parents.log" \
    || fail "no refusal for the linked home directory"
pass "symlinked parents (absolute, climbing-relative, a home directory) lead nowhere outside: each refused by name"

# 3. A symlink swapped in and out while flamingo writes through that directory: a racing process
# replaces /var/www by a real directory, a link to the outside, a real directory, a climbing
# relative link, as fast as it can; 40 forced runs write /var/www/html/index.html and alice's
# keys (home /var/www/alice). The kernel resolves every path inside the sysroot (openat2
# RESOLVE_IN_ROOT, each step from an open directory), so no interleaving reaches outside.
seed race <<EOF2
#cloud-config
write_files:
  - path: /var/www/html/index.html
    content: raced
users:
  - name: alice
    homedir: /var/www/alice
    ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIRacedKey alice@test]
EOF2
sysroot "$WORK/race/sysroot"
www=$WORK/race/sysroot/var/www
mkdir -p "$www"
(
    set +e  # flamingo may create /var/www between the rm and the mkdir: keep racing
    while true; do
        rm -rf "$www"; mkdir "$www"
        rm -rf "$www"; ln -s "$outside" "$www"
        rm -rf "$www"; mkdir "$www"
        rm -rf "$www"; ln -s "../../../../../../../../..$outside" "$www"
    done 2> /dev/null
) &
swapper=$!
written=0
for _ in $(seq 40); do
    "$FLAMINGO" run --force --sysroot "$WORK/race/sysroot" --seed "$WORK/race" > "$WORK/race.log" 2>&1 || true
    if grep -q 'write_files: /var/www/html/index.html: wrote' "$WORK/race.log"; then written=$((written + 1)); fi
done
kill "$swapper"; wait "$swapper" 2> /dev/null || true
nothing_outside "a symlink swapped during the runs"
pass "a symlink raced in and out of a written path: 40 runs, $written wrote through a real directory, the rest refused, none outside"

# 4. Owners that do not exist and modes with every special bit.
seed owners <<EOF2
#cloud-config
write_files:
  - path: /etc/owned/nobody-here
    content: x
    owner: ghost:phantoms
  - path: /etc/owned/all-bits
    content: x
    owner: daemon:daemon
    permissions: "07777"
  - path: /etc/owned/too-many-bits
    content: x
    permissions: "017777"
EOF2
sysroot "$WORK/owners/sysroot"
digest=$(tree_digest "$WORK/owners/sysroot")
"$FLAMINGO" validate "$WORK/owners/user-data" > "$WORK/owners-validate.log" 2>&1 && status=0 || status=$?
assert_eq "$status" 1 "validate's exit status for a mode beyond 07777"
grep -qF 'user-data:12:18: error: write_files[2].permissions: "017777" is not a file mode (expected octal digits up to 07777, such as 0644)' "$WORK/owners-validate.log" \
    || fail "validate: $(cat "$WORK/owners-validate.log")"
"$FLAMINGO" run --sysroot "$WORK/owners/sysroot" --seed "$WORK/owners" > "$WORK/owners.log" 2>&1 || true
grep -qF 'user-data:12:18: write_files[2].permissions: "017777" is not a file mode' "$WORK/owners.log" \
    || fail "run: no located error for the mode: $(grep -i error "$WORK/owners.log")"
grep -qE 'user-data:3:5: write_files\[0\]\.owner: owner "ghost:phantoms" names no user or group of the sysroot; /etc/owned/nobody-here not written' "$WORK/owners.log" \
    || fail "run: no located error for the owner: $(grep -i error "$WORK/owners.log")"
[ ! -e "$WORK/owners/sysroot/etc/owned/nobody-here" ] || fail "a file for an owner that does not exist was written"
# chown clears set-user-ID and set-group-ID: the mode must be set after the owner.
assert_mode "$WORK/owners/sysroot/etc/owned/all-bits" "7777 1:1"
pass "an owner that does not exist: a located error, the file not written; 07777 lands with every bit after the chown; 017777 refused at line:column"
