# The same deployment with the repo's sysroot.readonly=true (as Fedora CoreOS ships): ostree-prepare-root
# leaves the physical root read-only and only the deployment's /etc and the stateroot's var writable.
# flamingo's writes still land where the booted system reads them, and the physical root stays read-only.
OSTREE_SYSROOT_READONLY=true
# shellcheck disable=SC1091
. "$(dirname "${BASH_SOURCE[0]}")/60-ostree.sh"
CASE_TITLE="An ostree deployment with sysroot.readonly=true, booted ro: the same writes land, the physical root stays read-only"

ostree_case_check=$(declare -f case_check)
eval "${ostree_case_check/case_check/ostree_case_check}"
case_check() {
    ostree_case_check
    local deployment
    deployment=$(ls -d "$ROOT_MNT"/ostree/deploy/$OSNAME/deploy/*.0 | head -n1)
    grep -q ' ro[, ]' "$deployment/flamingo-test/physical-root-mount" \
        || fail "the physical root is writable in the booted system: $(cat "$deployment/flamingo-test/physical-root-mount")"
}
