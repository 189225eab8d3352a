# Realistic sysroots for the identity tests, built here (never this machine's /etc): a Debian-like
# and a CentOS-like layout with their system users, login.defs, useradd defaults and skeleton.
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../device/lib.sh"

make_debian_sysroot() {
    local root=$1
    mkdir -p "$root"/{etc/skel,etc/default,etc/sudoers.d,etc/ssh/sshd_config.d,home,root,usr/sbin,usr/bin,var}
    chmod 700 "$root/root"
    printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' > "$root/etc/os-release"
    cat > "$root/etc/passwd" <<'EOD'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
EOD
    cat > "$root/etc/shadow" <<'EOD'
root:*:19700:0:99999:7:::
daemon:*:19700:0:99999:7:::
bin:*:19700:0:99999:7:::
sys:*:19700:0:99999:7:::
nobody:*:19700:0:99999:7:::
systemd-network:!*:19700::::::
messagebus:!:19700::::::
EOD
    cat > "$root/etc/group" <<'EOD'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
cdrom:x:24:
floppy:x:25:
sudo:x:27:
audio:x:29:
dip:x:30:
video:x:44:
plugdev:x:46:
users:x:100:
nogroup:x:65534:
shadow:x:42:
systemd-network:x:998:
messagebus:x:107:
EOD
    sed 's/^\([^:]*\):.*/\1:*::/' "$root/etc/group" > "$root/etc/gshadow"
    chown root:42 "$root/etc/shadow" "$root/etc/gshadow"; chmod 640 "$root/etc/shadow" "$root/etc/gshadow"
    # Debian's login.defs as shipped (the keys that matter, with its comments' style).
    cat > "$root/etc/login.defs" <<'EOD'
# /etc/login.defs - Configuration control definitions for the login package.
MAIL_DIR        /var/mail
PASS_MAX_DAYS   99999
PASS_MIN_DAYS   0
PASS_WARN_AGE   7
UID_MIN                  1000
UID_MAX                 60000
GID_MIN                  1000
GID_MAX                 60000
UMASK           022
USERGROUPS_ENAB yes
ENCRYPT_METHOD SHA512
EOD
    printf 'SHELL=/bin/sh\n' > "$root/etc/default/useradd"
    printf '# ~/.bashrc\n' > "$root/etc/skel/.bashrc"
    printf '# ~/.profile\n' > "$root/etc/skel/.profile"
    printf '# ~/.bash_logout\n' > "$root/etc/skel/.bash_logout"
    printf 'Defaults\tenv_reset\nroot\tALL=(ALL:ALL) ALL\n%%sudo\tALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n' > "$root/etc/sudoers"
    chmod 440 "$root/etc/sudoers"
    add_shells "$root"
    printf 'Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nSubsystem sftp /usr/lib/openssh/sftp-server\n' > "$root/etc/ssh/sshd_config"
}

make_centos_sysroot() {
    local root=$1
    mkdir -p "$root"/{etc/skel,etc/default,etc/sudoers.d,etc/ssh/sshd_config.d,home,root,usr/sbin,usr/bin,var}
    chmod 550 "$root/root"
    printf 'NAME="CentOS Stream"\nVERSION="9"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="9"\n' > "$root/etc/os-release"
    cat > "$root/etc/passwd" <<'EOD'
root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
nobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin
systemd-coredump:x:999:997:systemd Core Dumper:/:/sbin/nologin
sshd:x:74:74:Privilege-separated SSH:/usr/share/empty.sshd:/sbin/nologin
EOD
    sed 's/^\([^:]*\):.*/\1:*:19700:0:99999:7:::/' "$root/etc/passwd" > "$root/etc/shadow"
    cat > "$root/etc/group" <<'EOD'
root:x:0:
bin:x:1:
daemon:x:2:
sys:x:3:
adm:x:4:
wheel:x:10:
nobody:x:65534:
systemd-journal:x:190:
systemd-coredump:x:997:
ssh_keys:x:101:
sshd:x:74:
users:x:100:
mail:x:12:
EOD
    sed 's/^\([^:]*\):.*/\1:!::/' "$root/etc/group" > "$root/etc/gshadow"
    mkdir -p "$root/var/spool/mail" && chown 0:12 "$root/var/spool/mail" && chmod 775 "$root/var/spool/mail"
    chmod 000 "$root/etc/shadow" "$root/etc/gshadow"
    cat > "$root/etc/login.defs" <<'EOD'
MAIL_DIR	/var/spool/mail
UMASK		022
HOME_MODE	0700
PASS_MAX_DAYS	99999
PASS_MIN_DAYS	0
PASS_WARN_AGE	7
UID_MIN                  1000
UID_MAX                 60000
SYS_UID_MIN               201
SYS_UID_MAX               999
GID_MIN                  1000
GID_MAX                 60000
SYS_GID_MIN               201
SYS_GID_MAX               999
CREATE_HOME	yes
USERGROUPS_ENAB yes
ENCRYPT_METHOD SHA512
EOD
    printf 'GROUP=100\nHOME=/home\nINACTIVE=-1\nEXPIRE=\nSHELL=/bin/bash\nSKEL=/etc/skel\nCREATE_MAIL_SPOOL=yes\n' > "$root/etc/default/useradd"
    printf '# .bashrc\n' > "$root/etc/skel/.bashrc"
    printf '# .bash_profile\n' > "$root/etc/skel/.bash_profile"
    mkdir -p "$root/etc/skel/.mozilla/extensions"
    printf 'Defaults   !visiblepw\nroot\tALL=(ALL)\tALL\n%%wheel\tALL=(ALL)\tALL\n#includedir /etc/sudoers.d\n' > "$root/etc/sudoers"
    chmod 440 "$root/etc/sudoers"
    add_shells "$root"
    printf 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin prohibit-password\nSubsystem sftp /usr/libexec/openssh/sftp-server\n' > "$root/etc/ssh/sshd_config"
}

# The programs and directories the account lines name, so that pwck judges the lines, not the tree.
add_shells() {
    local root=$1 path
    for path in /bin/bash /bin/sh /usr/sbin/nologin /sbin/nologin; do
        mkdir -p "$root$(dirname "$path")"; printf '#!/bin/true\n' > "$root$path"; chmod 755 "$root$path"
    done
    mkdir -p "$root"/{dev,var/adm,usr/share/empty.sshd}
}

# A NoCloud seed whose user-data is $2 (a file).
make_seed_with_user_data() {
    mkdir -p "$1"
    printf 'instance-id: iid-identity\nlocal-hostname: ident.example.com\npublic-keys:\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMetaDataKey meta@data\n' > "$1/meta-data"
    cp "$2" "$1/user-data"
}

# What the hand-off runner needs in a chroot: busybox's sh and tools, and util-linux's setpriv
# (busybox's cannot change uids) with its libraries.
install_runner_tools() {
    local root=$1 applet setpriv file
    mkdir -p "$root/bin" "$root/usr/bin" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for applet in sh cat mkdir date chmod chown mv touch echo stat mktemp rm tr printf; do ln -sf busybox "$root/bin/$applet"; done
    setpriv=$(command -v setpriv) || fail "setpriv (util-linux) is needed"
    for file in "$setpriv" $(ldd "$setpriv" | grep -o '/[^ ]*'); do
        mkdir -p "$root$(dirname "$file")"; cp -L "$file" "$root$file"
    done
    cp "$setpriv" "$root/usr/bin/setpriv"
}
