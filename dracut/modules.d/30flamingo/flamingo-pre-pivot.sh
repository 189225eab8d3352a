#!/bin/sh
# dracut without systemd: the same step as flamingo.service, as a pre-pivot hook. Hooks are
# sourced, so this never exits; a failure under flamingo.strict=1 drops to the emergency shell.
if ! NEWROOT="${NEWROOT:-/sysroot}" /usr/lib/flamingo/flamingo-initrd; then
    emergency_shell "flamingo failed and flamingo.strict=1 is set"
fi
