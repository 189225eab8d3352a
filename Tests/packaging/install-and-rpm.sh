#!/usr/bin/env bash
# `make install` lays out the binary, the dracut module, the dracut.conf.d snippet and the docs;
# the RPM built by scripts/build-rpm.sh holds exactly those files with the same contents.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/flamingo-packaging.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

expected_files() {
    cat <<'EOD'
/usr/bin/flamingo
/usr/lib/dracut/dracut.conf.d/50-flamingo.conf
/usr/lib/dracut/modules.d/30flamingo
/usr/lib/dracut/modules.d/30flamingo/flamingo-pre-pivot.sh
/usr/lib/dracut/modules.d/30flamingo/flamingo.service
/usr/lib/dracut/modules.d/30flamingo/module-setup.sh
/usr/share/doc/flamingo
EOD
    (cd "$ROOT" && ls README.md docs/*.md | sed 's,^docs/,,; s,^,/usr/share/doc/flamingo/,')
}

make -s -C "$ROOT" install DESTDIR="$WORK/root" PREFIX=/usr
(cd "$WORK/root" && find . -mindepth 1 ! -path ./usr ! -path ./usr/bin ! -path ./usr/lib ! -path ./usr/lib/dracut \
    ! -path ./usr/lib/dracut/dracut.conf.d ! -path ./usr/lib/dracut/modules.d ! -path ./usr/share ! -path ./usr/share/doc | sed 's,^\.,,' | sort) > "$WORK/installed"
expected_files | sort > "$WORK/expected"
diff -u "$WORK/expected" "$WORK/installed" || fail "make install laid out other files"
[ "$(stat -c %a "$WORK/root/usr/bin/flamingo")" = 755 ] || fail "flamingo is not 0755"
[ "$(stat -c %a "$WORK/root/usr/lib/dracut/modules.d/30flamingo/module-setup.sh")" = 755 ] || fail "module-setup.sh is not executable"
"$WORK/root/usr/bin/flamingo" --version | grep -q . || fail "the installed binary does not run"
echo "ok: make install"

rpm=$("$ROOT/scripts/build-rpm.sh" 2> "$WORK/rpm.log") || { cat "$WORK/rpm.log"; fail "build-rpm.sh failed"; }
rpm -qlp "$ROOT/$rpm" 2> /dev/null | sort > "$WORK/packaged"
diff -u "$WORK/expected" "$WORK/packaged" || fail "the RPM's file list differs"
rpm -qp --requires "$ROOT/$rpm" 2> /dev/null | grep -qx dracut || fail "the RPM does not require dracut"
mkdir "$WORK/extracted"
(cd "$WORK/extracted" && rpm2cpio "$ROOT/$rpm" | cpio -idm --quiet)
cmp "$WORK/extracted/usr/bin/flamingo" "$ROOT/dist/flamingo" || fail "the packaged binary is not dist/flamingo"
cmp "$WORK/extracted/usr/lib/dracut/modules.d/30flamingo/flamingo.service" "$ROOT/dracut/modules.d/30flamingo/flamingo.service" \
    || fail "the packaged unit differs"
echo "ok: $rpm holds the same $(wc -l < "$WORK/expected") paths"
