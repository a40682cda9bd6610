#!/bin/bash
# bench/run-all.sh [bench.py options]     e.g. bench/run-all.sh --runs 3 --only chain
#
# Reproduces the README's "Performance" table: installs what the peers need from Debian
# (python3-pyroute2, mininet without Open vSwitch, iperf3; bench/pmtu_sh.sh installs
# linux-source), builds mtulab (Release) unless MTULAB names a binary, and runs
# bench/bench.py: the targets table, then the N-router chain against `ip` commands, pyroute2
# and Mininet, the seed suites with -j1/-j2/default/-j4, the 1000-namespace star and chains,
# the kernel's pmtu.sh against the same scenarios, and the tcp probe against iperf3.
# Prints the tables; with --markdown FILE also writes them as markdown. Needs root. Takes
# about 15-20 minutes on a 2-vCPU VM (pmtu.sh alone ~4-7 minutes). Not run by CI.
#
# env: MTULAB=path/to/mtulab to use that binary; otherwise it is built into MTULAB_BUILD_DIR
#      (default ${TMPDIR:-/tmp}/mtulab-bench-build, kept so the next run only rebuilds changes).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"

if [ "$(id -u)" != 0 ]; then
  echo "$0: needs root (creates network namespaces, installs packages)" >&2
  exit 2
fi

# Debian packages of the peers. Mininet without its Recommends: Open vSwitch is not needed
# for hosts and links.
need=()
/usr/bin/python3 -c "import pyroute2" 2>/dev/null || need+=(python3-pyroute2)
/usr/bin/python3 -c "import mininet.net" 2>/dev/null || need+=(mininet)
command -v ip >/dev/null || need+=(iproute2)
command -v ping >/dev/null || need+=(iputils-ping)
command -v ifconfig >/dev/null || need+=(net-tools)
command -v iperf3 >/dev/null || need+=(iperf3)  # bench/tcp_throughput.sh; pmtu_sh.sh installs linux-source
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; }
fi

if [ -n "${MTULAB:-}" ]; then
  [ -x "$MTULAB" ] || { echo "$0: MTULAB=$MTULAB is not an executable" >&2; exit 2; }
  mtulab="$MTULAB"
else
  build="${MTULAB_BUILD_DIR:-${TMPDIR:-/tmp}/mtulab-bench-build}"
  log="$(mktemp)"
  echo "building mtulab (Release) in $build ..." >&2
  if ! { cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release &&
         cmake --build "$build" --target mtulab -j"$(nproc)"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$0: building mtulab failed" >&2
    exit 2
  fi
  rm -f "$log"
  mtulab="$build/mtulab"
fi

exec /usr/bin/python3 "$here/bench.py" --mtulab "$mtulab" "$@"
