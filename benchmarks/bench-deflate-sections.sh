#!/usr/bin/env bash
# Times Autobahn's compression sections 12 and 13 (216 cases, 216,000 compressed round trips, RFC 7692) against
# the reference server and against Python websockets, at --jobs 1 and at the default parallelism, in a release
# build: bench-catalogue.sh with those cases.
#
# Usage: benchmarks/bench-deflate-sections.sh [extra gauntlet options...]
#   GAUNTLET_BIN     the gauntlet binary (default: .build-release/release/gauntlet, built here when missing with
#                    swift build -c release --scratch-path .build-release)
#   GAUNTLET_PYTHON, JOBS   as for bench-catalogue.sh
#
# Autobahn|Testsuite's wstest (Python 2, Twisted) does not install here, so its figure is the published one: 415 s
# of a 430 s full server run went to sections 12 and 13, one case at a time (see docs/cases.md, "Timings").
set -euo pipefail
cd "$(dirname "$0")/.."
export GAUNTLET_BIN="${GAUNTLET_BIN:-.build-release/release/gauntlet}"
export BUILD_FLAGS="-c release --scratch-path .build-release"
CASES='12,13' exec benchmarks/bench-catalogue.sh "$@"
