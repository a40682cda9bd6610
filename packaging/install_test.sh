#!/usr/bin/env bash
# The .deb, installed into a fresh root with no checkout, runs the shipped suites.
#
#   install_test.sh SOURCE_DIR BUILD_DIR
#
# Builds the package with CPack from BUILD_DIR, checks its Depends (dpkg-shlibdeps) and
# Recommends, unpacks it into a new directory (dpkg -x), checks the man pages against the
# unpacked binary's --help and the completion files, then, as root, runs
# `<root>/<prefix>/bin/mtulab run` from an empty directory in a private mount namespace where
# the checkout and the build directory are hidden under empty tmpfs mounts: the binary has
# only what the package installed. Exit 77 (ctest: skipped) for the run part without root.
set -euo pipefail
src=$(realpath "$1")
build=$(realpath "$2")
work=$(mktemp -d /tmp/mtulab-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$work"/pkg/mtulab_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libnl-3-200 libnl-route-3-200 libnl-genl-3-200 libnl-xfrm-3-200 libpcap0.8 \
           libpugixml1v5 libnftables1 libsodium23 libstdc++6 libc6; do
  [[ $depends == *"$lib "* || $depends == *"$lib," || $depends == *"$lib" ]] ||
    fail "Depends lacks $lib (dpkg-shlibdeps)"
done
[[ $(dpkg-deb -f "$deb" Recommends) == *wireguard-go* ]] || fail "Recommends lacks wireguard-go"

root="$work/root"
dpkg -x "$deb" "$root"
prefix=$(grep -m1 '^CMAKE_INSTALL_PREFIX:' "$build/CMakeCache.txt" | cut -d= -f2)
bin="$root$prefix/bin/mtulab"
data="$root$prefix/share/mtulab"
[[ -x $bin ]] || fail "no $prefix/bin/mtulab in the package"
for d in suites topologies schemas; do
  [[ -n $(ls "$data/$d") ]] || fail "no $prefix/share/mtulab/$d in the package"
done
diff <(cd "$src/suites" && ls) <(cd "$data/suites" && ls) || fail "shipped suites differ"
[[ -f $root$prefix/share/doc/mtulab/README.md ]] || fail "no README in share/doc/mtulab"
grep -q 'complete -o filenames -F _mtulab mtulab' "$root$prefix/share/bash-completion/completions/mtulab" ||
  fail "no bash completion"
grep -q '^#compdef mtulab' "$root$prefix/share/zsh/vendor-completions/_mtulab" || fail "no zsh completion"
bash -n "$root$prefix/share/bash-completion/completions/mtulab" || fail "bash completion syntax"

# The man pages say what the binary says once installed under $prefix.
MTULAB_DATA_DIR="$prefix/share/mtulab" python3 "$src/packaging/gen_docs.py" --check "$bin" \
  "$root$prefix/share/man" || fail "man pages differ from --help"
# Unpacked elsewhere, the binary finds its data beside itself, and names it.
usage=$(cd "$work" && "$bin" --help)
grep -qxF "  $data/suites and writes ./reports/junit.xml." <<<"$usage" ||
  fail "the installed binary does not name its suites directory $data/suites"
grep -qxF "  $root$prefix/share/doc/mtulab/README.md; every step's facts:" <<<"$usage" ||
  fail "the installed binary does not point at its installed README"
grep -q "Manual pages: mtulab(1)" <<<"$usage" || fail "the installed binary names no man page"

if [[ $(id -u) -ne 0 ]]; then
  echo "package checked; running the suites from it needs root" >&2
  exit 77
fi
mkdir "$work/empty"
# A private mount namespace (nothing propagates back): the checkout and the build directory
# become empty directories, so nothing outside the unpacked package is there to be read.
unshare --mount --propagation private -- bash -c '
  set -e
  mount -t tmpfs -o size=1m mtulab-hide "$1"
  [[ $2 == "$1"/* ]] || mount -t tmpfs -o size=1m mtulab-hide "$2"
  cd "$3"
  ls "$1" | grep -q . && { echo "checkout still visible" >&2; exit 1; }
  exec "$4" run -j 2 --junit "$3/reports/junit.xml"
' mtulab-install-test "$src" "$build" "$work/empty" "$bin" >"$work/run.log" 2>&1 || {
  cat "$work/run.log" >&2
  fail "mtulab run from the package"
}
tail -n 3 "$work/run.log"
suites=$(ls "$src"/suites/*.xml | wc -l)
# Every shipped suite ran, read from the package's suites directory (the JSON report names
# each suite's file).
python3 - "$work/empty/reports/mtulab.json" "$data/suites" "$suites" <<'PY' || fail "JSON report"
import json, sys
report = json.load(open(sys.argv[1]))
files = sorted(s["file"] for s in report["suites"])
assert len(files) == int(sys.argv[3]), files
assert all(f.startswith(sys.argv[2] + "/") for f in files), files
cases = sum(len(s["cases"]) for s in report["suites"])
assert cases > 10, cases
print(f"{len(files)} suites, {cases} cases from {sys.argv[2]}")
PY
echo "ok: $suites shipped suites ran from the package"
