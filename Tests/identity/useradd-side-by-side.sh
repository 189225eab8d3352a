#!/usr/bin/env bash
# A user flamingo creates is indistinguishable from one `useradd --root` creates with the same
# options: passwd, shadow, group and gshadow lines, the home (modes, owners, skeleton files), the
# mailbox — on a Debian-like and a CentOS-like sysroot; likewise a system user.
. "$(dirname "$0")/lib.sh"

cat > "$WORK/user-data" <<'EOD'
#cloud-config
users:
  - name: alice
    gecos: Alice Example
    groups: [adm]
    shell: /bin/bash
  - name: svc
    system: true
EOD

compare() {  # compare WHAT A B
    [ "$2" = "$3" ] || fail "$layout: $1 differs
  flamingo: $2
  useradd:  $3"
}

for layout in debian centos; do
    ours=$WORK/$layout-flamingo theirs=$WORK/$layout-useradd
    "make_${layout}_sysroot" "$ours"
    "make_${layout}_sysroot" "$theirs"
    # Debian 12's useradd (shadow 4.13) with --root stops copying the skeleton at the first nested
    # directory (CentOS's .mozilla/extensions): compare with a flat skeleton. (flamingo copies
    # nested ones; the identity test checks that.)
    rm -rf "$ours/etc/skel/.mozilla" "$theirs/etc/skel/.mozilla"
    make_seed_with_user_data "$WORK/seed" "$WORK/user-data"
    "$FLAMINGO" run --sysroot "$ours" --seed "$WORK/seed" 2> "$WORK/$layout.log" || fail "$layout: run failed: $(cat "$WORK/$layout.log")"
    # What cloud-init runs for these two entries (lock_passwd's `passwd -l` leaves useradd's "!" as it is).
    useradd --root "$theirs" -m -c "Alice Example" -G adm -s /bin/bash alice
    useradd --root "$theirs" --system -M svc

    for name in alice svc; do
        compare "passwd line of $name" "$(grep "^$name:" "$ours/etc/passwd")" "$(grep "^$name:" "$theirs/etc/passwd")"
        compare "shadow line of $name" "$(grep "^$name:" "$ours/etc/shadow")" "$(grep "^$name:" "$theirs/etc/shadow")"
        compare "group line of $name" "$(grep "^$name:" "$ours/etc/group")" "$(grep "^$name:" "$theirs/etc/group")"
        compare "gshadow line of $name" "$(grep "^$name:" "$ours/etc/gshadow")" "$(grep "^$name:" "$theirs/etc/gshadow")"
    done
    compare "adm's group line" "$(grep '^adm:' "$ours/etc/group")" "$(grep '^adm:' "$theirs/etc/group")"
    compare "adm's gshadow line" "$(grep '^adm:' "$ours/etc/gshadow")" "$(grep '^adm:' "$theirs/etc/gshadow")"
    listing() { (cd "$1" && find home var/mail var/spool/mail -printf '%p %m %U %G %s\n' 2>/dev/null | sort); }
    compare "homes and mailboxes" "$(listing "$ours")" "$(listing "$theirs")"
    compare "skeleton contents" "$(cd "$ours/home/alice" && find . -type f -exec cat {} + | sha256sum)" \
        "$(cd "$theirs/home/alice" && find . -type f -exec cat {} + | sha256sum)"
    for file in passwd shadow group gshadow; do
        compare "mode and owner of /etc/$file" "$(stat -c '%a %u:%g' "$ours/etc/$file")" "$(stat -c '%a %u:%g' "$theirs/etc/$file")"
    done
    pass "$layout: alice and svc as useradd --root makes them"
done
