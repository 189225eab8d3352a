# The same deployment with the repo's sysroot.readonly=true, as Fedora CoreOS ships it, booted `rw`
# as it must be (ostree-prepare-root: "sysroot.readonly=true requires /sysroot to be writable at
# this point"): the physical root's mount point is read-only, the deployment's /etc and the
# stateroot's var writable binds (Debian's ostree 2022.7): nothing needs remounting. flamingo's
# writes land where the booted system reads them, and the physical root stays read-only.
OSTREE_SYSROOT_READONLY=true OSTREE_ROOT_MODE=rw
# shellcheck disable=SC1091
. "$(dirname "${BASH_SOURCE[0]}")/60-ostree.sh"
CASE_TITLE="An ostree deployment with sysroot.readonly=true (booted rw, as ostree requires): the same writes land, the physical root stays read-only"

ostree_case_check=$(declare -f case_check)
eval "${ostree_case_check/case_check/ostree_case_check}"
case_check() {
    ostree_case_check
    local deployment
    deployment=$(ls -d "$ROOT_MNT"/ostree/deploy/$OSNAME/deploy/*.0 | head -n1)
    grep -q ' ro[, ]' "$deployment/flamingo-test/physical-root-mount" \
        || fail "the physical root is writable in the booted system: $(cat "$deployment/flamingo-test/physical-root-mount")"
    if grep -q '"name": "remount"' "$deployment/flamingo-test/run-result.json"; then
        note "remounted: $(grep -A4 '"name": "remount"' "$deployment/flamingo-test/run-result.json" | sed -n 's/^ *"\(\/.*\)",*$/\1/p' | head -n2 | tr '\n' ' ')"
    else
        note "nothing needed remounting (/etc and the stateroot's var are writable binds)"
    fi
}
