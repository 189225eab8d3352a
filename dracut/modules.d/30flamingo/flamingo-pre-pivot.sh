#!/bin/sh
# dracut without systemd: the same step as flamingo.service, as a pre-pivot hook (the real root is
# mounted at $NEWROOT, switch_root has not happened). flamingo decides the failure policy itself
# (docs/boot.md): it exits non-zero only when the boot must stop (flamingo.strict=1), crashes
# included. Hooks are sourced, so this never exits. The binary is the real root's (not copied
# into the initramfs); a root without it is left alone. SWIFT_DETERMINISTIC_HASHING: as in
# flamingo.service, no wait for the kernel's random pool before the first line of work.
flamingo_root=${NEWROOT:-/sysroot}
if [ ! -x "$flamingo_root/usr/bin/flamingo" ]; then
    info "flamingo: $flamingo_root/usr/bin/flamingo not found: nothing to do"
elif ! SWIFT_DETERMINISTIC_HASHING=1 "$flamingo_root/usr/bin/flamingo" run --initrd --sysroot "$flamingo_root"; then
    emergency_shell "flamingo failed under flamingo.strict=1 (see 'flamingo status')"
fi
