#!/usr/bin/env bash
# Fuzzing throughput: `gauntlet fuzz` against the reference server and Python `websockets`, and boofuzz (PyPI,
# session glue in boofuzz_session.py) against the same Python target, in one run. Prints execs/s, the CPU each
# fuzzer and each target used, and gauntlet's ratio to boofuzz.
#
#   benchmarks/fuzz/bench.sh                      # 20 s per gauntlet run, 400 boofuzz cases, debug build
#   CONFIG=release DURATION=60 JOBS=32 benchmarks/fuzz/bench.sh
#
# Needs python3 (boofuzz and websockets go into benchmarks/fuzz/.venv, created here) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20}
JOBS=${JOBS:-32}
CONFIG=${CONFIG:-debug}
BOOFUZZ_CASES=${BOOFUZZ_CASES:-400}
SEED=${SEED:-1}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

venv=benchmarks/fuzz/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check boofuzz==0.4.2 websockets==17.4
swift build -c "$CONFIG" --product gauntlet >/dev/null
gauntlet="$(swift build -c "$CONFIG" --show-bin-path)/gauntlet"
ticks=$(getconf CLK_TCK)

# CPU seconds (user + system) a process has used so far, from /proc.
cpu_of() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

# Starts a server command in the background; waits for its "ws://..." line; sets url and pid.
start() {
    local log="$work/$1.log"; shift
    "$@" >"$log" 2>&1 &
    pid=$!; pids+=("$pid")
    for _ in $(seq 100); do grep -q "ws://" "$log" && break; sleep 0.1; done
    url=$(grep -o "ws://[^ ]*" "$log" | head -1)
}

# Runs gauntlet fuzz against $url; prints "execs/s harness-cpu target-cpu".
fuzz() {
    local before after
    before=$(cpu_of "$pid")
    /usr/bin/time -f "%U %S" -o "$work/time" "$gauntlet" fuzz "$url" --mode frames --duration "${DURATION}s" \
        --seed "$SEED" --jobs "$JOBS" --findings "$work/findings" >"$work/fuzz.out" 2>&1 || true
    after=$(cpu_of "$pid")
    local rate cpu
    rate=$(grep -o "([0-9.]* execs/s)" "$work/fuzz.out" | tr -d '(' | cut -d' ' -f1)
    cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$work/time")
    echo "$rate $cpu $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')"
}

printf '%-34s %10s %12s %12s\n' "fuzzer -> target" "execs/s" "fuzzer CPU s" "target CPU s"
start reference "$gauntlet" serve --port 0 --no-deflate
read -r rate cpu target_cpu <<<"$(fuzz)"
printf '%-34s %10s %12s %12s\n' "gauntlet -> reference server" "$rate" "$cpu" "$target_cpu"

start websockets "$venv/bin/python" targets/python-websockets/server.py 0
read -r gauntlet_rate cpu target_cpu <<<"$(fuzz)"
printf '%-34s %10s %12s %12s\n' "gauntlet -> python websockets" "$gauntlet_rate" "$cpu" "$target_cpu"

port=$(echo "$url" | sed 's#.*:\([0-9]*\)/.*#\1#')
before=$(cpu_of "$pid")
/usr/bin/time -f "%U %S" -o "$work/time" "$venv/bin/python" benchmarks/fuzz/boofuzz_session.py 127.0.0.1 "$port" \
    "$BOOFUZZ_CASES" "$work/boofuzz.db" >"$work/boofuzz.out" 2>"$work/boofuzz.err" || { cat "$work/boofuzz.err"; exit 1; }
after=$(cpu_of "$pid")
boofuzz_rate=$(grep -o '"rate": [0-9.]*' "$work/boofuzz.out" | cut -d' ' -f2)
printf '%-34s %10s %12s %12s\n' "boofuzz -> python websockets" "$boofuzz_rate" \
    "$(awk '{ printf "%.2f", $1 + $2 }' "$work/time")" "$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')"
awk -v g="$gauntlet_rate" -v b="$boofuzz_rate" 'BEGIN { printf "gauntlet / boofuzz against python websockets: %.1fx\n", g / b }'
echo "(build: $CONFIG, jobs: $JOBS, $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg))"
