#!/usr/bin/env bash
# Flake soak: runs every shipped suite N times in a row (default 50), then N times more
# with both cores loaded by `stress-ng --cpu <nproc>`, and compares every run's per-case
# verdicts (JUnit testcase "suite/case" + pass/fail/error/skip) with the first run's.
# Reports every verdict change (there must be none) and the wall time (median/max) of a
# run per mode. The first run must itself have no failure or error.
#
# Usage: ci/flake-soak.sh [N]     Env: MTULAB (default build/mtulab).
# Needs root; installs stress-ng with apt-get if it is missing.
# Exit 0 PASS, 1 FAIL (a verdict changed, or a case failed/errored in the first run), 2 setup error.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "ci/flake-soak.sh: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "must run as root (mtulab run needs CAP_SYS_ADMIN/CAP_NET_ADMIN)"
N="${1:-50}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
MTULAB="${MTULAB:-build/mtulab}"
[ -x "$MTULAB" ] || die "no mtulab binary at '$MTULAB' (build it, or set MTULAB)"
CPUS="$(nproc)"

if ! command -v stress-ng >/dev/null; then
  echo "flake-soak: installing stress-ng"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q stress-ng >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q stress-ng >/dev/null; } ||
    die "cannot install stress-ng"
fi

tmp="$(mktemp -d)"
stress_pid=""
stress_workers=()
stop_stress() {
  [ -n "$stress_pid" ] || return 0
  kill -TERM "$stress_pid" 2>/dev/null || true  # stress-ng stops its own workers on SIGTERM
  wait "$stress_pid" 2>/dev/null || true
  local p k
  for ((k = 0; k < 50; k++)); do
    local alive=0
    for p in "${stress_workers[@]}"; do [ -e "/proc/$p" ] && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for p in "${stress_workers[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  stress_pid=""
  stress_workers=()
}
trap 'stop_stress; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { echo "${EPOCHREALTIME/,/.}"; }

# "suite/case verdict" for every testcase of a JUnit file, sorted.
verdicts() {
  awk '
    /<testcase / {
      cls = $0; sub(/.*classname="mtulab\./, "", cls); sub(/".*/, "", cls)
      nm = $0; sub(/.* name="/, "", nm); sub(/".*/, "", nm)
      key = cls "/" nm; v = "pass"
      if ($0 ~ /\/>[[:space:]]*$/) { print key, v; key = "" }
    }
    key != "" && /<failure / { v = "fail" }
    key != "" && /<error /   { v = "error" }
    key != "" && /<skipped/  { v = "skip" }
    key != "" && /<\/testcase>/ { print key, v; key = "" }
  ' "$1" | LC_ALL=C sort
}

changes=0
changed_runs=0
bad_exits=0
# run MODE I: one full run, compared with the reference; appends its wall time to $tmp/MODE.times.
run_once() {
  local mode="$1" i="$2" t0 rc=0 wall summary
  t0="$(now)"
  "$MTULAB" run --junit "$tmp/j.xml" >"$tmp/out" 2>&1 || rc=$?
  wall="$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')"
  echo "$wall" >>"$tmp/$mode.times"
  summary="$(grep -E '^[0-9]+ cases:' "$tmp/out" || echo "no summary")"
  if [ ! -s "$tmp/j.xml" ]; then
    echo "[$mode $i/$N] exit $rc, no JUnit report"; sed 's/^/    /' "$tmp/out"
    bad_exits=$((bad_exits + 1)); changes=$((changes + 1)); changed_runs=$((changed_runs + 1))
    return
  fi
  verdicts "$tmp/j.xml" >"$tmp/verdicts"
  if [ ! -s "$tmp/reference" ]; then
    cp "$tmp/verdicts" "$tmp/reference"
    echo "[$mode $i/$N] ${wall}s, exit $rc, $summary (reference: $(wc -l <"$tmp/reference") cases)"
    if grep -qE ' (fail|error)$' "$tmp/reference"; then
      echo "FAIL: flake-soak: the reference run has failing or erroring cases:"
      grep -E ' (fail|error)$' "$tmp/reference" | sed 's/^/    /'
      sed 's/^/    /' "$tmp/out"
      exit 1
    fi
    return
  fi
  [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || bad_exits=$((bad_exits + 1))
  LC_ALL=C join -a1 -a2 -e MISSING -o 0,1.2,2.2 "$tmp/reference" "$tmp/verdicts" | awk '$2 != $3' >"$tmp/diff"
  if [ -s "$tmp/diff" ]; then
    local n key
    n="$(wc -l <"$tmp/diff")"
    changes=$((changes + n)); changed_runs=$((changed_runs + 1))
    echo "[$mode $i/$N] ${wall}s, exit $rc: $n VERDICT CHANGE(S) (case reference -> now):"
    sed 's/^/    /' "$tmp/diff"
    echo "    console:"; sed 's/^/      /' "$tmp/out"
    while read -r key _; do
      echo "    JUnit of $key:"
      awk -v nm="name=\"${key#*/}\"" 'index($0, "<testcase ") && index($0, nm) { on = 1 } on { print "      " $0 } on && /<\/testcase>/ { exit }' "$tmp/j.xml"
    done <"$tmp/diff"
  else
    echo "[$mode $i/$N] ${wall}s, exit $rc, verdicts unchanged ($summary)"
  fi
}

stats() {  # "median X s, max Y s" of a times file
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "median %.2f s, max %.2f s, min %.2f s", m, v[NR], v[1] }'
}

echo "flake-soak: N=$N per mode, mtulab $MTULAB, kernel $(uname -r), $CPUS CPUs"
for ((i = 1; i <= N; i++)); do run_once normal "$i"; done

stress-ng --cpu "$CPUS" --timeout "$(( N * 120 ))s" --quiet &
stress_pid=$!
sleep 1
stress_workers=($({ cat /proc/[0-9]*/stat 2>/dev/null || true; } |
  awk -v p="$stress_pid" '{ n = split($0, a, ") "); split(a[n], f, " "); if (f[2] == p) print $1 }'))
[ -e "/proc/$stress_pid" ] || die "stress-ng exited at once"
echo "flake-soak: stress-ng --cpu $CPUS running (pid $stress_pid, workers ${stress_workers[*]:-?})"
for ((i = 1; i <= N; i++)); do
  [ -e "/proc/$stress_pid" ] || die "stress-ng stopped during the stressed runs"
  run_once stress "$i"
done
stop_stress

summary="$((2 * N)) runs ($N plain, $N under stress-ng --cpu $CPUS), $(wc -l <"$tmp/reference") cases each: $changes verdict changes in $changed_runs runs, $bad_exits abnormal exits; wall time plain: $(stats "$tmp/normal.times"); under stress: $(stats "$tmp/stress.times")"
if [ "$changes" -eq 0 ] && [ "$bad_exits" -eq 0 ]; then
  echo "PASS: flake-soak: $summary"
else
  echo "FAIL: flake-soak: $summary"
  exit 1
fi
