#!/usr/bin/env bash
# Regenerates the committed cross-runtime report in reports/cross-runtime/: the RFC 6455 catalogue and the
# agent-dashboard scenarios against every target in gauntlet.yaml, then the comparison.
#
# Needs the installs .ci/run does: .venv with targets/*/requirements.txt, Debian's node-ws unpacked into
# .build-node-ws/, and Debian's golang-go + golang-github-gorilla-websocket-dev. Builds what it needs.
# Only summaries and the comparison are committed (see .gitignore); results.json and the HTML reports hold every
# transcript (about 20 MB per target) and stay local.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build gauntlet and the Go target"
swift build
gauntlet="$(swift build --show-bin-path)/gauntlet"
mkdir -p .build-go
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/.build-go/cache" \
    go build -o .build-go/dashboard ./targets/go-gorilla

echo "== run every target"
# The scenarios read the token from the environment; the targets default to the same demo token.
export DASHBOARD_TOKEN="${DASHBOARD_TOKEN:-gauntlet-demo-token-0001}"
# Stale reports of a renamed target would slip into the comparison.
mkdir -p reports/cross-runtime
find reports/cross-runtime -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
set +e
"$gauntlet" run --config gauntlet.yaml
status=$?
set -e
# 1 only says that some target fails some case, which is what the report documents; 2 and 3 are real errors.
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "gauntlet run --config failed with exit status $status" >&2
    exit "$status"
fi

echo "== compare"
"$gauntlet" compare reports/cross-runtime/*/results.json --output reports/cross-runtime/compare
echo "Review reports/cross-runtime/compare/comparison.md against reports/cross-runtime/NOTES.md before committing."
