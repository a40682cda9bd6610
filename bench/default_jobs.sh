#!/bin/bash
# bench/default_jobs.sh [-n RUNS] [-x GLOB]... [JOBS...]
#
# Wall time of `mtulab run` over every shipped suite (JUnit only; -x GLOB: without the cases
# `--exclude GLOB` drops, e.g. -x 'seed004-black-holes/icmp_filtered_black_hole') at each -j in JOBS
# (default: 1, the CPU count, mtulab's default, 2x the default), RUNS times each (default 3),
# interleaved so a change in machine load hits every -j alike. Prints per -j the median and
# max wall, the verdict set (pass/fail/error/skip counts, which must not change with -j) and
# the 1-minute load average before each sample, so a loaded machine shows. Goal (issue 16):
# the shipped suites under 3.5 s wall at the default -j on 2 cores. See bench/README.md.
#
# env: MTULAB=path/to/mtulab (default build/mtulab). Needs root. Not a test: run it on a
# quiet machine, or read the load column.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
exclude=()
while getopts "n:x:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    x) exclude+=(--exclude "$OPTARG") ;;
    *) echo "usage: $0 [-n RUNS] [-x GLOB]... [JOBS...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer" >&2; exit 2; }
MTULAB="${MTULAB:-build/mtulab}"
[ -x "$MTULAB" ] || { echo "no mtulab at '$MTULAB'" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "must run as root" >&2; exit 2; }
cpus="$(nproc)"
default="$("$MTULAB" run --help | sed -n 's/.*default: 3 per CPU.*/x/p' | head -1)"
[ -n "$default" ] || { echo "mtulab run --help does not document the default -j" >&2; exit 2; }
default_jobs=$((3 * cpus < 2 ? 2 : (3 * cpus > 16 ? 16 : 3 * cpus)))
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(1 "$cpus" default $((2 * default_jobs)))

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# One sample: "<wall seconds> <load1> <verdicts>".
sample() {
  local j="$1" flag=() load start end
  [ "$j" = default ] || flag=(-j "$j")
  load="$(cut -d' ' -f1 /proc/loadavg)"
  start="$(date +%s.%N)"
  "$MTULAB" run "${flag[@]}" "${exclude[@]}" --junit "$tmp/j.xml" --json= --markdown= --html= suites \
    >"$tmp/out" 2>&1 || true
  end="$(date +%s.%N)"
  local verdicts
  verdicts="$(grep -E '^[0-9]+ cases:' "$tmp/out" | sed 's/ (.*//')"
  echo "$(echo "$end - $start" | bc) $load $verdicts"
}

for ((r = 1; r <= runs; r++)); do
  for j in "${jobs[@]}"; do
    echo "$j $(sample "$j")" >>"$tmp/samples"
  done
done

echo "cpus: $cpus; mtulab default -j: $default_jobs; runs per -j: $runs${exclude[*]:+; ${exclude[*]}}"
printf '%-9s %8s %8s %-22s %s\n' "-j" median max "load1 (per sample)" verdicts
for j in "${jobs[@]}"; do
  label="$j"
  [ "$j" = default ] && label="default($default_jobs)"
  walls="$(awk -v j="$j" '$1 == j { print $2 }' "$tmp/samples" | sort -n)"
  n="$(echo "$walls" | wc -l)"
  median="$(echo "$walls" | sed -n "$(((n + 1) / 2))p")"
  max="$(echo "$walls" | tail -1)"
  loads="$(awk -v j="$j" '$1 == j { printf "%s ", $3 }' "$tmp/samples")"
  verdicts="$(awk -v j="$j" '$1 == j { $1 = $2 = $3 = ""; print }' "$tmp/samples" | sort -u |
    sed 's/^ *//' | paste -sd'|')"
  printf '%-9s %8.2f %8.2f %-22s %s\n' "$label" "$median" "$max" "$loads" "$verdicts"
done
