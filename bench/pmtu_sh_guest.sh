#!/bin/bash
# bench/pmtu_sh_guest.sh SELFTEST_DIR OUT_DIR TEST...
#
# Runs inside a kernel-lane guest (bench/pmtu_sh.sh -g, through MTULAB_GUEST_HOOK): the
# kernel's pmtu.sh on TEST... from SELFTEST_DIR (read-only here: the host root), writing
# "<ms since start> <line>" per output line to OUT_DIR/pmtu.log, the guest's kernel release
# to OUT_DIR/kernel and pmtu.sh's exit status to OUT_DIR/pmtu.rc. The guest is disposable
# (its writes go to a RAM overlay), so pmtu.sh runs in its init namespace, as upstream does.
set -uo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SELFTEST_DIR OUT_DIR TEST..." >&2; exit 2; }
sel="$1" out="$2"
shift 2
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
