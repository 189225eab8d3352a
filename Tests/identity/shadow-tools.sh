#!/usr/bin/env bash
# Users, groups, passwords and sudo rules written by flamingo pass the real checkers: pwck -r and
# grpck -r on the sysroot's files, visudo -c on the drop-in, sshd -T on the sshd configuration;
# on a Debian-like and a CentOS-like sysroot. A second run changes nothing.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/user-data" <<'EOD'
#cloud-config
groups:
  - ops: [root]
  - cloud-users
users:
  - default
  - name: alice
    gecos: Alice Example
    groups: [adm, ops]
    shell: /bin/bash
    sudo: ALL=(ALL) NOPASSWD:ALL
    lock_passwd: false
    hashed_passwd: $6$rounds=4096$saltsalt$3MEaFsjQfsbN1JjpRVbO0H8EfNHjmeJDX0NaXg6ZmW9xmAg8ZOyu4mzaN5HV.4SWD5x3BwyAbWqqAnVHJzIXi.
    ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAliceKey alice@laptop]
  - name: svc
    system: true
    shell: /usr/sbin/nologin
  - name: bob
    plain_text_passwd: correct horse battery staple
    lock_passwd: false
    sudo: ["ALL=(ALL) /usr/bin/systemctl", "ALL=(root) NOPASSWD: /usr/bin/journalctl"]
chpasswd:
  expire: false
  users:
    - {name: svc, password: "$y$j9T$abcdefghijklmnop$ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", type: hash}
ssh_pwauth: false
write_files:
  - path: /home/alice/notes.txt
    owner: alice:alice
    permissions: '0600'
    content: hello alice
EOD

for layout in debian centos; do
    sysroot=$WORK/$layout
    "make_${layout}_sysroot" "$sysroot"
    # What the checkers say of the layout as built (Debian's own nobody has /nonexistent as its home):
    # flamingo must add no complaint to it.
    pwck -r -R "$sysroot" > "$WORK/pwck.before" 2>&1 || true
    grpck -r -R "$sysroot" > "$WORK/grpck.before" 2>&1 || true
    make_seed_with_user_data "$WORK/seed" "$WORK/user-data"
    "$FLAMINGO" run --sysroot "$sysroot" --seed "$WORK/seed" 2> "$WORK/$layout.log" || fail "$layout: run failed: $(cat "$WORK/$layout.log")"
    pwck -r -R "$sysroot" > "$WORK/pwck.out" 2>&1 || true
    grpck -r -R "$sysroot" > "$WORK/grpck.out" 2>&1 || true
    new=$(grep -vxF -f "$WORK/pwck.before" "$WORK/pwck.out" | grep -v '^pwck: no changes$' || true)
    [ -z "$new" ] || fail "$layout: pwck -r complains: $new"
    new=$(grep -vxF -f "$WORK/grpck.before" "$WORK/grpck.out" | grep -v '^grpck: no changes$' || true)
    [ -z "$new" ] || fail "$layout: grpck -r complains: $new"
    visudo -c -f "$sysroot/etc/sudoers.d/90-flamingo-users" > /dev/null || fail "$layout: visudo rejects the drop-in"
    assert_mode "$sysroot/etc/sudoers.d/90-flamingo-users" "440 0:0"
    grep -q '^alice:x:1[0-9][0-9][0-9]:1[0-9][0-9][0-9]:Alice Example:/home/alice:/bin/bash$' "$sysroot/etc/passwd" || fail "$layout: alice's passwd line"
    grep -q '^svc:x:[1-9][0-9][0-9]:' "$sysroot/etc/passwd" || fail "$layout: svc is not a system user"
    [ ! -e "$sysroot/home/svc" ] || fail "$layout: a system user got a home"
    grep -q '^alice:\$6\$rounds=4096\$saltsalt\$3MEa' "$sysroot/etc/shadow" || fail "$layout: alice's hash was not written unchanged"
    grep -q '^bob:\$6\$' "$sysroot/etc/shadow" || fail "$layout: bob's plain-text password was not hashed with SHA-512"
    # chpasswd runs after users_groups and sets the hash as given (unlocked), as cloud-init's chpasswd -e does.
    # chpasswd runs after users_groups and sets the hash as given (unlocked), as cloud-init's chpasswd -e does.
    grep -q '^svc:\$y\$j9T\$abcdefghijklmnop\$[^:]*:[1-9][0-9]*:' "$sysroot/etc/shadow" || fail "$layout: svc's hash was not set by chpasswd"
    grep -q '^ops:x:[0-9]*:root,alice$' "$sysroot/etc/group" || fail "$layout: ops members: $(grep ^ops: "$sysroot/etc/group")"
    assert_eq "$(stat -c '%u:%g %a' "$sysroot/home/alice/notes.txt")" "$(stat -c '%u:%g' "$sysroot/home/alice") 600" \
        "owner and mode of alice's file (written after users_groups created her)"
    [ -f "$sysroot/home/alice/.bashrc" ] || fail "$layout: the skeleton was not copied"
    if [ "$layout" = centos ]; then
        assert_mode "$sysroot/home/alice/.mozilla/extensions" "755 $(stat -c '%u:%g' "$sysroot/home/alice")"
        assert_mode "$sysroot/home/alice" "700 $(stat -c '%u:%g' "$sysroot/home/alice")"
    fi
    pass "$layout: pwck, grpck and visudo accept the result; users, groups, hashes and homes as asked"

    # The admin's lines are kept byte for byte: passwd entirely; in group, an original line may
    # only gain members at its end (as gpasswd -a adds them).
    "make_${layout}_sysroot" "$WORK/pristine-$layout" > /dev/null
    grep -vxF -f "$sysroot/etc/passwd" "$WORK/pristine-$layout/etc/passwd" && fail "$layout: an original /etc/passwd line changed"
    while IFS= read -r line; do
        grep -qxF "$line" "$sysroot/etc/group" && continue
        grep -q "^$(printf '%s' "$line" | sed 's/[.[\*^$]/\\&/g')[a-z_,-]*$" "$sysroot/etc/group" || fail "$layout: /etc/group line '$line' changed"
    done < "$WORK/pristine-$layout/etc/group"
    pass "$layout: original account lines kept"

    digest=$(tree_digest "$sysroot")
    "$FLAMINGO" run --sysroot "$sysroot" --seed "$WORK/seed" --force 2> "$WORK/$layout-2.log"
    assert_eq "$(tree_digest "$sysroot")" "$digest" "$layout: sysroot after a forced second run"
    pass "$layout: a forced second run changes nothing"
done

# sshd reads the drop-in: run sshd -T with the sysroot's /etc/ssh in a private mount namespace.
if command -v sshd > /dev/null || [ -x /usr/sbin/sshd ]; then
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/hostkey"
    mkdir -p /run/sshd  # sshd -T insists on its privilege-separation directory
    result=$(unshare --mount sh -c "mount --bind '$WORK/debian/etc/ssh' /etc/ssh && /usr/sbin/sshd -T -f /etc/ssh/sshd_config -o HostKey=$WORK/hostkey" 2>&1) \
        || fail "sshd -T: $result"
    echo "$result" | grep -qx 'passwordauthentication no' || fail "sshd does not see PasswordAuthentication no"
    pass "sshd -T reads the ssh_pwauth drop-in: passwordauthentication no"
else
    fail "sshd is not installed (scripts/test.sh installs openssh-server)"
fi
