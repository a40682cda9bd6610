#!/usr/bin/env bash
# README command (b): install what is missing, build, run every test layer
# (unit without root; namespace integration and end-to-end as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
if [ "$(id -u)" -ne 0 ]; then
  echo "note: not root: integration and end-to-end tests will report SKIPPED" >&2
fi
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" "$@"
