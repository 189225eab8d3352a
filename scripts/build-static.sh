#!/usr/bin/env bash
# Builds dist/flamingo: release mode, fully static (glibc, Swift runtime, util-linux, libyaml),
# stripped; prints its size. The ordinary `swift build` (dynamic) is unaffected: this one uses
# its own build folder, .build-static.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

ensure_packages "${BUILD_PACKAGES[@]}" binutils xz-utils file
ensure_swift
libs=$("$FLAMINGO_ROOT/scripts/build-util-linux.sh")
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)

cd "$FLAMINGO_ROOT"
# -static-executable ignores the module map's `link` lines for these archives: name them
# explicitly, libfdisk and libmount before libblkid and libuuid (they use them).
swift build -c release --scratch-path .build-static --product flamingo \
    -Xswiftc -static-executable \
    -Xlinker -L"$libs" \
    -Xlinker "$libs/libfdisk.a" -Xlinker "$libs/libmount.a" -Xlinker "$libs/libblkid.a" -Xlinker "$libs/libuuid.a" \
    -Xlinker "/usr/lib/$multiarch/libyaml.a" \
    -Xlinker "/usr/lib/$multiarch/libz.a" -Xlinker "/usr/lib/$multiarch/libcrypt.a" >&2

mkdir -p dist
strip -o dist/flamingo .build-static/release/flamingo
file dist/flamingo | grep -q 'statically linked' || die "dist/flamingo is not statically linked: $(file dist/flamingo)"
if ldd dist/flamingo >/dev/null 2>&1; then die "ldd sees dynamic dependencies in dist/flamingo"; fi
size=$(stat -c %s dist/flamingo)
xz_size=$(xz -9 -c dist/flamingo | wc -c)
printf 'dist/flamingo: %s bytes (%.1f MB) stripped, %s bytes (%.1f MB) xz -9\n' \
    "$size" "$(echo "$size / 1048576" | bc -l)" "$xz_size" "$(echo "$xz_size / 1048576" | bc -l)"
# The size budget (issue 18: "the static binary stays within 14 MB stripped"; MB as printed above).
budget=$((14 * 1048576))
[ "$size" -le "$budget" ] || die "dist/flamingo is $size bytes, over its budget of $budget bytes (14 MB stripped)"
