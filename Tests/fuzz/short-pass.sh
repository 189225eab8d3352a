#!/usr/bin/env bash
# CI's short fuzzing pass: every libFuzzer target for 20 s from its seed corpus (plus what earlier
# runs on this machine learnt). Fails on any finding; scripts/fuzz.sh prints it.
set -euo pipefail
exec "$(dirname "$0")/../../scripts/fuzz.sh" --seconds "${FLAMINGO_FUZZ_SECONDS:-20}"
