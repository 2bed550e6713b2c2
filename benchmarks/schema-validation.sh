#!/usr/bin/env bash
# Validations per second of the agent dashboard protocol's messages, one thread:
# Gauntlet's compiled validator (release build) against Python's `jsonschema` on the same schemas and messages.
#
#   benchmarks/schema-validation.sh [SECONDS_PER_MODE]      (default 3)
#
# Needs a Python with `jsonschema` (set PYTHON, default /work/main/.venv/bin/python or python3).
# Goal (issue 4): at least 20x Python `jsonschema`.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_MODE="${1:-3}"
PYTHON="${PYTHON:-}"
if [[ -z "$PYTHON" ]]; then
    if [[ -x /work/main/.venv/bin/python ]]; then PYTHON=/work/main/.venv/bin/python; else PYTHON=python3; fi
fi
SAMPLE=scenarios/agent-dashboard

swift build -c release --product gauntlet >&2
BIN="$(swift build -c release --show-bin-path)/gauntlet"

swift_out="$("$BIN" schema bench "$SAMPLE/protocol.sidecar.yaml" --messages "$SAMPLE/traffic.jsonl" \
    --seconds "$SECONDS_PER_MODE")"
python_out="$("$PYTHON" benchmarks/jsonschema_bench.py --client "$SAMPLE/client-messages.schema.json" \
    --server "$SAMPLE/server-messages.schema.json" --messages "$SAMPLE/traffic.jsonl" --seconds "$SECONDS_PER_MODE")"
echo "$swift_out"
echo "$python_out"

value() { printf '%s\n%s\n' "$swift_out" "$python_out" | sed -n "s/^$1=//p"; }
swift_fast="$(value swift_isvalid_per_second)"
swift_full="$(value swift_classify_validate_per_second)"
python_branch="$(value python_branch_per_second)"
python_union="$(value python_union_per_second)"
awk -v a="$swift_fast" -v b="$python_branch" -v c="$swift_full" -v d="$python_union" 'BEGIN {
    printf "ratio_per_message_schema=%.1fx  (Swift isValid vs jsonschema is_valid on the same per-message schema)\n", a / b
    printf "ratio_as_used=%.1fx  (Swift classify+validate vs jsonschema is_valid on the whole union)\n", c / d
    if (a / b < 20) { print "below the 20x goal"; exit 1 }
}'
