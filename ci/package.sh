#!/usr/bin/env bash
# Builds the Debian package: configures ./build-deb (or $BUILD_DIR) for prefix /usr, without
# the tests, builds mtulab, its man pages and completion, and runs CPack. Prints the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
build="${BUILD_DIR:-build-deb}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"
(cd "$build" && cpack -G DEB >/dev/null)
ls "$build"/mtulab_*.deb
