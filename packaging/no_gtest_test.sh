#!/usr/bin/env bash
# -DBUILD_TESTING=OFF configures and plans the mtulab build with GoogleTest made unfindable
# (CMAKE_DISABLE_FIND_PACKAGE_GTest): no target, compile or link line mentions gtest.
#   no_gtest_test.sh SOURCE_DIR [--build]   (--build also compiles and links mtulab)
set -euo pipefail
src=$(realpath "$1")
work=$(mktemp -d /tmp/mtulab-notests.XXXXXX)
trap 'rm -rf "$work"' EXIT
cmake -S "$src" -B "$work" -G Ninja -DBUILD_TESTING=OFF -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
  -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
if grep -qiE "gtest|googletest" "$work/build.ninja"; then
  grep -iE "gtest|googletest" "$work/build.ninja" | head -5
  echo "FAIL: the build still mentions gtest" >&2
  exit 1
fi
targets=$(ninja -C "$work" -t targets all)  # not piped into grep -q: SIGPIPE under pipefail
grep -q '^mtulab:' <<<"$targets" || { echo "FAIL: no mtulab target" >&2; exit 1; }
if [[ ${2:-} == --build ]]; then
  nice ninja -C "$work" -j2 mtulab mtulab_docs
  "$work/mtulab" --version
fi
echo "ok: BUILD_TESTING=OFF needs no GoogleTest"
