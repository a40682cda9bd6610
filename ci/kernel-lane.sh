#!/usr/bin/env bash
# The kernel lane: every shipped suite on Debian kernels, each booted in a throw-away qemu VM
# (TCG when no hardware KVM is loaded), beside nothing on the host: ci/fetch-kernels.sh
# unpacks the kernels into $MTULAB_KERNEL_CACHE (default /var/cache/mtulab/kernels), never
# installs them. Reports: reports/kernel-lane/ (suites named SUITE@KERNEL).
#
#   ci/kernel-lane.sh [PACKAGE...]   default: linux-image-amd64 (bookworm's 6.1)
#
# Exit: as `mtulab run` (0 all passed, skips allowed; 1 a case failed or errored; 2 usage).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("$@")
((${#packages[@]})) || packages=(linux-image-amd64)
ci/install-deps.sh
ci/build.sh
mapfile -t kernels < <(ci/fetch-kernels.sh "${packages[@]}")
args=()
for k in "${kernels[@]}"; do args+=(--kernel "$k"); done
start=$(date +%s)
rc=0
"${BUILD_DIR:-build}/mtulab" run "${args[@]}" --vm-timeout 170 \
  --junit reports/kernel-lane/junit.xml suites || rc=$?
# Seed 001's GRE row can fail there: its mutation rows (tests/e2e/mutation_test.cc, `lane`)
# run in the first kernel, each case unmutated (passes) and with its decisive setting flipped
# (fails on the named fact).
MTULAB_LANE_KERNEL=${kernels[0]} "${BUILD_DIR:-build}/e2e_tests" \
  --gtest_filter='SeedCases/MutationTest.*/gretap_underlay_1500_carries_1454:SeedCases/MutationTest.*/underlay_1546_carries_1500' ||
  rc=1
echo "kernel lane: ${#kernels[@]} kernel(s), $(($(date +%s) - start)) s, exit $rc"
exit "$rc"
