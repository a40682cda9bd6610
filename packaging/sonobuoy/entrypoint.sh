#!/bin/sh
# mtulab-mtu plugin entrypoint: one pod of the DaemonSet DF-sweeps the path to every other
# pod (or a sample of them) with `mtulab probe --mesh`, writes JUnit and the done file.
# Both directions of a pair come from each pod probing the other. Used unchanged by the
# Sonobuoy plugin (mtulab-mtu.yaml), the plain DaemonSet (packaging/k8s) and the
# cluster-in-a-box test (tests/e2e/cluster_in_a_box_test.py).
#
# Environment (all optional but POD_NAME, and POD_IP when peers come from DNS):
#   POD_NAME, POD_IP       this pod (downward API)
#   PEERS                  "NAME=ADDR ..." or "ADDR ..." (space or comma separated): the
#                          pods to probe, overriding DNS; an entry for POD_NAME/POD_IP is
#                          this pod and is skipped
#   MTULAB_SERVICE         headless Service whose A/AAAA records are the pods (mtulab-mtu)
#   MTULAB_EXPECT_PODS     wait until DNS lists this many pods (this one included); unset:
#                          wait until at least 2 are listed and the list is stable
#   MTULAB_SETTLE          seconds the list must stay unchanged (20)
#   MTULAB_PEER_TIMEOUT    seconds to wait for peers before reporting an error (300)
#   MTULAB_SAMPLE          probe only N peers, the nearest on a ring of all pods sorted by
#                          name (N/2 on each side, rounded up): A samples B iff B samples A
#   MTULAB_FAMILY          4 or 6 (4); MTULAB_SWEEP LO:HI; MTULAB_EXPECT_MTU N; MTULAB_JOBS N
#   MTULAB_RESULTS_DIR     where results go (/tmp/sonobuoy/results, Sonobuoy's contract)
#   MTULAB_STAY            1: sleep after the done file (a DaemonSet pod must not exit)
# Exit status: 0 when the results and the done file are written (pass or fail is in the
# JUnit), 2 when even that failed.
set -u -f  # no globbing: peer names are split on spaces only

results_dir=${MTULAB_RESULTS_DIR:-/tmp/sonobuoy/results}
pod=${POD_NAME:-$(hostname)}
safe_pod=$(printf '%s' "$pod" | tr -c 'A-Za-z0-9._-' '_')
result="$results_dir/mtulab-$safe_pod.xml"
log="$results_dir/mtulab-$safe_pod.log"
family=${MTULAB_FAMILY:-4}

say() { printf 'mtulab-mtu: %s\n' "$*" >&2; }

xml_escape() {
  printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
    -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'
}

# Writes the done file: the result's path, via a new file renamed into place (mktemp: 0600).
write_done() {
  tmp=$(mktemp "$results_dir/.done.XXXXXX") || return 1
  printf '%s\n' "$result" >"$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$results_dir/done"
}

# An error the JUnit must carry (never a silent exit): one testcase with <error>.
fail_with_error() {
  msg=$(xml_escape "$1")
  detail=$(if [ -s "$log" ]; then tail -n 40 "$log"; fi)
  detail=$(xml_escape "$detail")
  say "error: $1"
  tmp=$(mktemp "$results_dir/.result.XXXXXX") || exit 2
  cat >"$tmp" <<EOF || exit 2
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="mtulab-mtu" tests="1" failures="0" errors="1" hostname="$(xml_escape "$pod")">
    <testcase name="$(xml_escape "$pod") setup" classname="mtulab-mtu">
      <error type="mtulab-mtu" message="$msg">$detail</error>
    </testcase>
  </testsuite>
</testsuites>
EOF
  { chmod 644 "$tmp" && mv -f "$tmp" "$result"; } || exit 2
  write_done || exit 2
  finish
}

finish() {
  if [ "${MTULAB_STAY:-0}" = 1 ]; then
    say "results written; staying up (MTULAB_STAY=1)"
    while :; do sleep 3600; done
  fi
  exit 0
}

# Lines "KEY NAME ADDR" of every pod listed (this one included), sorted by KEY.
list_pods() {
  if [ -n "${PEERS:-}" ]; then
    printf '%s\n' "$PEERS" | tr -cs 'A-Za-z0-9._:=-' '\n' | awk -F= 'NF == 1 && $1 != "" { print $1, $1, $1 }
      NF == 2 && $1 != "" && $2 != "" { print $1, $1, $2 }' | sort -u
    return
  fi
  # Named by address (':' of IPv6 as '-': names are [A-Za-z0-9_.-]).
  getent "ahostsv$family" "${MTULAB_SERVICE:-mtulab-mtu}" |
    awk '{ name = $1; gsub(/:/, "-", name); print $1, name, $1 }' | sort -u
}

# Waits for the pod list (DNS) to be complete; prints it. Returns 1 on timeout.
wait_for_pods() {
  timeout=${MTULAB_PEER_TIMEOUT:-300}
  settle=${MTULAB_SETTLE:-20}
  start=$(date +%s)
  prev="" stable_since=$start
  while :; do
    now=$(date +%s)
    pods=$(list_pods)
    count=$(printf '%s\n' "$pods" | grep -c .)
    [ "$pods" != "$prev" ] && stable_since=$now && prev=$pods
    if [ -n "${PEERS:-}" ]; then
      printf '%s\n' "$pods"
      return 0
    elif [ -n "${MTULAB_EXPECT_PODS:-}" ]; then
      [ "$count" -ge "$MTULAB_EXPECT_PODS" ] && printf '%s\n' "$pods" && return 0
    elif [ "$count" -ge 2 ] && [ $((now - stable_since)) -ge "$settle" ]; then
      printf '%s\n' "$pods"
      return 0
    fi
    [ $((now - start)) -ge "$timeout" ] && return 1
    sleep 2
  done
}

# From "KEY NAME ADDR" lines: "NAME=ADDR" of the peers to probe (sampled on the ring).
select_peers() {
  self_key=$pod
  [ -z "${PEERS:-}" ] && self_key=${POD_IP:-}
  printf '%s\n' "$1" | awk -v self="$self_key" -v ip="${POD_IP:-}" -v n="${MTULAB_SAMPLE:-0}" '
    $1 == self || $3 == ip { me = $1; next }
    { key[++count] = $1; peer[$1] = $2 "=" $3 }
    END {
      if (me == "") me = self
      key[++count] = me; m = count
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
        if (key[j] < key[i]) { t = key[i]; key[i] = key[j]; key[j] = t }
      for (i = 1; i <= m; i++) if (key[i] == me) s = i
      half = int((n + 1) / 2)
      if (n <= 0 || 2 * half >= m - 1) half = m
      for (d = 1; d <= half && d < m; d++) {
        pick[key[(s - 1 + d) % m + 1]] = 1; pick[key[(s - 1 - d + m * d) % m + 1]] = 1
      }
      for (k in pick) if (k != me) print peer[k]
    }' | sort
}

mkdir -p "$results_dir" || { say "cannot create $results_dir"; exit 2; }
: >"$log" 2>/dev/null || log=/dev/null
[ -n "$pod" ] || fail_with_error "POD_NAME is not set and hostname failed"
if [ -z "${PEERS:-}" ] && [ -z "${POD_IP:-}" ]; then
  fail_with_error "POD_IP is not set (downward API status.podIP): cannot tell this pod among the Service's addresses"
fi
pods=$(wait_for_pods) ||
  fail_with_error "peer discovery timed out after ${MTULAB_PEER_TIMEOUT:-300} s: Service ${MTULAB_SERVICE:-mtulab-mtu} lists $(list_pods | grep -c .) pod(s), expected ${MTULAB_EXPECT_PODS:-at least 2, stable}"
peers=$(select_peers "$pods")
[ -n "$peers" ] || fail_with_error "no peer to probe (pods listed: $(printf '%s' "$pods" | tr '\n' ' '))"

set -- probe --mesh --name "$(printf '%s' "$safe_pod" | cut -c1-64)" --family "$family"
for p in $peers; do set -- "$@" --peer "$p"; done
[ -n "${MTULAB_SWEEP:-}" ] && set -- "$@" --sweep "$MTULAB_SWEEP"
[ -n "${MTULAB_EXPECT_MTU:-}" ] && set -- "$@" --expect-mtu "$MTULAB_EXPECT_MTU"
[ -n "${MTULAB_JOBS:-}" ] && set -- "$@" -j "$MTULAB_JOBS"
tmp_result=$(mktemp "$results_dir/.probe.XXXXXX") || fail_with_error "mktemp in $results_dir failed"
say "probing $(printf '%s\n' "$peers" | grep -c .) peer(s) from $pod"
mtulab "$@" --junit "$tmp_result" >>"$log" 2>&1
rc=$?
# The probe's report stands whenever it is complete (its errors are in it); else ours.
if ! grep -q '</testsuite>' "$tmp_result"; then
  rm -f "$tmp_result"
  fail_with_error "mtulab probe exited with status $rc without a complete JUnit report (log: $log)"
fi
if ! { chmod 644 "$tmp_result" && mv -f "$tmp_result" "$result"; }; then
  fail_with_error "cannot move the report to $result"
fi
write_done || fail_with_error "cannot write $results_dir/done"
say "done (mtulab probe status $rc): $result"
finish
