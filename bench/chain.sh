#!/bin/bash
# bench/chain.sh [-n RUNS] [N...]
#
# Times "build + one DF ping across + teardown" of a chain h0 - r1 - ... - rN - h1 done
# (a) by `mtulab run` on a generated suite and (b) by the equivalent script of `ip` commands
# (one process per step, kernel-selftest style), RUNS times each for every N (default 1 10 100),
# and prints the medians and their ratio. See bench/README.md.
#
# env: MTULAB=path/to/mtulab to use that binary; otherwise mtulab is built (Release) into
#      MTULAB_BUILD_DIR (default ${TMPDIR:-/tmp}/mtulab-bench-build, kept for the next run).
set -euo pipefail

usage() {
  echo "usage: $0 [-n RUNS] [N...]   (default: -n 5, N = 1 10 100)" >&2
  exit 2
}

runs=5
while getopts "n:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || usage
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 100)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
done

if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (creates network namespaces)" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
gen="$here/gen_chain.py"

# Namespace-name prefix of the ip version; the EXIT trap removes anything left with it.
prefix="mtulabbench-$$-"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mtulab-bench.XXXXXX")"
cleanup() {
  local f
  for f in /run/netns/"$prefix"*; do
    [ -e "$f" ] && ip netns del "$(basename "$f")" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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

now_ns() { date +%s%N; }

# Prints the median of the numbers on stdin (mean of the middle two for an even count).
median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) printf "%.1f\n", v[(NR + 1) / 2];
    else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The kernel tears namespaces down asynchronously (one cleanup worker, one namespace at a
# time) after the last reference goes; a run started at once competes with the previous
# run's teardown. Pause between runs so each sample pays only for its own work.
pause() { sleep 0.3; }

netns_count() { lsns -n -t net 2>/dev/null | wc -l; }
pinned_count() { ls /run/netns 2>/dev/null | wc -l; }

# Every sample includes about one `date` process (the start stamp is taken at its end, the end
# stamp at the start of the next one); measure that overhead so it can be reported.
: >"$tmp/timer.ms"
for ((r = 0; r < 5; r++)); do
  t0=$(now_ns)
  t1=$(now_ns)
  echo $(((t1 - t0) / 1000)) | awk '{ printf "%.3f\n", $1 / 1000 }' >>"$tmp/timer.ms"
done
timer_ms=$(median <"$tmp/timer.ms")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

ns_before=$(netns_count)
pinned_before=$(pinned_count)

echo "mtulab: $mtulab" >&2
echo "runs per N: $runs; 0.3 s pause between runs; kernel $(uname -r), $(nproc) CPUs" >&2

declare -A med_m med_i retries
for n in "${sizes[@]}"; do
  d="$tmp/n$n"
  mkdir -p "$d"
  python3 "$gen" "$n" --out-dir "$d"
  python3 "$gen" "$n" --out-dir "$d" --frag-check
  python3 "$gen" "$n" --emit-ip-script "$d/ip_chain.sh"
  python3 "$gen" "$n" --emit-ip-script "$d/ip_chain_frag.sh" --frag-check
  "$mtulab" check "$d/chain_$n.xml" "$d/suite_$n.xml" "$d/suite_${n}_frag.xml" >"$d/check.log" 2>&1 ||
    { cat "$d/check.log" >&2; echo "$0: generated files for N=$n do not validate" >&2; exit 1; }

  # Untimed correctness check of the chain (both ways): the fitting DF ping is answered and a
  # 1472-byte one meets frag-needed with mtu 1400 from the router before the small link.
  "$mtulab" run --junit "$d/j.xml" -j 1 "$d/suite_${n}_frag.xml" >"$d/frag_m.log" 2>&1 ||
    { cat "$d/frag_m.log" >&2; echo "$0: N=$n: mtulab correctness check failed" >&2; exit 1; }
  pause
  "$d/ip_chain_frag.sh" "$prefix" >"$d/frag_i.log" 2>&1 ||
    { cat "$d/frag_i.log" >&2; echo "$0: N=$n: ip correctness check failed" >&2; exit 1; }
  pause

  : >"$d/m.ms"
  : >"$d/i.ms"
  retries[$n]=0
  for ((r = 1; r <= runs; r++)); do
    # (a) mtulab: a non-zero exit (failed ping, build error) invalidates the sample
    t0=$(now_ns)
    if ! "$mtulab" run --junit "$d/j.xml" -j 1 "$d/suite_$n.xml" >"$d/m.log" 2>&1; then
      cat "$d/m.log" >&2
      echo "$0: N=$n run $r: mtulab run failed; sample invalid" >&2
      exit 1
    fi
    t1=$(now_ns)
    echo $(((t1 - t0) / 1000)) | awk '{ printf "%.3f\n", $1 / 1000 }' >>"$d/m.ms"
    pause

    # (b) ip commands
    t0=$(now_ns)
    if ! "$d/ip_chain.sh" "$prefix" >"$d/i.log" 2>&1; then
      cat "$d/i.log" >&2
      echo "$0: N=$n run $r: ip script failed; sample invalid" >&2
      exit 1
    fi
    t1=$(now_ns)
    echo $(((t1 - t0) / 1000)) | awk '{ printf "%.3f\n", $1 / 1000 }' >>"$d/i.ms"
    retries[$n]=$((retries[$n] + $(grep -c "ping try" "$d/i.log" || true)))
    pause
  done
  med_m[$n]=$(median <"$d/m.ms")
  med_i[$n]=$(median <"$d/i.ms")
  printf 'N=%s  mtulab ms: %s\n' "$n" "$(tr '\n' ' ' <"$d/m.ms")" >&2
  printf 'N=%s  ip ms:     %s\n' "$n" "$(tr '\n' ' ' <"$d/i.ms")" >&2
done

echo
echo "chain h0 - r1..rN - h1: build + one DF ping (1372 B, TTL 255) + teardown; median of $runs runs"
printf '%6s  %12s  %12s  %8s  %s\n' N "mtulab ms" "ip ms" "ip/mtulab" "ip ping retries"
for n in "${sizes[@]}"; do
  ratio=$(awk -v a="${med_i[$n]}" -v b="${med_m[$n]}" 'BEGIN { printf "%.1f", a / b }')
  printf '%6s  %12s  %12s  %8sx  %s\n' "$n" "${med_m[$n]}" "${med_i[$n]}" "$ratio" "${retries[$n]}"
done
echo "timer overhead (one date process, in every sample above): $timer_ms ms;" \
  "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(ip version: one process per step; its DF ping is retried up to 3 times, -W 1 each, because"
echo " the veth carrier comes up asynchronously; retries counted above. mtulab waits for carrier.)"
if [ -n "${med_m[10]:-}" ]; then
  if awk -v a="${med_i[10]}" -v b="${med_m[10]}" 'BEGIN { exit !(a / b >= 20) }'; then
    echo "goal (>= 20x faster than ip at N = 10): met"
  else
    echo "goal (>= 20x faster than ip at N = 10): NOT met"
  fi
else
  echo "goal (>= 20x faster than ip at N = 10): not measured (N = 10 not run)"
fi

# Leak check: nothing may be left pinned with our prefix (fatal). The namespace counts are
# compared too, but other users of the machine may create namespaces meanwhile, so an increase
# there is reported, not fatal; mtulab's own namespaces are anonymous and die with its process.
sleep 0.5
leaked=$(ls /run/netns 2>/dev/null | grep -c "^$prefix" || true)
ns_after=$(netns_count)
pinned_after=$(pinned_count)
if [ "$leaked" != 0 ]; then
  echo "LEAK: $leaked namespaces left in /run/netns with prefix $prefix"
  exit 1
fi
echo "leak check: nothing left in /run/netns with prefix $prefix;" \
  "/run/netns entries $pinned_before -> $pinned_after; namespaces (lsns) $ns_before -> $ns_after"
if [ "$pinned_after" -gt "$pinned_before" ] || [ "$ns_after" -gt "$ns_before" ]; then
  echo "WARNING: more namespaces than at the start (another user of this machine, or a leak)"
fi
