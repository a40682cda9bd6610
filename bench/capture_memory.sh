#!/bin/bash
# bench/capture_memory.sh [RUNS]     peak RSS of packet captures (issue 17 item 6)
#
# Runs, RUNS times each (default 3), with /usr/bin/time -v and prints the largest "Maximum
# resident set size" of: every shipped suite at -j 4 (target: under 64 MB), and one case
# holding 80 captures at once around a ping (issue 17's shape: 2.57 GB with 32 MiB rings).
# A TPACKET ring is mmapped whole when the capture opens, so RSS counts all of it.
# env: MTULAB=path/to/mtulab (default build/mtulab). Needs root and GNU time (Debian: time).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
mtulab="$(realpath "${MTULAB:-$repo/build/mtulab}")"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/topologies" "$work/suites"
cat > "$work/topologies/pair.xml" <<'XML'
<topology name="pair">
  <node name="h1"/>
  <node name="h2"/>
  <link>
    <end node="h1" name="eth0" ipv4="10.0.1.1/24"/>
    <end node="h2" name="eth0" ipv4="10.0.1.2/24"/>
  </link>
</topology>
XML
{
  echo '<suite name="many" topology="../topologies/pair.xml">'
  echo '  <case name="eighty">'
  for i in $(seq 0 79); do echo "    <capture-start name=\"c$i\" at=\"h1:eth0\" filter=\"icmp\"/>"; done
  echo '    <ping from="h1" to="h2:eth0"><expect fact="ping.result" equals="reply"/></ping>'
  for i in $(seq 0 79); do echo "    <capture-stop name=\"c$i\"/>"; done
  echo '  </case>'
  echo '</suite>'
} > "$work/suites/many.xml"

# peak_rss_mb DIR ARGS...: the largest peak RSS (MB) of RUNS runs of `mtulab run ARGS` in DIR.
peak_rss_mb() {
  local dir="$1" max=0 kb
  shift
  for _ in $(seq "$runs"); do
    kb=$(cd "$dir" && /usr/bin/time -f '%M' -o "$work/rss" \
           "$mtulab" run --junit "$work/out/junit.xml" --html= "$@" >/dev/null && cat "$work/rss")
    [ "$kb" -gt "$max" ] && max=$kb
  done
  awk -v kb="$max" 'BEGIN { printf "%.1f", kb / 1024 }'
}

echo "shipped suites, -j 4: peak RSS $(peak_rss_mb "$repo" -j 4 suites/*.xml) MB (target < 64)"
echo "80 captures at once, -j 1: peak RSS $(peak_rss_mb "$work" -j 1 suites/many.xml) MB"
