#!/usr/bin/env bash
# Boots a real Debian kernel with a dracut initramfs holding flamingo's module under qemu (TCG),
# once per case in Tests/boot/cases/, and checks each root image from outside afterwards.
# Prints one PASS/FAIL line per case (with boot and flamingo times), the initramfs size with and
# without the module, and a closing "N passed, N failed".
#
#   scripts/boot-test.sh            every case
#   scripts/boot-test.sh NAME...    the cases whose file names contain NAME
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
[ "$(id -u)" = 0 ] || die "the boot test needs root (loop mounts of the root images)"

ensure_packages linux-image-amd64 dracut qemu-system-x86 busybox-static xorriso dosfstools mtools \
    e2fsprogs ostree ostree-boot cpio fdisk lvm2 python3
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2 || die "static build failed"

. "$FLAMINGO_ROOT/Tests/boot/lib.sh"
trap boot_teardown EXIT
suite_start=$(date +%s)
boot_setup || { echo "boot setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
for file in "$FLAMINGO_ROOT"/Tests/boot/cases/*.sh; do
    name=$(basename "$file" .sh)
    if [ $# -gt 0 ]; then
        match=0; for filter in "$@"; do [[ $name == *"$filter"* ]] && match=1; done
        [ $match = 1 ] || continue
    fi
    # Not `if run_case`: set -e would be ignored inside the case's subshell.
    run_case "$file"
    if [ $? -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "boot test: $(( $(date +%s) - suite_start )) s in all; flamingo adds $INITRD_DELTA bytes to the initramfs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
