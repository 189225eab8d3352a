#!/usr/bin/env bash
# scripts/install.sh DESTDIR [PREFIX]: the same layout as `make install`, for machines without make.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
[ $# -ge 1 ] || die "usage: $0 DESTDIR [PREFIX]"
ensure_packages make
exec make -C "$FLAMINGO_ROOT" install DESTDIR="$1" PREFIX="${2:-/usr}"
