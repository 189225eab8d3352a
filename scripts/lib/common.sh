# Shared helpers for flamingo's scripts. Source it; it defines functions only.
# shellcheck shell=bash

FLAMINGO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FLAMINGO_CACHE=${FLAMINGO_CACHE:-$FLAMINGO_ROOT/.cache}

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ensure_packages PKG... installs the Debian packages that are missing, idempotently.
# `apt-get update` runs at most once per machine boot (stamp in /run), and only when needed.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    if [ ! -e /run/flamingo-apt-updated ]; then
        apt-get update -qq >&2 || die "apt-get update failed"
        touch /run/flamingo-apt-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed"
}

# The packages any build of flamingo needs (headers of the C libraries it links).
BUILD_PACKAGES=(libblkid-dev libmount-dev libfdisk-dev libyaml-dev zlib1g-dev libcrypt-dev pkg-config)

# Swift lives in /opt/swift on the machines this project targets.
ensure_swift() {
    command -v swift >/dev/null 2>&1 && return 0
    [ -x /opt/swift/usr/bin/swift ] && export PATH=/opt/swift/usr/bin:$PATH && return 0
    die "swift not found (expected in PATH or /opt/swift/usr/bin)"
}
