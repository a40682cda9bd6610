#!/bin/bash
# bench/tcp_throughput.sh [-t SECONDS] [-n RUNS] [-k] [MTU...]
#
# Throughput of mtulab's <tcp> probe against iperf3 on the same path: one veth pair between
# two namespaces, at each MTU (default 1500 and 9000). For every MTU, RUNS times each,
# interleaved: iperf3 (one stream, SECONDS long, default 5) between namespaces this script
# creates, and `mtulab run` on a generated suite whose one case sends a comparable byte count
# (what iperf3 moved, at most 1 GiB, the step's limit) over the same kind of veth pair;
# tcp.throughput_mbps is read from the JUnit report. Prints the medians and mtulab/iperf3.
# See bench/README.md.
#
# env: MTULAB=path/to/mtulab to use that binary; otherwise mtulab is built (Release) into
#      MTULAB_BUILD_DIR (default ${TMPDIR:-/tmp}/mtulab-bench-build, kept for the next run).
set -euo pipefail

usage() {
  echo "usage: $0 [-t SECONDS] [-n RUNS] [-k] [MTU...]   (default: -t 5 -n 3, MTU 1500 9000)" >&2
  exit 2
}

seconds=5
runs=3
keep=0
while getopts "t:n:kh" opt; do
  case "$opt" in
    t) seconds="$OPTARG" ;;
    n) runs="$OPTARG" ;;
    k) keep=1 ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ "$seconds" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || usage
mtus=("$@")
[ ${#mtus[@]} -gt 0 ] || mtus=(1500 9000)
for m in "${mtus[@]}"; do
  [[ "$m" =~ ^[0-9]+$ ]] && [ "$m" -ge 1280 ] && [ "$m" -le 65535 ] || usage
done

if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (creates network namespaces)" >&2
  exit 2
fi
command -v iperf3 >/dev/null || { echo "$0: needs iperf3 (apt-get install iperf3)" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
max_request=$((1 << 30))  # the <tcp> step's largest request
port=5201

# Namespaces of the iperf3 side; the EXIT trap stops the server (by PID) and removes them.
ns_a="mtulabtput-$$-a"
ns_b="mtulabtput-$$-b"
server_pid=""
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mtulab-tput-bench.XXXXXX")"
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "work directory kept: $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) printf "%.0f\n", v[(NR + 1) / 2];
    else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
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

# --- the iperf3 path: veth pair a:eth0 10.99.0.1 <-> b:eth0 10.99.0.2 ---------------------------
setup_path() {
  local mtu="$1"
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  ip netns add "$ns_a"
  ip netns add "$ns_b"
  ip -n "$ns_a" link set lo up
  ip -n "$ns_b" link set lo up
  ip -n "$ns_a" link add eth0 mtu "$mtu" type veth peer name eth0 netns "$ns_b" mtu "$mtu"
  ip -n "$ns_a" addr add 10.99.0.1/24 dev eth0
  ip -n "$ns_b" addr add 10.99.0.2/24 dev eth0
  ip -n "$ns_a" link set eth0 up
  ip -n "$ns_b" link set eth0 up
  # Wait for carrier (the veth comes up asynchronously) instead of sleeping.
  local i
  for ((i = 0; i < 50; i++)); do
    ip netns exec "$ns_a" ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "$0: the iperf3 veth pair never carried a ping" >&2
  exit 1
}

# One iperf3 run; prints "bits_per_second bytes" as the receiver counted them.
iperf3_sample() {
  ip netns exec "$ns_b" iperf3 -s -1 -B 10.99.0.2 -p "$port" >"$tmp/iperf3_server.log" 2>&1 &
  server_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    ip netns exec "$ns_b" ss -Htln "sport = :$port" | grep -q . && break
    sleep 0.05
  done
  ip netns exec "$ns_a" iperf3 -c 10.99.0.2 -p "$port" -t "$seconds" -J >"$tmp/iperf3.json" ||
    { cat "$tmp/iperf3.json" "$tmp/iperf3_server.log" >&2; echo "$0: iperf3 failed" >&2; exit 1; }
  wait "$server_pid" || true
  server_pid=""
  python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["end"]["sum_received"]
print("%.0f %d" % (s["bits_per_second"], s["bytes"]))' "$tmp/iperf3.json"
}

# Writes the topology and suite for one MTU and request size.
write_suite() {
  local mtu="$1" bytes="$2" dir="$3"
  mkdir -p "$dir"
  cat >"$dir/topo.xml" <<EOF
<!-- one veth pair, as the iperf3 side of bench/tcp_throughput.sh builds it -->
<topology name="tput-$mtu">
  <node name="a"/>
  <node name="b"/>
  <link kind="veth">
    <end node="a" name="eth0" mtu="$mtu" ipv4="10.99.0.1/24"/>
    <end node="b" name="eth0" mtu="$mtu" ipv4="10.99.0.2/24"/>
  </link>
</topology>
EOF
  cat >"$dir/suite.xml" <<EOF
<suite name="tput-$mtu" topology="topo.xml">
  <case name="tcp_${bytes}_bytes">
    <tcp from="a" to="b:eth0" request="$bytes" timeout="120" stall="10">
      <expect fact="tcp.completed" equals="true"/>
      <expect fact="tcp.request_bytes" equals="$bytes"/>
    </tcp>
  </case>
</suite>
EOF
}

# One mtulab run; prints tcp.throughput_mbps and tcp.duration_ms from its JUnit report.
mtulab_sample() {
  local dir="$1"
  "$mtulab" run --junit "$dir/r/junit.xml" -j 1 "$dir/suite.xml" >"$dir/run.log" 2>&1 ||
    { cat "$dir/run.log" >&2; echo "$0: mtulab run failed" >&2; exit 1; }
  python3 -c '
import re, sys, xml.etree.ElementTree as ET
out = "".join(e.text or "" for e in ET.parse(sys.argv[1]).iter("system-out"))
f = dict(re.findall(r"^\s*(tcp\.[\w.]+)=(\S+)$", out, re.M))
print(f["tcp.throughput_mbps"], f["tcp.duration_ms"], f.get("tcp.client.total_retrans", "?"))' \
    "$dir/r/junit.xml"
}

echo "mtulab: $mtulab; iperf3: $(iperf3 --version | head -n 1)" >&2
echo "runs per MTU: $runs (interleaved), iperf3 -t $seconds; kernel $(uname -r), $(nproc) CPUs" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A iperf_med mtulab_med req_bytes
for mtu in "${mtus[@]}"; do
  setup_path "$mtu"
  : >"$tmp/i_$mtu"
  : >"$tmp/m_$mtu"
  for ((r = 1; r <= runs; r++)); do
    read -r bps bytes < <(iperf3_sample)
    echo "$((bps / 1000000))" >>"$tmp/i_$mtu"
    if [ "$r" = 1 ]; then
      req=$((bytes < max_request ? bytes : max_request))
      req_bytes[$mtu]=$req
      write_suite "$mtu" "$req" "$tmp/m$mtu"
    fi
    read -r mbps dur retrans < <(mtulab_sample "$tmp/m$mtu")
    echo "$mbps" >>"$tmp/m_$mtu"
    echo "MTU $mtu run $r: iperf3 $((bps / 1000000)) Mbit/s ($bytes bytes in ${seconds}s)," \
      "mtulab $mbps Mbit/s (${req_bytes[$mtu]} bytes in ${dur} ms, client retransmits $retrans)" >&2
  done
  iperf_med[$mtu]=$(median <"$tmp/i_$mtu")
  mtulab_med[$mtu]=$(median <"$tmp/m_$mtu")
done

echo
echo "TCP over one veth pair, one connection; median of $runs runs each (Mbit/s)"
printf "%7s %12s %12s %14s %10s\n" MTU iperf3 mtulab "mtulab bytes" mtulab/iperf3
ok=1
for mtu in "${mtus[@]}"; do
  ratio=$(awk -v m="${mtulab_med[$mtu]}" -v i="${iperf_med[$mtu]}" 'BEGIN { printf "%.0f%%", 100 * m / i }')
  awk -v m="${mtulab_med[$mtu]}" -v i="${iperf_med[$mtu]}" 'BEGIN { exit !(m >= 0.9 * i) }' || ok=0
  printf "%7s %12s %12s %14s %10s\n" "$mtu" "${iperf_med[$mtu]}" "${mtulab_med[$mtu]}" \
    "${req_bytes[$mtu]}" "$ratio"
done
echo "goal (mtulab's tcp probe >= 90% of iperf3 at every MTU): $([ $ok = 1 ] && echo met || echo NOT met)"
echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
