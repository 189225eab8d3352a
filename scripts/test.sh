#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs `swift test` and the script-level
# tests (real loop devices, real filesystems; root required), and ends with one line
# `N passed, N failed`. Exit status 0 only when nothing failed.
#
#   scripts/test.sh            everything
#   scripts/test.sh NAME...    only the script-level tests whose file names contain NAME
#                              (NAME "boot" runs the qemu boot test, "e2e" the real-OS login)
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

ensure_packages "${BUILD_PACKAGES[@]}" e2fsprogs dosfstools mtools xorriso util-linux file xz-utils bc make rpm rpm2cpio cpio passwd sudo openssh-server busybox-static cloud-init \
    policycoreutils selinux-utils selinux-policy-default attr network-manager ifupdown systemd udev iproute2 python3 python3-yaml xfsprogs btrfs-progs fdisk chrony openssl strace ignition
ensure_swift
cd "$FLAMINGO_ROOT"

passed=0
failed=0
failures=()
results=$(mktemp -d /tmp/flamingo-results.XXXXXX)
trap 'rm -rf "$results"' EXIT

log "building the static binary"
if ! scripts/build-static.sh; then
    echo "build: FAILED"
    echo "0 passed, 1 failed"
    exit 1
fi

if [ $# -eq 0 ]; then
    log "swift test"
    swift test --xunit-output "$results/xunit.xml" 2>&1 | tee "$results/swift-test.log" | grep -E '^(✘|✔ Test run|error:)' || true
    report=$(ls "$results"/xunit*.xml 2>/dev/null | xargs -r cat)
    tests=$(printf '%s' "$report" | grep -o '<testsuite [^>]*' | sed -n 's/.* tests="\([0-9]*\)".*/\1/p' | paste -sd+ | bc)
    fails=$(printf '%s' "$report" | grep -o '<testsuite [^>]*' | sed -n 's/.* failures="\([0-9]*\)".*/\1/p' | paste -sd+ | bc)
    errors=$(printf '%s' "$report" | grep -o '<testsuite [^>]*' | sed -n 's/.* errors="\([0-9]*\)".*/\1/p' | paste -sd+ | bc)
    tests=${tests:-0}; fails=$(( ${fails:-0} + ${errors:-0} ))
    if [ "$tests" -eq 0 ]; then
        echo "swift test: FAILED (no test results; see the build output above)"
        tail -n 30 "$results/swift-test.log"
        failed=$((failed + 1)); failures+=("swift test (did not run)")
    else
        passed=$((passed + tests - fails)); failed=$((failed + fails))
        [ "$fails" -gt 0 ] && failures+=("swift test: $fails")
        echo "swift test: $((tests - fails)) passed, $fails failed"
    fi
fi

# Script-level tests: every Tests/<group>/*.sh but the boot test's own files.
for test in Tests/*/*.sh; do
    group=$(basename "$(dirname "$test")")
    name=$(basename "$test" .sh)
    [ "$name" = lib ] || [ "$group" = boot ] && continue
    if [ $# -gt 0 ]; then
        match=0; for filter in "$@"; do [[ $name == *"$filter"* ]] && match=1; done
        [ $match = 1 ] || continue
    fi
    start=$(date +%s%N)
    if bash "$test" > "$results/$name.log" 2>&1; then
        passed=$((passed + 1)); status=PASS
    else
        failed=$((failed + 1)); status=FAIL; failures+=("$name")
    fi
    printf '%s %s (%d ms)\n' "$status" "$group/$name" $(( ($(date +%s%N) - start) / 1000000 ))
    [ $status = FAIL ] && sed 's/^/    /' "$results/$name.log"
done

# The qemu boot test: one test per case (its own closing line is not counted twice).
if [ $# -eq 0 ] || [[ " $* " == *" boot "* ]]; then
    log "boot test (qemu)"
    scripts/boot-test.sh > "$results/boot.log" 2>&1
    grep -vE '^ +("|\{|\}|\]|\[)' "$results/boot.log" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
    boot_passed=$(grep -c '^PASS boot/' "$results/boot.log")
    boot_failed=$(grep -c '^FAIL boot/' "$results/boot.log")
    if [ "$boot_passed" -eq 0 ] && [ "$boot_failed" -eq 0 ]; then
        boot_failed=1; tail -n 30 "$results/boot.log"
    fi
    passed=$((passed + boot_passed)); failed=$((failed + boot_failed))
    [ "$boot_failed" -gt 0 ] && failures+=("boot: $boot_failed")
fi

# The product test: a real Debian booted with flamingo's initramfs, logged into over ssh — with a
# ConfigDrive, on an EC2-like machine with no drive (the metadata service over HTTP), and with an
# Ignition config through fw_cfg side by side with Debian's Ignition in the initramfs.
if [ $# -eq 0 ] || [[ " $* " == *" e2e "* ]]; then
    for variant in ssh-login:"" ec2-imds-login:--cloud ignition-login:--ignition; do
        name=${variant%%:*} option=${variant#*:}
        log "e2e: a real Debian, ssh login (scripts/e2e.sh $option)"
        start=$(date +%s%N)
        # shellcheck disable=SC2086
        if scripts/e2e.sh $option > "$results/e2e-$name.log" 2>&1; then
            echo "PASS e2e/$name ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
            grep '^e2e: ' "$results/e2e-$name.log" | sed 's/^/    /'
            passed=$((passed + 1))
        else
            echo "FAIL e2e/$name"
            tail -n 30 "$results/e2e-$name.log" | sed 's/^/    /'
            failed=$((failed + 1)); failures+=("e2e/$name")
        fi
    done
fi

[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
