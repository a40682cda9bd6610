#!/usr/bin/env bash
# Proves that a full `mtulab run` leaves the host's network namespace exactly as it found it.
#
# Snapshots the host namespace, runs every shipped suite, snapshots again and diffs. Any
# difference fails (the diff is printed). What is snapshotted:
#   - ip -d link, ip -d addr, ip route show table all, ip -6 route show table all,
#     ip rule, ip -6 rule;
#   - ip neigh / ip -6 neigh: only PERMANENT and NOARP entries, and of those only dst, dev
#     and lladdr. Dynamic entries (REACHABLE/STALE/DELAY/PROBE/FAILED/INCOMPLETE) come and go
#     and change state on their own with host traffic, so they are not compared;
#   - every file under /proc/sys/net (exclusions listed in SYSCTL_EXCLUDE below); files
#     that fail to read (ipv6/conf/*/stable_secret while unset: EIO) are recorded as
#     "<read error>", so setting one still shows up as a difference;
#   - the /run/netns listing and every mount-table entry mentioning netns (mount ids
#     dropped: only root, mount point, fs type and source are compared);
#   - the CNI plugins' state directories /var/lib/cni and /run/cni (every entry with type,
#     size and mtime; "absent" when missing), mtulab's per-lab /tmp/mtulab-cni.* directories,
#     and the host's iptables/ip6tables rules and nft ruleset (what ipMasq/portmap would add);
#   - the host's legacy x_tables (what <mss-clamp backend="iptables"> must only ever write in
#     a node): /proc/net/ip{,6}_tables_names, iptables-legacy-save / ip6tables-legacy-save,
#     and whether /run/xtables.lock exists (mtulab's iptables children use a private one).
# Normalised because they change by themselves: address lifetimes (valid_lft/preferred_lft
# NNNsec) and route "expires NNNsec" counters keep their key but lose the number.
#
# Then, unless HOST_UNTOUCHED_PROBE=0: tests/probe/probe_e2e.sh (mtulab probe and serve against
# `ip netns add` namespaces and CNI pods) and tests/e2e/cluster_in_a_box_test.py (the Sonobuoy
# entrypoint in CNI pods of VXLAN-joined nodes), inside the same before/after snapshots.
#
# Usage: ci/host-untouched.sh [extra `mtulab run` args]
# Env:   MTULAB (default build/mtulab). Needs root. Exit 0 PASS, 1 FAIL, 2 setup error.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "ci/host-untouched.sh: must run as root (mtulab run needs CAP_SYS_ADMIN/CAP_NET_ADMIN)" >&2
  exit 2
fi
MTULAB="${MTULAB:-build/mtulab}"
if [ ! -x "$MTULAB" ]; then
  echo "ci/host-untouched.sh: no mtulab binary at '$MTULAB' (build it, or set MTULAB)" >&2
  exit 2
fi

# /proc/sys/net files that are not compared, with the reason.
SYSCTL_EXCLUDE=(
  "net/ipv4/route/flush"            # write-only (mode 0200): reading fails with EACCES
  "net/ipv6/route/flush"            # write-only (mode 0200)
  "net/netfilter/nf_conntrack_count" # live number of tracked connections: changes with any host traffic
)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

is_excluded() {
  local k
  for k in "${SYSCTL_EXCLUDE[@]}"; do [ "$1" = "$k" ] && return 0; done
  return 1
}

normalise() {
  sed -E -e 's/(valid_lft|preferred_lft) [0-9]+sec/\1 Nsec/g' -e 's/expires [0-9]+sec/expires Nsec/g'
}

snapshot() {
  local out="$1"
  {
    echo "### ip -d link";               ip -d link | normalise
    echo "### ip -d addr";               ip -d addr | normalise
    echo "### ip route show table all";  ip route show table all | normalise
    echo "### ip -6 route show table all"; ip -6 route show table all | normalise
    echo "### ip rule";                  ip rule
    echo "### ip -6 rule";               ip -6 rule
    echo "### ip neigh (PERMANENT/NOARP only: dst dev lladdr)"
    { ip -4 neigh show nud permanent; ip -4 neigh show nud noarp;
      ip -6 neigh show nud permanent; ip -6 neigh show nud noarp; } |
      awk '{ dst=$1; dev=""; ll="";
             for (i = 2; i < NF; i++) { if ($i == "dev") dev=$(i+1); if ($i == "lladdr") ll=$(i+1) }
             print dst, "dev", dev, "lladdr", ll }' | sort
    echo "### /proc/sys/net"
    local f key val
    while IFS= read -r f; do
      key="${f#/proc/sys/}"
      is_excluded "$key" && continue
      # Builtin read, no fork per file (read returns 1 at EOF: expected). Unset
      # ipv6/conf/*/stable_secret fails with EIO: recorded as "<read error>", so setting one
      # would show up as a difference.
      val="<unreadable>"
      if [ -r "$f" ]; then
        IFS= read -r -d '' val <"$f" 2>"$tmp/read.err" || true
        [ -s "$tmp/read.err" ] && val="<read error>"
      fi
      val="${val//$'\t'/ }"
      printf '%s = %s\n' "$key" "${val//$'\n'/ }"
    done < <(find /proc/sys/net -type f | LC_ALL=C sort)
    echo "### /run/netns"
    ls -A /run/netns 2>/dev/null | LC_ALL=C sort || true
    echo "### CNI state: /var/lib/cni, /run/cni (path, type, size, mtime of every entry)"
    local d
    for d in /var/lib/cni /run/cni; do
      if [ -e "$d" ]; then find "$d" -printf '%p %y %s %T@\n' | LC_ALL=C sort; else echo "$d: absent"; fi
    done
    echo "### mtulab's per-lab CNI state directories (/tmp/mtulab-cni.*)"
    find /tmp -maxdepth 1 -name 'mtulab-cni.*' | LC_ALL=C sort
    echo "### iptables-save, ip6tables-save (comments and counters dropped), nft list ruleset"
    if command -v iptables-save >/dev/null; then
      # grep finds nothing when no table is loaded: not an error.
      { iptables-save; ip6tables-save; } 2>&1 | { grep -v '^#' || true; } |
        sed -E 's/\[[0-9]+:[0-9]+\]/[N:N]/g'
    fi
    if command -v nft >/dev/null; then nft list ruleset 2>&1; fi
    echo "### legacy x_tables (mss-clamp backend=iptables): table names, *tables-legacy-save, host lock"
    # Without -t the legacy save programs dump only the tables that exist: they create none.
    cat /proc/net/ip_tables_names /proc/net/ip6_tables_names 2>&1 || true
    if command -v iptables-legacy-save >/dev/null; then
      { iptables-legacy-save; ip6tables-legacy-save; } 2>&1 | { grep -v '^#' || true; } |
        sed -E 's/\[[0-9]+:[0-9]+\]/[N:N]/g'
    fi
    if [ -e /run/xtables.lock ]; then echo "/run/xtables.lock present"; else echo "/run/xtables.lock absent"; fi
    echo "### mounts mentioning netns (root mountpoint fstype source)"
    awk '/netns/ { for (i = 7; i <= NF; i++) if ($i == "-") break; print $4, $5, $(i+1), $(i+2) }' \
      /proc/self/mountinfo | LC_ALL=C sort
  } >"$out"
}

snapshot "$tmp/before"
echo "host-untouched: snapshot taken ($(grep -c ' = ' "$tmp/before") sysctls, excluded: ${SYSCTL_EXCLUDE[*]})"

set +e
"$MTULAB" run --junit "$tmp/j.xml" "$@" >"$tmp/run.log" 2>&1
rc=$?
set -e
tail -n 4 "$tmp/run.log"
echo "host-untouched: mtulab run exited $rc"
# Probe mode against namespaces made with `ip netns add` and against CNI pods, and the
# Sonobuoy entrypoint in the cluster in a box: the same snapshot must hold across them.
also() {  # also NAME COMMAND...: run it between the snapshots; its failure fails the script
  local name="$1" extra_rc
  shift
  set +e
  "$@" >>"$tmp/run.log" 2>&1
  extra_rc=$?
  set -e
  echo "host-untouched: $name exited $extra_rc"
  if [ "$extra_rc" -ne 0 ] && [ "$extra_rc" -ne 77 ] && [ "$rc" -eq 0 ]; then rc=$extra_rc; fi
}
if [ "${HOST_UNTOUCHED_PROBE:-1}" = 1 ]; then
  also probe_e2e tests/probe/probe_e2e.sh "$MTULAB"
  also cluster_in_a_box env MTULAB_BINARY="$MTULAB" /usr/bin/python3 -m pytest \
    -p no:cacheprovider -q tests/e2e/cluster_in_a_box_test.py
fi

snapshot "$tmp/after"
if ! diff -u "$tmp/before" "$tmp/after" >"$tmp/diff"; then
  cat "$tmp/diff"
  echo "FAIL: host-untouched: the host namespace changed across a full mtulab run (diff above; mtulab exit $rc)"
  exit 1
fi
if [ "$rc" -ne 0 ]; then
  cat "$tmp/run.log"
  echo "FAIL: host-untouched: host unchanged, but mtulab run (or a probe test) exited $rc (log above)"
  exit 1
fi
echo "PASS: host-untouched: $(wc -l <"$tmp/before") snapshot lines identical before and after a full run (mtulab exit 0)"
