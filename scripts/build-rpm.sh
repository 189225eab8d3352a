#!/usr/bin/env bash
# Builds dist/flamingo-VERSION-1.x86_64.rpm with rpmbuild (Debian's `rpm` package has it) from a
# source tarball of the tracked files and the static binary. Prints the package's path.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

ensure_packages rpm make
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$FLAMINGO_ROOT/Sources/FlamingoCore/Run/Version.swift")
top=$(mktemp -d /tmp/flamingo-rpm.XXXXXX)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}

cd "$FLAMINGO_ROOT"
git ls-files -z --cached --others --exclude-standard | tar --null -T - --transform "s,^,flamingo-$version/," -czf "$top/SOURCES/flamingo-$version.tar.gz"
cp dist/flamingo "$top/SOURCES/flamingo"
# --nodeps: this is a Debian machine, whose rpm database knows nothing of dracut.
rpmbuild -bb --nodeps --quiet --define "_topdir $top" --define "flamingo_version $version" flamingo.spec >&2
rpm=$(find "$top/RPMS" -name '*.rpm' | head -n1)
mkdir -p dist && cp "$rpm" dist/
echo "dist/$(basename "$rpm")"
