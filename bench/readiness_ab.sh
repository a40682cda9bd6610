#!/usr/bin/env bash
# The readiness A/B of the kernel lane (issue 13 item 4): on a kernel before 6.8, IFF_LOWER_UP
# shows on a fresh veth before linkwatch has activated its qdisc, so a case's first probe
# could be lost right after a cold boot. mtulab waits for operstate UP as well; this boots the
# kernel N times per arm and runs one case whose first probe is checked (3 echoes, 3 replies):
#   before: MTULAB_CARRIER_WAIT=lower-up (IFF_LOWER_UP only, as before the fix)
#   after:  the default wait (IFF_LOWER_UP and operstate UP)
# and prints, per arm, in how many boots the case failed. Root; one VM at a time
# (flock /tmp/mtulab-vm.lock); not a timed test.
#
#   bench/readiness_ab.sh KERNEL_DIR [BOOTS]     e.g. /var/cache/mtulab/kernels/linux-image-6.1.0-57-amd64
#
# Exit: 0 when the fixed arm never failed (whatever the other did), 1 otherwise, 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
(($# >= 1)) || { sed -n '2,12p' "$0" >&2; exit 2; }
kernel=$1 boots=${2:-6}
mtulab=${MTULAB:-build/mtulab}
filter=seed003-calico/small_ping_crosses
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One cold boot running the case; prints pass/fail/other (the case's outcome in the JUnit).
boot() {
  local junit=$work/j.xml
  rm -f "$junit"
  flock /tmp/mtulab-vm.lock "$mtulab" run --kernel "$kernel" --filter "$filter" \
    --junit "$junit" --json= --markdown= --html= suites >"$work/log" 2>&1 || true
  if grep -q '<failure' "$junit" 2>/dev/null; then echo fail
  elif grep -q '<testcase' "$junit" 2>/dev/null && ! grep -q '<error\|<skipped' "$junit"; then
    echo pass
  else echo other; fi
}

declare -A failed=([before]=0 [after]=0) other=([before]=0 [after]=0)
for ((i = 1; i <= boots; i++)); do
  for arm in before after; do
    if [[ $arm == before ]]; then r=$(MTULAB_CARRIER_WAIT=lower-up boot); else r=$(boot); fi
    [[ $r == fail ]] && failed[$arm]=$((failed[$arm] + 1))
    [[ $r == other ]] && other[$arm]=$((other[$arm] + 1))
    echo "boot $i $arm: $r" >&2
  done
done
echo "| arm | carrier wait | boots | first probe lost (case failed) | other outcome |"
echo "|---|---|---:|---:|---:|"
echo "| before | IFF_LOWER_UP only | $boots | ${failed[before]} | ${other[before]} |"
echo "| after | IFF_LOWER_UP + operstate UP | $boots | ${failed[after]} | ${other[after]} |"
((failed[after] == 0 && other[after] == 0))
