#!/usr/bin/env bash
# Times Autobahn's compression sections 12 and 13 (216 cases, 216,000 compressed round trips, RFC 7692) against
# the reference server and Python websockets, each started here as its own process: gauntlet at --jobs 1 and in
# parallel, and Autobahn|Testsuite's wstest on the same server in the same run. Prints wall time, the client's
# CPU, the server's CPU, and gauntlet's speed-up over Autobahn.
#
# Usage: benchmarks/bench-deflate-sections.sh
#   GAUNTLET_BIN     the gauntlet binary (default: .build-release/release/gauntlet, built here when missing)
#   GAUNTLET_PYTHON  a Python 3 with websockets (default: .venv/bin/python); that server is skipped when missing
#   AUTOBAHN_PYTHON  a Python 2.7 (default: pyenv's 2.7.18 when present); autobahntestsuite is pip-installed into
#                    benchmarks/.autobahn on first use; Autobahn is skipped when no Python 2.7 is found
#   CASES            default 12.*,13.* (Autobahn's spec takes the same globs)
#   JOBS             gauntlet's parallel --jobs (default 2: one per core here)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${GAUNTLET_BIN:-.build-release/release/gauntlet}"
python="${GAUNTLET_PYTHON:-.venv/bin/python}"
autobahn_python="${AUTOBAHN_PYTHON:-$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7*/bin/python 2>/dev/null | tail -1)}"
cases="${CASES:-12.*,13.*}"
jobs="${JOBS:-2}"
work="$(mktemp -d)"
server_pid=""
trap '[[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

[[ -x "$bin" ]] || swift build -c release --scratch-path .build-release --product gauntlet >/dev/null
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"; }

autobahn_lib="benchmarks/.autobahn"
if [[ -n "$autobahn_python" && ! -d "$autobahn_lib/autobahntestsuite" ]]; then
    "$autobahn_python" -m pip install --quiet --disable-pip-version-check --target "$autobahn_lib" \
        autobahntestsuite==25.10.1 >/dev/null 2>&1
fi

# Starts a server; waits for the ws:// line it prints; sets url and server_pid.
start() {
    "$@" >"$work/server.log" 2>&1 &
    server_pid=$!
    disown "$server_pid"  # killed on purpose later; no "Killed" notice
    for _ in $(seq 100); do grep -q "ws://" "$work/server.log" && break; sleep 0.1; done
    url=$(grep -o "ws://[^ /]*" "$work/server.log" | head -1)/
}

# Runs a client command against the current server; prints "wall client-CPU server-CPU".
measure() {
    local before after start end
    before=$(cpu_of "$server_pid")
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$work/time" "$@" >"$work/client.log" 2>&1 || true
    end=$(date +%s.%N)
    after=$(cpu_of "$server_pid")
    awk -v s="$start" -v e="$end" -v b="$before" -v a="$after" '{ printf "%.1f %.1f %.1f\n", e - s, $1 + $2, a - b }' \
        "$work/time"
}

# Writes Autobahn's fuzzingclient spec for the current server; prints the wstest command line's last argument.
autobahn_spec() {
    local spec="$work/spec.json" list
    list=$(echo "$cases" | sed 's/[^,]*/"&"/g')
    printf '{"outdir": "%s", "servers": [{"agent": "target", "url": "%s"}], "cases": [%s], "exclude-cases": []}\n' \
        "$work/autobahn" "$url" "$list" >"$spec"
    echo "$spec"
}

# Times every client against one server and prints its rows.
bench() {
    local name="$1" autobahn_wall=""
    local row
    if [[ -n "$autobahn_python" ]]; then
        read -r autobahn_wall cpu server_cpu <<<"$(measure "$autobahn_python" -c "import site, sys; \
            site.addsitedir('$autobahn_lib'); sys.argv = ['wstest', '-m', 'fuzzingclient', '-s', '$(autobahn_spec)']; \
            from autobahntestsuite.wstest import run; run()")"
        printf '%-18s %-22s %8.1f %10s %10s\n' "$name" "autobahn wstest" "$autobahn_wall" "$cpu" "$server_cpu"
    fi
    for j in 1 "$jobs"; do
        read -r wall cpu server_cpu <<<"$(measure "$bin" run "$url" --cases "$cases" --jobs "$j" --report-dir "$work/r")"
        row=$(printf '%-18s %-22s %8.1f %10s %10s' "$name" "gauntlet --jobs $j" "$wall" "$cpu" "$server_cpu")
        if [[ -n "$autobahn_wall" ]]; then
            row+=$(awk -v a="$autobahn_wall" -v g="$wall" 'BEGIN { printf "   %5.1fx", a / g }')
        fi
        echo "$row  $(grep -E '^[0-9]+ cases, ' "$work/client.log" || true)"
    done
}

printf '%-18s %-22s %8s %10s %10s   %s\n' "server" "client" "wall s" "client CPU" "server CPU" "vs autobahn"
start "$bin" serve --port 0
bench "reference"
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
if [[ -x "$python" ]] && "$python" -c 'import websockets' 2>/dev/null; then
    start "$python" targets/python-websockets/server.py 0
    bench "python websockets"
fi
echo "(cases: $cases; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
