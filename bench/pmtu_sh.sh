#!/bin/bash
# bench/pmtu_sh.sh [-n RUNS] [-p PMTU_RUNS] [-k]
# bench/pmtu_sh.sh -g KERNEL [-g KERNEL...] [-r WORK_DIR] [-k]
#
# Times the kernel's own PMTU selftest (tools/testing/selftests/net/pmtu.sh, taken from
# Debian's linux-source package and extracted at bench time, never committed) against the
# same scenarios re-expressed as mtulab suites (bench/pmtu_sh/*.xml), on this machine, in
# the same run, and prints per-scenario times, totals and ratios. See bench/README.md.
# With -g, both run inside the SAME guest kernel instead (the kernel lane, `mtulab run
# --kernel`; pmtu.sh through MTULAB_GUEST_HOOK and bench/pmtu_sh_guest.sh), on ALL of
# pmtu.sh's tests, and an agreement table per kernel is printed (bench/pmtu_agreement.py).
#
#   -n RUNS       mtulab runs per setting (median reported; default 5)
#   -p PMTU_RUNS  pmtu.sh runs (median reported; default 1: one run takes minutes)
#   -g KERNEL     a kernel directory from ci/fetch-kernels.sh (repeatable): the agreement mode;
#                 each VM run holds `flock /tmp/mtulab-vm.lock` (one VM at a time machine-wide)
#   -r WORK_DIR   (-g) reuse pmtu.sh's results from the work directory of an earlier -g run
#                 (kept with -k; repeatable, read in order): the guests run only the mtulab
#                 cases, every bench suite in one VM per kernel (one `mtulab run` for all
#                 kernels: one hold of the VM lock), and the table joins them to
#                 pmtu.sh's results of the same kernel (pmtu.sh takes about an hour per kernel
#                 under TCG; the mtulab cases a minute)
#   -k            keep the work directory (logs, JUnit reports) and print its path
#
# env: MTULAB=path/to/mtulab to use that binary; otherwise mtulab is built (Release) into
#      MTULAB_BUILD_DIR (default ${TMPDIR:-/tmp}/mtulab-bench-build, kept for the next run).
#      PMTU_SH_CACHE: where the extracted selftest files are kept between runs
#      (default ${TMPDIR:-/tmp}/mtulab-pmtu-sh); LINUX_SOURCE: a linux-source-*.tar.xz to use;
#      PMTU_SH_TESTS: the pmtu.sh tests to time (space-separated; default: the 17 below;
#      with -g, every test of pmtu.sh). PMTU_SH_VM_TIMEOUT: seconds per VM (-g; default 1800);
#      PMTU_SH_CHUNK: pmtu.sh tests per VM (-g; default 8). PMTU_SH_NH=1 (-g): keep pmtu.sh's
#      re-runs with nexthop objects (default off in -g: no mtulab counterpart, double the time).
set -euo pipefail

usage() {
  echo "usage: $0 [-n RUNS] [-p PMTU_RUNS] [-k] | -g KERNEL [-g KERNEL...] [-r WORK_DIR] [-k]" >&2
  exit 2
}

runs=5
pmtu_runs=1
keep=0
guests=()
reuse=()
while getopts "n:p:g:r:kh" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    p) pmtu_runs="$OPTARG" ;;
    g) guests+=("$OPTARG") ;;
    r) reuse+=("$(cd "$OPTARG" && pwd)") || usage ;;
    k) keep=1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ "$runs" =~ ^[1-9][0-9]*$ && "$pmtu_runs" =~ ^[1-9][0-9]*$ ]] || usage
[ ${#reuse[@]} -eq 0 ] || [ ${#guests[@]} -gt 0 ] || usage
for r in "${reuse[@]}"; do
  compgen -G "$r/chunk_*.tests" >/dev/null ||
    { echo "$0: -r $r: no chunk_*.tests there (not a work directory of a -g -k run)" >&2; exit 2; }
done

if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (pmtu.sh and mtulab create network namespaces)" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
suites_dir="$here/pmtu_sh"

# pmtu.sh's tests that run on a kernel without GRE, ipip, sit, ip6tnl, geneve, fou, vti,
# ESP, openvswitch, tc prio/flower/pedit or dummy (this project's kernel): the scenarios the
# issue names. The mtulab cases carry the same names.
tests=(pmtu_ipv4_exception pmtu_ipv6_exception
  pmtu_ipv4_vxlan4_exception pmtu_ipv6_vxlan4_exception
  pmtu_ipv4_vxlan6_exception pmtu_ipv6_vxlan6_exception
  pmtu_ipv4_br_vxlan4_exception pmtu_ipv6_br_vxlan4_exception
  pmtu_ipv4_br_vxlan6_exception pmtu_ipv6_br_vxlan6_exception
  cleanup_ipv4_exception cleanup_ipv6_exception
  list_flush_ipv4_exception list_flush_ipv6_exception
  pmtu_ipv4_route_change pmtu_ipv6_route_change
  pmtu_ipv4_mp_exceptions)
if [ -n "${PMTU_SH_TESTS:-}" ]; then read -ra tests <<<"$PMTU_SH_TESTS"; fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/mtulab-pmtu-bench.XXXXXX")"
cleanup() {
  if [ "$keep" = 1 ]; then echo "work directory kept: $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

# Prints the median of the numbers on stdin (mean of the middle two for an even count).
median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2];
    else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- mtulab binary ---------------------------------------------------------------------------
if [ -n "${MTULAB:-}" ]; then
  [ -x "$MTULAB" ] || { echo "$0: MTULAB=$MTULAB is not an executable" >&2; exit 2; }
  mtulab="$MTULAB"
else
  build="${MTULAB_BUILD_DIR:-${TMPDIR:-/tmp}/mtulab-bench-build}"
  echo "building mtulab (Release) in $build ..." >&2
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >"$tmp/build.log" 2>&1 &&
    cmake --build "$build" --target mtulab -j"$(nproc)" >>"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log" >&2; echo "$0: building mtulab failed" >&2; exit 2; }
  mtulab="$build/mtulab"
fi

# --- pmtu.sh from Debian's linux-source -------------------------------------------------------
# The newest linux-source-X.Y tarball under /usr/src; installed with apt-get when there is none.
# (A glob, not `ls | ...`: under pipefail a failing ls ended the script without a word.)
find_tarball() {
  local found=()
  shopt -s nullglob
  found=(/usr/src/linux-source-*.tar.xz)
  shopt -u nullglob
  [ ${#found[@]} -eq 0 ] || printf '%s\n' "${found[@]}" | sort -V | tail -n 1
}
# Installs Debian package $1 (for what $2 says) unless the command after them succeeds.
need_package() {
  local pkg="$1" why="$2"
  shift 2
  "$@" >/dev/null 2>&1 && return 0
  echo "installing $pkg ($why) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg" >"$tmp/apt.log" 2>&1 ||
    { cat "$tmp/apt.log" >&2; echo "$0: apt-get install $pkg failed" >&2; exit 2; }
}
tarball="${LINUX_SOURCE:-$(find_tarball)}"
if [ -z "$tarball" ]; then
  echo "no /usr/src/linux-source-*.tar.xz: looking for Debian's linux-source package ..." >&2
  pkg=$(apt-cache search --names-only '^linux-source-[0-9.]+$' 2>/dev/null |
    awk '{ print $1 }' | sort -V | tail -n 1) || true
  [ -n "$pkg" ] || {
    echo "$0: no linux-source-X.Y package known to apt; run 'apt-get update', then" \
      "'apt-get install linux-source-6.12' (or set LINUX_SOURCE=path/to/linux-source-*.tar.xz)" >&2
    exit 2
  }
  echo "installing $pkg (the kernel source tarball, ~150 MB) ..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg" >"$tmp/apt.log" 2>&1 ||
    { cat "$tmp/apt.log" >&2; echo "$0: apt-get install $pkg failed" >&2; exit 2; }
  tarball="$(find_tarball)"
fi
[ -f "$tarball" ] || { echo "$0: $tarball: no such file" >&2; exit 2; }
version="$(basename "$tarball" .tar.xz)"
cache="${PMTU_SH_CACHE:-${TMPDIR:-/tmp}/mtulab-pmtu-sh}/$version"
sel="$cache/$version/tools/testing/selftests/net"
# .complete2: the extraction also holds nettest (built) and openvswitch/ovs-dpctl.py.
if [ ! -f "$cache/.complete2" ] || [ "$tarball" -nt "$cache/.complete2" ]; then
  echo "extracting pmtu.sh, lib.sh, net_helper.sh, nettest.c, ovs-dpctl.py from $tarball" \
    "(takes ~45 s) ..." >&2
  rm -rf "$cache"
  mkdir -p "$cache"
  tar -xJf "$tarball" -C "$cache" --wildcards \
    "$version/tools/testing/selftests/net/pmtu.sh" \
    "$version/tools/testing/selftests/net/lib.sh" \
    "$version/tools/testing/selftests/net/net_helper.sh" \
    "$version/tools/testing/selftests/net/nettest.c" \
    "$version/tools/testing/selftests/net/openvswitch/ovs-dpctl.py" 2>"$tmp/tar.log" || true
  [ -f "$sel/pmtu.sh" ] && [ -f "$sel/lib.sh" ] ||
    { cat "$tmp/tar.log" >&2; echo "$0: $tarball holds no pmtu.sh/lib.sh" >&2; exit 2; }
  # nettest: the ESP-in-UDP (vti *_udp_*) tests' UDP-encap listener; pmtu.sh finds it beside
  # itself. Without it those tests print no TEST line at all (lib.sh's check_gen_prog).
  if [ -f "$sel/nettest.c" ]; then
    cc -O2 -o "$sel/nettest" "$sel/nettest.c" 2>"$tmp/cc.log" ||
      echo "note: building nettest failed ($(head -n 1 "$tmp/cc.log")); its tests will not run" >&2
  fi
  touch "$cache/.complete2"
fi
# pmtu.sh's bridged-vxlan tests (TCP through the bridge) and DSCP-UDP test use socat.
need_package socat "pmtu.sh's bridged-vxlan and DSCP tests use it" command -v socat

# -g: every test pmtu.sh has, in its own order (its tests= table).
if [ ${#guests[@]} -gt 0 ] && [ -z "${PMTU_SH_TESTS:-}" ]; then
  mapfile -t tests < <(sed -nE 's/^\t(\w+)\t+.+\t+[01]"?$/\1/p' "$sel/pmtu.sh")
fi

# Tests this pmtu.sh does not have (older kernels lack e.g. pmtu_ipv4_mp_exceptions) drop out.
present=()
for t in "${tests[@]}"; do
  if grep -q "^test_${t}()" "$sel/pmtu.sh"; then present+=("$t"); else
    echo "note: $version's pmtu.sh has no test $t; left out" >&2
  fi
done

# Runs pmtu.sh once on the selected tests; writes "<seconds since start> <line>" per output
# line to $1. pmtu.sh runs in a network namespace of its own (unshare --net): its cleanup
# deletes veth_A-C / veth_A-R1 and OVS datapaths "in the init namespace", which would
# otherwise be the host's (no selected test puts anything there; this is belt and braces).
# Named namespaces (ip netns add) still go to /run/netns; pmtu.sh removes its own.
run_pmtu_sh() {
  local out="$1" t0
  t0=$(now_ns)
  (cd "$sel" && unshare --net bash ./pmtu.sh "${present[@]}" 2>&1) |
    while IFS= read -r line; do
      printf '%s %s\n' "$(ms_since "$t0")" "$line"
    done >"$out"
  return "${PIPESTATUS[0]}"
}

# Per-test seconds from a timestamped log: "name kind seconds result" per TEST line, where
# kind is plain or nh (the re-run with nexthop objects); a test's time is measured from the
# previous TEST line (its setup, run, cleanup).
pmtu_sh_times() {
  awk '
    BEGIN { prev = 0 }
    / TEST: / {
      ms = $1; line = $0; sub(/^[0-9]+ TEST: /, "", line)
      res = line; sub(/.*\[/, "", res); sub(/\].*/, "", res); gsub(/ /, "", res)
      desc = line; sub(/ *\[.*$/, "", desc)
      kind = desc ~ / - nexthop objects$/ ? "nh" : "plain"
      printf "%s %s %.3f %s\n", desc, kind, (ms - prev) / 1000, res
      prev = ms
    }' "$1"
}

# --- -g: pmtu.sh and mtulab in the same guest kernel -------------------------------------------
# pmtu.sh takes ~25-45 s a test under TCG (every exec crosses 9p), so the tests go in chunks of
# PMTU_SH_CHUNK (default 8), one VM each, so that the VM lock is free between chunks for
# others. In each VM the guest first runs pmtu.sh on the chunk's tests (MTULAB_GUEST_HOOK: the
# log comes back to $tmp/guest_I/RELEASE/), then mtulab on the cases of the same names (when
# the chunk has none, pmtu_ipv4_exception runs so that the VM has a case; its verdict is not
# counted there). bench/pmtu_agreement.py puts the chunks back together.
guest_mode() {
  need_package python3-pyroute2 "pmtu.sh's OVS tests drive the datapath with ovs-dpctl.py" \
    /usr/bin/python3 -c 'import pyroute2'  # the guest's python3 (PATH has no pyenv there)
  local suites=() names=() k i=0 n chunk="${PMTU_SH_CHUNK:-8}" t0
  for f in "$suites_dir"/*.xml; do
    case "$f" in *.topo.xml) ;; *) suites+=("$f") ;; esac
  done
  mapfile -t names < <(sed -nE 's/^ *<case name="([^"]+)".*/\1/p' "${suites[@]}")
  declare -A has_case=()
  for t in "${names[@]}"; do has_case[$t]=1; done
  echo "pmtu.sh ($version, ${#present[@]} tests) and mtulab (${#suites[@]} suites) in" \
    "${#guests[@]} guest kernel(s), $chunk tests per VM, one VM at a time machine-wide" \
    "(/tmp/mtulab-vm.lock) ..." >&2
  t0=$(now_ns)
  if [ ${#reuse[@]} -gt 0 ]; then
    guest_mtulab
  else
    for k in "${guests[@]}"; do
      for ((n = 0; n < ${#present[@]}; n += chunk)); do
        guest_chunk "$k" "$((i += 1))" "${present[@]:n:chunk}"
      done
    done
  fi
  echo "all VMs: $(ms_since "$t0") ms" >&2
  python3 "$here/pmtu_agreement.py" "$sel/pmtu.sh" "$suites_dir/NOT_MODELLED" "${reuse[@]}" "$tmp"
}

# guest_mtulab: every bench suite's cases in one VM per kernel, all kernels in one `mtulab
# run` (one hold of the VM lock); -r: pmtu.sh's results come from the reused work directories.
guest_mtulab() {
  local k rc=0 kernels=()
  for k in "${guests[@]}"; do kernels+=(--kernel "$k"); done
  flock /tmp/mtulab-vm.lock "$mtulab" run "${kernels[@]}" \
    --vm-timeout "${PMTU_SH_VM_TIMEOUT:-1800}" --json "$tmp/mtulab_1.json" --junit= \
    --markdown= --html= "${suites[@]}" >"$tmp/mtulab_1.log" 2>&1 || rc=$?
  echo "mtulab only, ${#guests[@]} kernel(s): mtulab exit $rc" >&2
  grep 'VM powered off\|VM stopped' "$tmp/mtulab_1.log" >&2 || true
}

# guest_chunk KERNEL I TEST...: one VM on KERNEL: pmtu.sh on TEST..., then their mtulab cases.
guest_chunk() {
  local k="$1" i="$2" hook="$tmp/guest_hook_$2.sh" filters=() t rc=0
  shift 2
  printf '%s\n' "$@" >"$tmp/chunk_$i.tests"
  local nh=--no-nh
  [ "${PMTU_SH_NH:-0}" = 0 ] || nh=""
  printf '#!/bin/sh\nexec %q %s %q "$1"%s\n' "$here/pmtu_sh_guest.sh" "$nh" "$sel" \
    "$(printf ' %q' "$@")" >"$hook"
  chmod 0755 "$hook"
  for t in "$@"; do
    [ -z "${has_case[$t]:-}" ] || filters+=(--filter "*/$t")
  done
  [ ${#filters[@]} -gt 0 ] || filters=(--filter "*/pmtu_ipv4_exception")
  MTULAB_GUEST_HOOK="$hook" MTULAB_GUEST_HOOK_OUT="$tmp/guest_$i" \
    flock /tmp/mtulab-vm.lock "$mtulab" run --kernel "$k" "${filters[@]}" \
    --vm-timeout "${PMTU_SH_VM_TIMEOUT:-1800}" --json "$tmp/lane_$i.json" --junit= \
    --markdown= --html= "${suites[@]}" >"$tmp/lane_$i.log" 2>&1 || rc=$?
  echo "VM $i ($(basename "$k"), $# tests): mtulab exit $rc;" \
    "$(grep -m1 'VM powered off\|VM stopped' "$tmp/lane_$i.log" || echo 'no VM line')" >&2
}
if [ ${#guests[@]} -gt 0 ]; then
  guest_mode
  exit 0
fi

echo "pmtu.sh: $sel/pmtu.sh ($version), ${#present[@]} tests, $pmtu_runs run(s)" >&2
echo "mtulab: $mtulab; $runs runs per setting; kernel $(uname -r), $(nproc) CPUs" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
netns_before=$(ls /run/netns 2>/dev/null | wc -l)

# --- mtulab suites -----------------------------------------------------------------------------
suites=()
for f in "$suites_dir"/*.xml; do
  case "$f" in *.topo.xml) ;; *) suites+=("$f") ;; esac
done
"$mtulab" check "${suites[@]}" >"$tmp/check.log" 2>&1 ||
  { cat "$tmp/check.log" >&2; echo "$0: the bench suites do not validate" >&2; exit 1; }
# Only the cases named after the pmtu.sh tests being timed (all of them by default).
filters=()
for t in "${present[@]}"; do filters+=(--filter "*/$t"); done

# One mtulab sample: wall ms of `mtulab run` over every bench suite with jobs $1 ("" = the
# default, one per CPU); a failing case invalidates the sample and stops the bench.
mtulab_sample() {
  local jobs="$1" tag="$2" t0 ms
  local -a jflag=()
  [ -n "$jobs" ] && jflag=(-j "$jobs")
  t0=$(now_ns)
  if ! "$mtulab" run --junit "$tmp/$tag.xml" "${jflag[@]}" "${filters[@]}" "${suites[@]}" \
    >"$tmp/$tag.log" 2>&1; then
    cat "$tmp/$tag.log" >&2
    echo "$0: mtulab run ($tag) failed; sample invalid" >&2
    exit 1
  fi
  ms=$(ms_since "$t0")
  echo "$ms"
}

: >"$tmp/m_j1.ms"
: >"$tmp/m_jdef.ms"
for ((r = 1; r <= runs; r++)); do
  sleep 0.3  # let the previous run's namespaces finish their asynchronous teardown
  mtulab_sample 1 "j1_$r" >>"$tmp/m_j1.ms"
  sleep 0.3
  mtulab_sample "" "jdef_$r" >>"$tmp/m_jdef.ms"
done
echo "mtulab -j1 ms:      $(tr '\n' ' ' <"$tmp/m_j1.ms")" >&2
echo "mtulab default ms:  $(tr '\n' ' ' <"$tmp/m_jdef.ms")" >&2

# Per-case seconds (JUnit testcase time) of every -j1 run: "case seconds" lines.
python3 - "$tmp" "$runs" >"$tmp/m_cases.txt" <<'EOF'
import statistics, sys, xml.etree.ElementTree as ET
tmp, runs = sys.argv[1], int(sys.argv[2])
times = {}
for r in range(1, runs + 1):
    for tc in ET.parse(f"{tmp}/j1_{r}.xml").iter("testcase"):
        times.setdefault(tc.get("name"), []).append(float(tc.get("time")))
for name, ts in sorted(times.items()):
    print(name, "%.3f" % statistics.median(ts))
EOF

# --- pmtu.sh runs -------------------------------------------------------------------------------
: >"$tmp/p_wall.ms"
for ((r = 1; r <= pmtu_runs; r++)); do
  echo "pmtu.sh run $r/$pmtu_runs ..." >&2
  t0=$(now_ns)
  rc=0
  run_pmtu_sh "$tmp/pmtu_$r.log" || rc=$?
  ms_since "$t0" >>"$tmp/p_wall.ms"
  pmtu_sh_times "$tmp/pmtu_$r.log" >"$tmp/pmtu_$r.times"
  echo "pmtu.sh run $r: exit $rc, $(ms_since "$t0") ms" >&2
  [ "$rc" = 0 ] || { cat "$tmp/pmtu_$r.log" >&2; echo "$0: pmtu.sh failed (exit $rc)" >&2; exit 1; }
done

# --- report -------------------------------------------------------------------------------------
python3 - "$tmp" "$pmtu_runs" "$sel/pmtu.sh" "${present[@]}" <<'EOF'
import re, statistics, sys
tmp, pruns, script, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
med = statistics.median
# pmtu.sh prints descriptions, not names: map them through its tests= table.
desc_of = {}
for line in open(script):
    m = re.match(r'^\t(\w+)\t+(.+?)\t+[01]"?$', line.rstrip("\n"))  # the last row ends the string
    if m:
        desc_of[m.group(1)] = m.group(2)
runs = []
for r in range(1, pruns + 1):
    rows = {}
    for line in open(f"{tmp}/pmtu_{r}.times"):
        parts = line.rstrip("\n").rsplit(" ", 3)
        rows[(parts[0], parts[1])] = (float(parts[2]), parts[3])
    runs.append(rows)
mcase = dict(l.split() for l in open(f"{tmp}/m_cases.txt"))
mcase = {k: float(v) for k, v in mcase.items()}
j1 = med([float(x) for x in open(f"{tmp}/m_j1.ms")]) / 1000
jd = med([float(x) for x in open(f"{tmp}/m_jdef.ms")]) / 1000
pwall = med([float(x) for x in open(f"{tmp}/p_wall.ms")]) / 1000

print("%-32s %9s %9s %6s %9s" % ("scenario (pmtu.sh test)", "pmtu.sh s", "+nh s", "result", "mtulab s"))
plain_cov = 0.0
for n in names:
    d = desc_of.get(n, n)
    p = [r.get((d, "plain")) for r in runs]
    h = [r.get((d + " - nexthop objects", "nh")) for r in runs]
    ps = med([x[0] for x in p if x]) if any(p) else float("nan")
    hs = med([x[0] for x in h if x]) if any(h) else float("nan")
    res = p[0][1] if p[0] else "?"
    m = mcase.get(n)
    if m is not None:
        plain_cov += ps
    print("%-32s %9.2f %9.2f %6s %9s" % (n, ps, hs, res, "%.3f" % m if m is not None else "-"))
covered = [n for n in names if n in mcase]
print()
print("pmtu.sh scenarios with an mtulab case: %d of %d" % (len(covered), len(names)))
print("pmtu.sh, those scenarios, first runs only (no nexthop re-runs): %8.2f s" % plain_cov)
print("pmtu.sh, whole command (%d tests + nexthop re-runs), median of %d: %8.2f s" % (len(names), pruns, pwall))
print("mtulab run, every bench suite, -j1 (median):     %8.3f s   ratio %6.1fx" % (j1, plain_cov / j1))
print("mtulab run, every bench suite, default -j:       %8.3f s   ratio %6.1fx" % (jd, plain_cov / jd))
print("goal (>= 20x faster than pmtu.sh on the same scenarios, default -j): %s" %
      ("met" if plain_cov / jd >= 20 else "NOT met"))
EOF
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
netns_after=$(ls /run/netns 2>/dev/null | wc -l)
echo "/run/netns entries: $netns_before -> $netns_after"
