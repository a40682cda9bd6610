#!/usr/bin/env bash
# ci/sizes.sh can fail: in a scratch git repository, a 61-line function and a 401-line file
# are named; a 60-line function in a 400-line file passes. Then the tree itself is checked.
# Usage: tests/sizes_test.sh SOURCE_DIR
set -euo pipefail
src="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ci"
cp "$src/ci/sizes.sh" "$work/ci/"
git -C "$work" init -q

# body LINES: a function of exactly LINES lines (signature and closing brace included).
body() {
  echo "int F() {"
  for ((i = 0; i < $1 - 2; ++i)); do echo "  int v$i = $i;"; done
  echo "}"
}
pad() { for ((i = 0; i < $1; ++i)); do echo "// pad"; done; }

{ body 60; pad 340; } > "$work/ok.cc"
git -C "$work" add ok.cc
"$work/ci/sizes.sh" > "$work/out" || { echo "60 lines / 400 lines refused:"; cat "$work/out"; exit 1; }

{ body 61; pad 340; } > "$work/long.cc"
git -C "$work" add long.cc
if "$work/ci/sizes.sh" > "$work/out"; then echo "a 401-line file with a 61-line function passed"; exit 1; fi
grep -q "long.cc:1: F is 61 lines" "$work/out" || { echo "function not named:"; cat "$work/out"; exit 1; }
grep -q "long.cc has 401 lines" "$work/out" || { echo "file not named:"; cat "$work/out"; exit 1; }

"$src/ci/sizes.sh"
