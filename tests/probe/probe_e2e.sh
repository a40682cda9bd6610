#!/usr/bin/env bash
# mtulab probe / serve end to end (root), against namespaces mtulab did not create:
#   a --- r --- b      made here with `ip netns add`; veth a-r MTU 1500, r-b MTU 1400
# 1. a probe suite from a (--netns) with r and b as --node: DF pings, a sweep and the PMTU
#    cache show the 1400 path; a <tcp> between a and b runs both ends.
# 2. a suite with a <set> is refused at load (file:line:col) without --allow-changes.
# 3. paths that are not network namespaces are refused.
# 4. serve in b + probe <tcp> from a to b's address (b not a --node): the transfer completes.
# 5. mesh over a, r, b: a->b fails (1400 < the 1500 route MTU), b->a passes.
# 6. mesh over 6 leaves of a hub with --max-sockets 4 and an unanswering peer (so it runs
#    long enough to sample): the sockets of the mtulab process never exceed 4.
# 7. nothing changed in any of those namespaces: ip -d link/addr, routes, rules and every
#    /proc/sys/net file compared before and after.
# Usage: tests/probe/probe_e2e.sh MTULAB_BINARY. Exit 0 pass, 1 fail, 77 skip (not root).
set -uo pipefail
bin="$(readlink -f "${1:?usage: probe_e2e.sh MTULAB_BINARY}")"
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root"; exit 77; }
tag="mtlprobe$$"
work="$(mktemp -d /tmp/mtulab-probe-e2e.XXXXXX)"
serve_pid=""
leaves=(l1 l2 l3 l4 l5 l6)
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  for n in a r b hub "${leaves[@]}"; do ip netns del "$tag-$n" 2>/dev/null; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ns() { ip netns exec "$tag-$1" "${@:2}"; }

for n in a r b; do ip netns add "$tag-$n"; done
ip link add va type veth peer name vra
ip link set va netns "$tag-a" && ip link set vra netns "$tag-r"
ip link add vrb mtu 1400 type veth peer name vb mtu 1400
ip link set vrb netns "$tag-r" && ip link set vb netns "$tag-b"
ns a ip addr add 10.71.1.1/24 dev va; ns r ip addr add 10.71.1.2/24 dev vra
ns r ip addr add 10.71.2.1/24 dev vrb; ns b ip addr add 10.71.2.2/24 dev vb
for x in "a va" "r vra" "r vrb" "b vb"; do set -- $x; ns "$1" ip link set "$2" up; ns "$1" ip link set lo up; done
ns a ip route add default via 10.71.1.2; ns b ip route add default via 10.71.2.1
ns r sysctl -qw net.ipv4.ip_forward=1

snapshot() {  # the state of namespace $1 that probe mode must not change
  ns "$1" sh -c 'ip -d link; ip -d addr; ip route show table all; ip -6 route show table all;
    ip rule; ip -6 rule; cd /proc/sys/net && find . -type f -perm -0444 | sort |
    while read -r f; do printf "%s=" "$f"; tr "\n" " " < "$f" 2>/dev/null; echo; done' |
    sed -E -e 's/(valid_lft|preferred_lft) [0-9]+sec/\1 N/g' -e 's/expires [0-9]+sec/expires N/g' \
      -e '/nf_conntrack_count/d'
}
# Wait for IPv6 DAD on the link-local addresses: it finishes by itself, not by probe mode.
for _ in $(seq 50); do
  tentative=0
  for n in a r b; do ns "$n" ip -6 addr | grep -q tentative && tentative=1; done
  [ "$tentative" -eq 0 ] && break; sleep 0.1
done
for n in a r b; do snapshot "$n" > "$work/before-$n"; done

# 1. A suite against the namespaces.
cat > "$work/path.xml" <<'XML'
<suite name="probe-path">
  <case name="df_boundary">
    <ping from="local" to="b:vb" size="1372" df="do"><expect fact="ping.result" equals="reply"/></ping>
    <ping from="local" to="10.71.2.2" size="1373" df="do">
      <expect fact="ping.result" one_of="frag_needed,local_emsgsize"/>
      <expect fact="ping.mtu" equals="1400"/>
    </ping>
    <pmtu from="local" to="b:vb"><expect fact="route.pmtu" equals="1400"/></pmtu>
    <sweep from="local" to="b:vb" min="1000" max="1500"><expect fact="sweep.path_mtu" equals="1400"/></sweep>
  </case>
  <case name="tcp_both_ends">
    <tcp from="local" to="b:vb" request="300000" response="300000">
      <expect fact="tcp.result" equals="completed"/>
      <expect fact="tcp.server.snd_mss" at_most="1360"/>
    </tcp>
  </case>
  <case name="expected_to_fail">
    <sweep from="b" to="local:va" min="1000" max="1500"><expect fact="sweep.path_mtu" equals="1500"/></sweep>
  </case>
</suite>
XML
"$bin" probe --netns "/run/netns/$tag-a" --node "r=/run/netns/$tag-r" --node "b=/run/netns/$tag-b" \
  --junit "$work/path.xml.junit" --json "$work/path.json" -j 1 "$work/path.xml" > "$work/path.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "probe suite: exit $rc, expected 1 (one case fails on purpose)"
grep -q 'PASS.*probe-path/df_boundary' "$work/path.out" || fail "df_boundary did not pass: $(cat "$work/path.out")"
grep -q 'PASS.*probe-path/tcp_both_ends' "$work/path.out" || fail "tcp_both_ends did not pass"
grep -q 'FAIL.*probe-path/expected_to_fail' "$work/path.out" || fail "expected_to_fail did not fail"
grep -q 'sweep.path_mtu: expected = 1500, observed 1400' "$work/path.out" || fail "no observed 1400 in the failure"
grep -q '<testcase classname="mtulab.probe-path" name="df_boundary"' "$work/path.xml.junit" || fail "no JUnit testcase"

# 2. Changing steps are refused at load.
cat > "$work/change.xml" <<'XML'
<suite name="probe-change">
  <case name="c">
    <set node="b" dev="vb" mtu="1300"><expect fact="link.mtu" equals="1300"/></set>
  </case>
</suite>
XML
"$bin" probe --node "b=/run/netns/$tag-b" --junit= "$work/change.xml" > "$work/change.out" 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "a <set> without --allow-changes: exit $rc, expected 2"
grep -q "change.xml:3:5: <set> changes the state of a namespace mtulab did not create" \
  "$work/change.out" || fail "refusal not at file:line:col: $(cat "$work/change.out")"

# 3. Not a network namespace.
"$bin" probe --netns /etc/hostname --junit= "$work/path.xml" > "$work/ns.out" 2>&1
[ $? -eq 2 ] && grep -q "not a namespace file" "$work/ns.out" || fail "/etc/hostname: $(cat "$work/ns.out")"
"$bin" probe --netns /proc/self/ns/mnt --junit= "$work/path.xml" > "$work/ns.out" 2>&1
[ $? -eq 2 ] && grep -q "a mount namespace, not a network namespace" "$work/ns.out" ||
  fail "/proc/self/ns/mnt: $(cat "$work/ns.out")"

# 4. serve in b, a <tcp> from a to b's address (b is no --node: the client talks to serve).
"$bin" serve --netns "/run/netns/$tag-b" --tcp 5101 --udp 0 > "$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do ns b ss -ltn | grep -q ':5101' && break; sleep 0.1; done
cat > "$work/remote.xml" <<'XML'
<suite name="probe-remote">
  <case name="tcp_to_serve">
    <tcp from="local" to="10.71.2.2" port="5101" request="200000" response="500000">
      <expect fact="tcp.result" equals="completed"/>
      <expect fact="tcp.response_bytes" equals="500000"/>
      <expect fact="tcp.server" equals="remote"/>
    </tcp>
  </case>
</suite>
XML
"$bin" probe --netns "/run/netns/$tag-a" --junit= "$work/remote.xml" > "$work/remote.out" 2>&1 ||
  fail "tcp to serve: $(cat "$work/remote.out")"
kill -TERM "$serve_pid"; wait "$serve_pid"; rc=$?; serve_pid=""
[ "$rc" -eq 0 ] || fail "serve exit $rc after SIGTERM"
grep -q "1 connections (200012 bytes in, 500000 out)" "$work/serve.out" || fail "serve: $(cat "$work/serve.out")"

# 5. Mesh over a, r, b.
"$bin" probe --mesh --node "a=/run/netns/$tag-a" --node "r=/run/netns/$tag-r@10.71.1.2" \
  --node "b=/run/netns/$tag-b" --junit "$work/mesh.junit" > "$work/mesh.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "mesh a,r,b: exit $rc, expected 1: $(cat "$work/mesh.out")"
grep -q 'FAIL.*mesh/a->b' "$work/mesh.out" || fail "a->b did not fail"
grep -q 'PASS.*mesh/b->a' "$work/mesh.out" || fail "b->a did not pass"
grep -q 'mesh.path_mtu: expected >= 1500, observed 1400' "$work/mesh.out" || fail "a->b observed: $(cat "$work/mesh.out")"
[ "$(grep -c '<testcase' "$work/mesh.junit")" -eq 6 ] || fail "mesh: not 6 testcases"

for n in a r b; do
  snapshot "$n" > "$work/after-$n"
  diff -u "$work/before-$n" "$work/after-$n" > "$work/diff-$n" || fail "namespace $n changed: $(cat "$work/diff-$n")"
done

# 6. Mesh over 6 leaves with --max-sockets 4; the socket count is sampled from /proc.
ip netns add "$tag-hub"; ns hub ip link set lo up; ns hub sysctl -qw net.ipv4.ip_forward=1
args=()
i=0
for l in "${leaves[@]}"; do
  i=$((i + 1)); ip netns add "$tag-$l"
  ip link add "h$l" type veth peer name "e$l"
  ip link set "h$l" netns "$tag-hub"; ip link set "e$l" netns "$tag-$l"
  ns hub ip addr add "10.72.$i.1/24" dev "h$l"; ns hub ip link set "h$l" up
  ns "$l" ip addr add "10.72.$i.2/24" dev "e$l"; ns "$l" ip link set "e$l" up
  ns "$l" ip route add default via "10.72.$i.1"
  args+=(--node "$l=/run/netns/$tag-$l")
done
"$bin" probe --mesh "${args[@]}" --peer ghost=10.72.1.99 --max-sockets 4 -j 32 --timeout 0.2 \
  --junit "$work/mesh6.junit" > "$work/mesh6.out" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  n=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c 'socket:')
  [ "$n" -gt "$peak" ] && peak=$n
  sleep 0.01
done
wait "$pid"; rc=$?
[ "$rc" -eq 1 ] || fail "mesh6: exit $rc, expected 1 (the ghost errors): $(cat "$work/mesh6.out")"
[ "$peak" -ge 1 ] && [ "$peak" -le 4 ] || fail "mesh6: $peak sockets open at once, bound 4"
[ "$(grep -c '<testcase' "$work/mesh6.junit")" -eq 36 ] || fail "mesh6: not 36 testcases"
[ "$(grep -c 'PASS ' "$work/mesh6.out")" -eq 30 ] || fail "mesh6: not 30 passes: $(cat "$work/mesh6.out")"
grep -q 'ghost (10.72.1.99) did not answer a DF echo of the smallest size' "$work/mesh6.out" ||
  fail "mesh6: no unreachable error"
grep -q 'at most [1-4] sockets open at once (--max-sockets 4)' "$work/mesh6.out" || fail "mesh6: no socket line"
echo "mesh6: at most $peak sockets seen in /proc"

[ "$failures" -eq 0 ] && echo PASS || { echo "$failures failure(s)"; exit 1; }
