#!/bin/bash
# bench/mesh.sh [PODS [NODES]]   (default 50 pods on 5 nodes; root)
#
# Mesh at scale (issue 14 item 5): PODS pods on NODES simulated nodes (bench/gen_mesh.py:
# namespaces, routed per node, nodes joined by a bridge), built and pinned with `mtulab up`,
# then ONE `mtulab probe --mesh --node NAME=/run/netns/PIN@ADDR ...` DF-sweeps every ordered
# pair (both directions: PODS x (PODS-1) pairs), timed with /usr/bin/time -v. Prints the wall
# time, peak RSS and pairs/second (goal: 50 pods under 30 s wall on 2 cores, under 100 MB),
# and checks the JUnit has one testcase per ordered pair, none failed (every MTU is 1500).
# Not a timed test: see bench/README.md.
#
# env: MTULAB=path/to/mtulab (default build/mtulab), MTULAB_MESH_ARGS: extra probe flags
#      (e.g. "-j 4 --max-sockets 64").
set -euo pipefail

pods=${1:-50}
nodes=${2:-5}
[[ $pods =~ ^[1-9][0-9]*$ && $nodes =~ ^[1-9][0-9]*$ ]] || {
  echo "usage: $0 [PODS [NODES]]" >&2
  exit 2
}
if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (creates network namespaces)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mtulab=${MTULAB:-$here/../build/mtulab}
work=$(mktemp -d /tmp/mtulab-mesh-bench.XXXXXX)
topology="$work/mesh.xml"
cleanup() {
  "$mtulab" down "$topology" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

python3 "$here/gen_mesh.py" "$pods" "$nodes" "$topology" >"$work/pods"
start=$(date +%s.%N)
"$mtulab" up "$topology" >/dev/null
end=$(date +%s.%N)
echo "built $pods pods on $nodes nodes in $(echo "$end - $start" | bc) s (mtulab up)"

args=()
while read -r pod addr; do
  args+=(--node "$pod=/run/netns/mtulab-mesh-$pods:$pod@$addr")
done <"$work/pods"
read -r -a extra <<<"${MTULAB_MESH_ARGS:-}"
rc=0
/usr/bin/time -v -o "$work/time" "$mtulab" probe --mesh "${args[@]}" "${extra[@]}" \
  --junit "$work/mesh.xml.junit" >"$work/out" 2>&1 || rc=$?

wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
  for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time")
rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { print u + s }' \
  "$work/time")
expected=$((pods * (pods - 1)))
cases=$(grep -c '<testcase' "$work/mesh.xml.junit" || true)
failed=$(grep -c '<failure\|<error' "$work/mesh.xml.junit" || true)
echo "mtulab probe --mesh: exit $rc, $cases testcases (expected $expected), $failed failed"
echo "wall $wall s, cpu $cpu s, peak RSS $((rss / 1024)) MB ($rss kB)"
echo "pairs/second: $(echo "scale=1; $cases / $wall" | bc)"
if [ "$rc" != 0 ] || [ "$cases" != "$expected" ] || [ "$failed" != 0 ]; then
  tail -n 20 "$work/out" >&2
  exit 1
fi
