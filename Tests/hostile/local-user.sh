#!/usr/bin/env bash
# A local user of the booted system attacks root through her own home: she owns it and plants
# links (and hard links) where flamingo will write when it runs again (a new instance id, a
# snapshot launched again, --force). Each attack below rooted the system before the fix:
# ~/.ssh -> /etc, authorized_keys -> /etc/shadow (a link and a hard link), write_files append
# through a link, and the hand-off's predictable `.flamingo-new` name. Nothing outside her home
# may change, nothing of root's may become hers, and every refusal names the link.
. "$(dirname "$0")/../identity/lib.sh"

KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAliceKey alice@laptop'

# A Debian-like sysroot where alice (1000) already exists, with her home 0700 alice:alice.
alice_sysroot() {
    local root=$1
    make_debian_sysroot "$root"
    echo 'alice:x:1000:1000:Alice:/home/alice:/bin/sh' >> "$root/etc/passwd"
    echo 'alice:!:19700:0:99999:7:::' >> "$root/etc/shadow"
    echo 'alice:x:1000:' >> "$root/etc/group"
    echo 'alice:!::' >> "$root/etc/gshadow"
    echo 'root:$6$secret$RootHashThatMustStayRoots:19700:0:99999:7:::' > "$WORK/root-line"
    sed -i "1s/.*/$(sed 's/[$/]/\\&/g' "$WORK/root-line")/" "$root/etc/shadow"
    mkdir -p "$root/home/alice"; chown 1000:1000 "$root/home/alice"; chmod 700 "$root/home/alice"
}
seed() {  # seed NAME: user-data from stdin, a fresh instance id
    mkdir -p "$WORK/$1"
    printf 'instance-id: iid-%s\nlocal-hostname: %s\n' "$1" "$1" > "$WORK/$1/meta-data"
    cat > "$WORK/$1/user-data"
}
etc_unchanged() {  # etc_unchanged SYSROOT WHAT
    assert_mode "$1/etc" "755 0:0"
    assert_eq "$(stat -c %a:%u "$1/etc/shadow")" "640:0" "$2: /etc/shadow's mode and owner"
    grep -q 'RootHashThatMustStayRoots' "$1/etc/shadow" || fail "$2: root's line left /etc/shadow"
    [ ! -e "$1/etc/authorized_keys" ] || fail "$2: authorized_keys written into /etc"
}
no_secret_of_roots_is_hers() {  # no_secret_of_roots_is_hers SYSROOT WHAT
    local leaked
    leaked=$(find "$1" -user 1000 -type f -exec grep -l RootHashThatMustStayRoots {} + 2>/dev/null || true)
    assert_eq "$leaked" "" "$2: files alice owns holding root's hash"
}

keys_for_alice() {
    cat <<EOF
#cloud-config
users:
  - name: alice
    ssh_authorized_keys: ['$KEY']
EOF
}

# 1. ~/.ssh -> /etc: /etc stayed root's, no authorized_keys landed there.
keys_for_alice | seed dotssh
alice_sysroot "$WORK/dotssh/sysroot"
ln -s /etc "$WORK/dotssh/sysroot/home/alice/.ssh"; chown -h 1000:1000 "$WORK/dotssh/sysroot/home/alice/.ssh"
"$FLAMINGO" run --sysroot "$WORK/dotssh/sysroot" --seed "$WORK/dotssh" > "$WORK/dotssh.log" 2>&1 && fail "the run must report the refused link"
etc_unchanged "$WORK/dotssh/sysroot" "~/.ssh -> /etc"
grep -q 'not following the link ".ssh"' "$WORK/dotssh.log" || fail "no message naming the link: $(cat "$WORK/dotssh.log")"
pass "~/.ssh planted as a link to /etc: not followed (/etc stays 0755 root), the error names the link"

# 2, 3. ~/.ssh/authorized_keys planted as a link, then as a hard link (a kernel without
# protected_hardlinks lets her make one) to /etc/shadow: never merged into a file she owns.
plant_link() { ln -s /etc/shadow "$1"; chown -h 1000:1000 "$1"; }
plant_hard_link() { ln "${1%/home/alice/.ssh/authorized_keys}/etc/shadow" "$1"; }
attack_keys() {  # attack_keys NAME PLANT EXPECTED WHAT
    local name=$1 plant=$2 expected=$3 what=$4 root=$WORK/$1/sysroot
    keys_for_alice | seed "$name"
    alice_sysroot "$root"
    install -d -o 1000 -g 1000 -m 700 "$root/home/alice/.ssh"
    "$plant" "$root/home/alice/.ssh/authorized_keys"
    "$FLAMINGO" run --sysroot "$root" --seed "$WORK/$name" > "$WORK/$name.log" 2>&1 && fail "$what: the run must report the refusal"
    etc_unchanged "$root" "$what"
    no_secret_of_roots_is_hers "$root" "$what"
    grep -q "$expected" "$WORK/$name.log" || fail "$what: no message: $(cat "$WORK/$name.log")"
    pass "$what: not merged, nothing of root's becomes hers"
}
attack_keys keylink plant_link 'not following the link "authorized_keys"' "authorized_keys planted as a link to /etc/shadow"
attack_keys hardlink plant_hard_link 'not merged: it has 2 names' "authorized_keys hard-linked to /etc/shadow"

# 4. write_files append: true through her link is refused alone; the other entry is written.
seed append <<'EOF'
#cloud-config
write_files:
  - path: /home/alice/notes
    owner: alice:alice
    append: true
    content: "more notes\n"
  - path: /etc/motd
    content: "still written\n"
EOF
alice_sysroot "$WORK/append/sysroot"
ln -s /etc/shadow "$WORK/append/sysroot/home/alice/notes"; chown -h 1000:1000 "$WORK/append/sysroot/home/alice/notes"
"$FLAMINGO" run --sysroot "$WORK/append/sysroot" --seed "$WORK/append" > "$WORK/append.log" 2>&1 && fail "the run must report the refused entry"
etc_unchanged "$WORK/append/sysroot" "append through a link"
no_secret_of_roots_is_hers "$WORK/append/sysroot" "append through a link"
assert_file "$WORK/append/sysroot/etc/motd" "still written"
grep -q 'write_files\[0\].append' "$WORK/append.log" || fail "the refusal names no key path: $(cat "$WORK/append.log")"
pass "write_files append through a planted link: refused with its key path; the other entry still written"

# 5. The hand-off in the booted system: a deferred file in her home is written as her, under a
#    name she cannot guess. Her old trap (the predictable .flamingo-new -> /etc/passwd) and a
#    directory link (~/sub -> /etc) lead nowhere; a deferred file in /etc is still root's.
seed handoff <<'EOF'
#cloud-config
write_files:
  - path: /home/alice/deferred.txt
    owner: alice:alice
    permissions: '0640'
    defer: true
    content: written as alice
  - path: /home/alice/sub/evil
    owner: root:root
    defer: true
    content: must not reach /etc
  - path: /etc/deferred.conf
    defer: true
    content: root's file
EOF
root=$WORK/handoff/sysroot
alice_sysroot "$root"
install_runner_tools "$root"
"$FLAMINGO" run --sysroot "$root" --seed "$WORK/handoff" > "$WORK/handoff.log" 2>&1 || fail "run failed: $(cat "$WORK/handoff.log")"
passwd_before=$(sha256sum < "$root/etc/passwd")
ln -s /etc/passwd "$root/home/alice/deferred.txt.flamingo-new"; chown -h 1000:1000 "$root/home/alice/deferred.txt.flamingo-new"
ln -s /etc "$root/home/alice/sub"; chown -h 1000:1000 "$root/home/alice/sub"
# With /proc, busybox's sh prefers its own applets (its setpriv cannot change uids), as in a boot.
mkdir -p "$root/proc"; mount -t proc proc "$root/proc"
chroot "$root" /bin/sh /var/lib/flamingo/handoff/run > "$WORK/boot.out" 2>&1 && fail "the entry through ~/sub must fail: $(cat "$WORK/boot.out")"
umount "$root/proc"
assert_eq "$(sha256sum < "$root/etc/passwd")" "$passwd_before" "/etc/passwd after the runner"
[ ! -e "$root/etc/evil" ] || fail "the runner wrote /etc/evil through ~/sub"
assert_file "$root/home/alice/deferred.txt" "written as alice"
assert_mode "$root/home/alice/deferred.txt" "640 1000:1000"
assert_file "$root/etc/deferred.conf" "root's file"
assert_mode "$root/etc/deferred.conf" "644 0:0"
grep -q 'deferred-file-1: exit status [1-9]' "$WORK/boot.out" || fail "the refused entry is not recorded: $(cat "$WORK/boot.out")"
assert_eq "$(find "$root/home/alice" "$root/etc" -name '.flamingo-*' | wc -l)" 0 "temporary files left behind"
cat "$WORK/dotssh.log" "$WORK/hardlink.log" "$WORK/append.log" "$WORK/boot.out" | grep -i "error\|exit status\|refus" >&2
pass "hand-off: deferred files in her home written as her under unguessable names; her links lead nowhere"
