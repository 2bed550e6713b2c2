#!/usr/bin/env bash
# Times the built-in catalogue (Autobahn sections 1-7, 9, 10 plus C, H and D; sections 12 and 13 have their own
# script) against the reference server and against Python websockets, at --jobs 1 and at the default parallelism,
# and prints one line per run.
#
# Usage: benchmarks/bench-catalogue.sh [extra gauntlet options...]
#   GAUNTLET_BIN     the gauntlet binary (default: .build/debug/gauntlet; a release build is several times faster:
#                    swift build -c release && GAUNTLET_BIN=.build/release/gauntlet benchmarks/bench-catalogue.sh)
#   CASES            the cases to time (default: 1,2,3,4,5,6,7,9,10,C,H,D)
#   GAUNTLET_PYTHON  a Python with `websockets` installed (default: .venv/bin/python); skipped when missing
#   JOBS             the parallel run's --jobs (default: the CLI's default)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${GAUNTLET_BIN:-.build/debug/gauntlet}"
cases="${CASES:-1,2,3,4,5,6,7,9,10,C,H,D}"
python="${GAUNTLET_PYTHON:-.venv/bin/python}"
reports="$(mktemp -d)"
trap 'rm -rf "$reports"; [[ -n "${py_pid:-}" ]] && kill "$py_pid" 2>/dev/null || true' EXIT

[[ -x "$bin" ]] || swift build ${BUILD_FLAGS:-} --product gauntlet >/dev/null

# Runs one timed catalogue run; prints "<label> <seconds> s  <the CLI's summary line>".
timed() {
    local label="$1"; shift
    local start end line
    start=$(date +%s.%N)
    line=$("$bin" "$@" --cases "$cases" --report-dir "$reports" 2>&1 | grep -E '^[0-9]+ cases, ' || true)
    end=$(date +%s.%N)
    printf '%-34s %7.2f s   %s\n' "$label" "$(echo "$end - $start" | bc)" "$line"
}

parallel=()
[[ -n "${JOBS:-}" ]] && parallel=(--jobs "$JOBS")

timed "reference server, --jobs 1" demo --jobs 1 "$@"
timed "reference server, default jobs" demo "${parallel[@]}" "$@"

if [[ -x "$python" ]] && "$python" -c 'import websockets' 2>/dev/null; then
    out="$reports/python.out"
    "$python" targets/python-websockets/server.py 0 >"$out" 2>/dev/null &
    py_pid=$!
    for _ in $(seq 1 100); do grep -q listening "$out" 2>/dev/null && break; sleep 0.1; done
    url=$(grep -o 'ws://[^ ]*' "$out")
    timed "python websockets, --jobs 1" run "$url" --agent python-websockets --jobs 1 "$@"
    timed "python websockets, default jobs" run "$url" --agent python-websockets "${parallel[@]}" "$@"
else
    echo "python websockets: skipped (set GAUNTLET_PYTHON to a Python with websockets)"
fi
