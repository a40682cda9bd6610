#!/bin/bash
# bench/loader_scale.sh [MTULAB]     (default: build/mtulab)
#
# Times `mtulab check` on inputs that used to make the loader super-linear (issue 17 item 4):
# chains of 4,000 / 8,000 / 16,000 macvlans in one node (the dependency-cycle check), and one
# 20,000-character undefined node name against 15,000 / 30,000 / 60,000 nodes (the "did you
# mean" search), and 7,500 / 15,000 / 30,000 links each naming an undefined node among as
# many nodes (one search per reference). Each line: the input, its size, the exit status of `mtulab check` and the
# wall time. Near-linear means doubling the input roughly doubles the time. Every run is cut
# off after TIMEOUT seconds (default 300, exit status 124). No root needed; nothing is created
# outside a mktemp -d directory removed on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mtulab="${1:-$here/../build/mtulab}"
limit="${TIMEOUT:-300}"
work="$(mktemp -d -t mtulab-loader-scale.XXXXXX)"
trap 'rm -rf "$work"' EXIT

run() {  # run LABEL FILE
  local start end rc=0
  start=$(date +%s.%N)
  timeout "$limit" "$mtulab" check "$2" >/dev/null 2>"$work/err" || rc=$?
  end=$(date +%s.%N)
  printf '%-44s %9d bytes  exit %3d  %8.2f s\n' "$1" "$(stat -c %s "$2")" "$rc" \
    "$(echo "$end - $start" | bc)"
}

for n in 4000 8000 16000; do
  python3 "$here/gen_loader_scale.py" macvlans "$n" "$work/m$n.xml"
  run "$n chained macvlans" "$work/m$n.xml"
done
for n in 15000 30000 60000; do
  python3 "$here/gen_loader_scale.py" badname "$n" 20000 "$work/b$n.xml"
  run "20000-char bad node name, $n nodes" "$work/b$n.xml"
done
for n in 7500 15000 30000; do
  python3 "$here/gen_loader_scale.py" badrefs "$n" "$work/r$n.xml"
  run "$n undefined node references, $n nodes" "$work/r$n.xml"
done
