#!/usr/bin/env bash
# Fuzzes the parsers that read untrusted bytes with libFuzzer (-sanitize=fuzzer,address), each
# target for a bounded time, starting from the seed corpus in
# Tests/FlamingoCoreTests/Fixtures/fuzz/<target>/ (which `swift test` replays without a fuzz build).
#
#   scripts/fuzz.sh                       every target, 60 s each
#   scripts/fuzz.sh --seconds 20 yaml     one target, 20 s
#   scripts/fuzz.sh --list                the target names
#
# What a run learns is kept in .build/fuzz/corpus/<target>/ for the next run. A finding (crash,
# sanitizer report, broken invariant, an input slower than 10 s, more than 2 GB) is saved under
# .build/fuzz/findings/ and printed; the script then fails. To keep it as a regression test, copy
# it into the target's corpus folder in Fixtures/fuzz and fix the cause.
# Prints one line per target: executions, corpus size, findings; exit 0 only without findings.
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

seconds=60
targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --list) list=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done

ensure_packages "${BUILD_PACKAGES[@]}"
ensure_swift
cd "$FLAMINGO_ROOT"
seeds=Tests/FlamingoCoreTests/Fixtures/fuzz
if [ "${list:-0}" = 1 ]; then ls "$seeds"; exit 0; fi
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(ls "$seeds")

log "building flamingo-fuzz (release, -sanitize=fuzzer,address)"
FLAMINGO_FUZZ=1 swift build -c release --product flamingo-fuzz --scratch-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer,address >&2 || die "the fuzz build failed"
fuzzer=.build/fuzz/release/flamingo-fuzz

total_runs=0
total_findings=0
for target in "${targets[@]}"; do
    [ -d "$seeds/$target" ] || die "no target $target (scripts/fuzz.sh --list)"
    corpus=.build/fuzz/corpus/$target
    findings=.build/fuzz/findings/$target
    mkdir -p "$corpus" "$findings"
    log=$(mktemp)
    # SWIFT_BACKTRACE=enable=no: libFuzzer, not Swift's backtracer, reports a crash and saves the input.
    SWIFT_BACKTRACE=enable=no FLAMINGO_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1 \
        "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "$seeds/$target" > "$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    found=$(grep -cE '^artifact_prefix=|Test unit written to' "$log")
    if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
    printf '%-20s %10s executions in %s s, corpus %s inputs, %s findings\n' \
        "$target" "${runs:-0}" "$seconds" "$(ls "$corpus" | wc -l)" "$found"
    if [ "$found" -gt 0 ]; then
        grep -E 'ERROR|SUMMARY|runtime failure|Fatal error|Precondition|Test unit written|deadly signal|timeout' "$log" | head -n 20 | sed 's/^/    /'
    fi
    total_runs=$((total_runs + ${runs:-0}))
    total_findings=$((total_findings + found))
    rm -f "$log"
done
printf 'total: %d executions, %d findings\n' "$total_runs" "$total_findings"
[ "$total_findings" -eq 0 ]
