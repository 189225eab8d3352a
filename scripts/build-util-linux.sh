#!/usr/bin/env bash
# Builds util-linux's static libblkid.a, libmount.a and libfdisk.a from Debian's own source package
# (Debian ships no libmount.a or libfdisk.a; libfdisk needs libuuid, built alongside) into .cache/util-linux/, once; later runs reuse it.
# Prints the folder holding the archives.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

out=$FLAMINGO_CACHE/util-linux
if [ -f "$out/lib/libmount.a" ] && [ -f "$out/lib/libblkid.a" ] && [ -f "$out/lib/libfdisk.a" ]; then
    echo "$out/lib"; exit 0
fi

ensure_packages dpkg-dev build-essential

# `apt-get source` needs a deb-src twin of the Debian entry this machine already uses.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            > /etc/apt/sources.list.d/flamingo-deb-src.sources
    elif [ -f /etc/apt/sources.list ]; then
        grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > /etc/apt/sources.list.d/flamingo-deb-src.list
    fi
    rm -f /run/flamingo-apt-updated
fi
if [ ! -e /run/flamingo-apt-updated ] || ! apt-cache showsrc util-linux >/dev/null 2>&1; then
    apt-get update -qq >&2 && touch /run/flamingo-apt-updated
fi

work=$FLAMINGO_CACHE/util-linux-src
rm -rf "$work" && mkdir -p "$work"
log "fetching Debian's util-linux source package"
(cd "$work" && apt-get source -qq --download-only util-linux >&2)
tarball=$(ls "$work"/util-linux_*.orig.tar.* | head -n1)
tar -C "$work" -xf "$tarball"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'util-linux-*' | head -n1)
log "building static libblkid, libmount, libfdisk in $src"
(
    cd "$src"
    ./configure -q --disable-all-programs --enable-libuuid --enable-libblkid --enable-libmount --enable-libfdisk \
        --enable-static --disable-shared --without-python --without-systemd --without-udev \
        --disable-nls --without-selinux --without-cryptsetup >&2
    make -s -j"$(nproc)" libuuid.la libblkid.la libmount.la libfdisk.la >&2
)
mkdir -p "$out/lib"
cp "$src"/.libs/libuuid.a "$src"/.libs/libblkid.a "$src"/.libs/libmount.a "$src"/.libs/libfdisk.a "$out/lib/"
basename "$src" > "$out/VERSION"
rm -rf "$work"
echo "$out/lib"
