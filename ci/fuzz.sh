#!/usr/bin/env bash
# Fuzzes the XML loader (LoadTopology/LoadSuite) with libFuzzer for SECONDS (default 60).
#   ci/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Installs clang-14 + libclang-rt-14-dev if missing, builds tests/fuzz/fuzz_loader.cc into
# ./build-fuzz (or $FUZZ_BUILD_DIR) with -DMTULAB_FUZZ=ON, and runs it on a throwaway corpus
# seeded from topologies/ and suites/ (each file alone, and each suite paired with its
# topology, see tests/fuzz/fuzz_loader.cc). Nothing is written into the repository except
# the build directory: corpus, scratch files and artifacts live under a mktemp -d directory
# removed on exit; crash/leak/timeout inputs are printed (path, hexdump, base64) and kept in
# a separate mktemp -d directory for reproduction. Exit: libFuzzer's (0: nothing found).
#
# Each input has a time limit (libFuzzer -timeout): FUZZ_TIMEOUT seconds, default 2. Loading
# any input of -max_len bytes takes milliseconds; one that takes longer is super-linear work
# in the loader (the cubic cycle check, the unbounded "did you mean" of issue 17) and is
# reported and kept like a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
timeout_s="${FUZZ_TIMEOUT:-2}"

ci/install-deps.sh clang-14 libclang-rt-14-dev

build="${FUZZ_BUILD_DIR:-build-fuzz}"
case "$build" in /*) ;; *) build="$(pwd)/$build" ;; esac  # an absolute FUZZ_BUILD_DIR too
cmake -S . -B "$build" -DMTULAB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build "$build" -j "$(nproc)" --target fuzz_loader
fuzzer="$build/fuzz_loader"
dict="$(pwd)/tests/fuzz/loader.dict"

work="$(mktemp -d -t mtulab-fuzz.XXXXXX)"
artifacts="$(mktemp -d -t mtulab-fuzz-artifacts.XXXXXX)"
cleanup() {
  rm -rf "$work"
  rmdir "$artifacts" 2>/dev/null || true  # kept only when something was found
}
trap cleanup EXIT
corpus="$work/corpus"
mkdir -p "$corpus" "$work/tmp"
cp topologies/*.xml "$corpus/"
for s in suites/*.xml; do
  cp "$s" "$corpus/suite-$(basename "$s")"
  topology="$(sed -n 's/.*<suite[^>]*topology="\([^"]*\)".*/\1/p' "$s" | head -n 1)"
  if [ -n "$topology" ] && [ -f "suites/$topology" ]; then
    { cat "suites/$topology"; printf '\0'; cat "$s"; } >"$corpus/pair-$(basename "$s")"
  fi
done
echo "corpus: $(ls "$corpus" | wc -l) seeds in $corpus; fuzzing for ${seconds}s," \
  "at most ${timeout_s}s per input"

status=0
(cd "$work" && TMPDIR="$work/tmp" "$fuzzer" "$corpus" -max_total_time="$seconds" \
  -dict="$dict" -timeout="$timeout_s" -max_len=16384 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$@") || status=$?

found=("$artifacts"/*)
if [ -e "${found[0]}" ]; then
  echo "=== fuzz_loader found ${#found[@]} input(s), kept in $artifacts ==="
  for f in "${found[@]}"; do
    echo "--- $f ($(stat -c %s "$f") bytes); reproduce: $fuzzer $f"
    od -A d -c "$f" | head -n 40
    echo "base64: $(base64 -w 0 "$f")"
  done
fi
echo "corpus after the run: $(ls "$corpus" | wc -l) files; libFuzzer exit status $status"
exit "$status"
