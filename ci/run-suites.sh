#!/usr/bin/env bash
# README command (a): install what is missing, build, run every bundled suite.
# Writes reports/junit.xml. Exit: 0 all passed, 1 a case failed or errored, 2 config error.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
ci/build.sh
exec "${BUILD_DIR:-build}/mtulab" run "$@"
