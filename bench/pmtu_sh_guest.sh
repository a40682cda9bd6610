#!/bin/bash
# bench/pmtu_sh_guest.sh [--no-nh] SELFTEST_DIR OUT_DIR TEST...
#
# Runs inside a kernel-lane guest (bench/pmtu_sh.sh -g, through MTULAB_GUEST_HOOK): the
# kernel's pmtu.sh on TEST... from SELFTEST_DIR (read-only here: the host root), writing
# "<ms since start> <line>" per output line to OUT_DIR/pmtu.log, the guest's kernel release
# to OUT_DIR/kernel and pmtu.sh's exit status to OUT_DIR/pmtu.rc. The guest is disposable
# (its writes go to a RAM overlay), so pmtu.sh runs in its init namespace, as upstream does.
# --no-nh: a copy of pmtu.sh (in the guest's RAM) that does not re-run each test with
# nexthop objects (its HAVE_NH=yes line becomes a no-op): those re-runs have no mtulab
# counterpart and double pmtu.sh's time.
set -uo pipefail
no_nh=0
if [ "${1:-}" = --no-nh ]; then no_nh=1; shift; fi
[ $# -ge 3 ] || { echo "usage: $0 [--no-nh] SELFTEST_DIR OUT_DIR TEST..." >&2; exit 2; }
sel="$1" out="$2"
shift 2
# pmtu.sh runs from a copy in the guest's RAM (the host root is read-only there).
copy="$(mktemp -d)"
cp -r "$sel/." "$copy/"
sel="$copy"
if [ "$no_nh" = 1 ]; then
  sed -i 's/^\[ \$? -eq 0 \] && HAVE_NH=yes$/: # HAVE_NH stays no: bench\/pmtu_sh_guest.sh --no-nh/' \
    "$sel/pmtu.sh"
  grep -q 'HAVE_NH stays no' "$sel/pmtu.sh" || echo "note: --no-nh found no HAVE_NH=yes line" >&2
fi
# Debian 12's python3-pyroute2 (0.7.2) has __version__ = 'unknown' (its version file is not
# packaged), and ovs-dpctl.py's check int('unknown') raised ValueError, so every OVS test
# SKIPped ("ovs_bridge not supported"). The copy asks the package metadata instead (0.7.2).
dpctl="$sel/openvswitch/ovs-dpctl.py"
if [ -f "$dpctl" ]; then
  sed -i 's/pyroute2\.__version__\.split("\.")/__import__("importlib.metadata").metadata.version("pyroute2").split(".")/' \
    "$dpctl"
  grep -q 'metadata.version("pyroute2")' "$dpctl" || echo "note: ovs-dpctl.py has no pyroute2 version check to mend" >&2
fi
uname -r >"$out/kernel"
# The guest's init has PATH=/bin (busybox): pmtu.sh also needs sysctl, tc, ... from sbin, and
# finds nettest and openvswitch/ovs-dpctl.py beside itself.
export PATH="$sel:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
t0=$(date +%s%N)
(cd "$sel" && bash ./pmtu.sh "$@" 2>&1) |
  while IFS= read -r line; do
    printf '%s %s\n' "$((($(date +%s%N) - t0) / 1000000))" "$line"
  done >"$out/pmtu.log"
echo "${PIPESTATUS[0]}" >"$out/pmtu.rc"
