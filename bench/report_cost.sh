#!/bin/bash
# bench/report_cost.sh [-n RUNS] [N]
#
# What writing every report costs: `mtulab run -j 1` on the chain h0 - r1 - ... - rN - h1
# (bench/gen_chain.py, default N = 10) with every report (JUnit, JSON, markdown and the HTML
# page with its Graphviz picture) against the JUnit report only (--json= --markdown= --html=),
# RUNS times each (default 15), interleaved, 0.3 s apart. Prints both medians and their ratio;
# the goal (issue 16) is "every report" within 1.2x of "JUnit only". Also the CPU (user + sys,
# getrusage) of each run, which a loaded machine disturbs far less. Graphviz is called in
# process (libgvc) on a thread started before the first case, so its layout overlaps the case.
#
# env: MTULAB=path/to/mtulab (default: build/mtulab of this checkout). Needs root.
set -euo pipefail

runs=15
while getopts "n:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    *) echo "usage: $0 [-n RUNS] [N]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
n="${1:-10}"
[[ "$runs" =~ ^[1-9][0-9]*$ && "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [-n RUNS] [N]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$0: needs root (creates network namespaces)" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mtulab="${MTULAB:-$(dirname "$here")/build/mtulab}"
[ -x "$mtulab" ] || { echo "$0: no mtulab at $mtulab (set MTULAB)" >&2; exit 2; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mtulab-report-cost.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

python3 "$here/gen_chain.py" "$n" --out-dir "$tmp"
suite="$tmp/suite_$n.xml"

# CPU milliseconds (user + sys) of this shell's reaped children so far: `times` runs in
# this shell (a $(...) subshell would count its own children), its second line.
children_cpu_ms() {
  local ms=0 field
  times >"$tmp/times"
  { read -r _; read -r -a fields; } <"$tmp/times"
  for field in "${fields[@]}"; do
    [[ "$field" =~ ^([0-9]+)m([0-9]+)\.([0-9]{3})s$ ]] || { echo "$0: times said '$field'" >&2; exit 1; }
    ms=$((ms + 10#${BASH_REMATCH[1]} * 60000 + 10#${BASH_REMATCH[2]} * 1000 + 10#${BASH_REMATCH[3]}))
  done
  echo "$ms" >"$tmp/cpu"
}

# "<wall ms> <cpu ms>" of one run of mtulab with the given report flags (cpu: user + sys of
# mtulab and its children, from getrusage, steadier than the wall on a loaded machine); a
# failed run is fatal. No process but mtulab is started between the two readings.
timed() {
  local t0 t1 c0 c1
  children_cpu_ms
  c0=$(<"$tmp/cpu")
  t0=$EPOCHREALTIME
  "$mtulab" run --junit "$tmp/out/junit.xml" -j 1 "$@" "$suite" >"$tmp/run.log" 2>&1 ||
    { cat "$tmp/run.log" >&2; echo "$0: mtulab run failed" >&2; exit 1; }
  t1=$EPOCHREALTIME
  children_cpu_ms
  c1=$(<"$tmp/cpu")
  awk -v a="${t0/,/.}" -v b="${t1/,/.}" -v c="$((c1 - c0))" 'BEGIN { printf "%.1f %d\n", (b - a) * 1000, c }'
}
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
                                      else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

timed >/dev/null  # warm-up (page cache, fontconfig cache), not counted
grep -q "<svg" "$tmp/out/report.html" || { echo "$0: the HTML report has no picture" >&2; exit 1; }
: >"$tmp/all.ms"
: >"$tmp/junit.ms"
for ((r = 0; r < runs; r++)); do
  timed >>"$tmp/all.ms"
  sleep 0.3
  timed --json= --markdown= --html= >>"$tmp/junit.ms"
  sleep 0.3
done
all=$(cut -d' ' -f1 "$tmp/all.ms" | median)
junit=$(cut -d' ' -f1 "$tmp/junit.ms" | median)
all_cpu=$(cut -d' ' -f2 "$tmp/all.ms" | median)
junit_cpu=$(cut -d' ' -f2 "$tmp/junit.ms" | median)
ratio=$(awk -v a="$all" -v b="$junit" 'BEGIN { printf "%.2f", a / b }')
cpu_ratio=$(awk -v a="$all_cpu" -v b="$junit_cpu" 'BEGIN { printf "%.2f", a / b }')
echo "chain N=$n, mtulab run -j 1, median of $runs runs each (interleaved); kernel $(uname -r), $(nproc) CPUs"
echo "every report: $all ms wall, $all_cpu ms cpu   ($(cut -d' ' -f1 "$tmp/all.ms" | tr '\n' ' '))"
echo "JUnit only:   $junit ms wall, $junit_cpu ms cpu   ($(cut -d' ' -f1 "$tmp/junit.ms" | tr '\n' ' '))"
echo "cpu (user + sys of mtulab and its children) ratio: ${cpu_ratio}x"
if awk -v r="$ratio" 'BEGIN { exit !(r <= 1.2) }'; then
  echo "wall ratio ${ratio}x: goal (every report within 1.2x of JUnit only) met"
else
  echo "wall ratio ${ratio}x: goal (every report within 1.2x of JUnit only) NOT met"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
