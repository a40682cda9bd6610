#!/usr/bin/python3
"""The chain of bench/gen_chain.py built, probed and torn down with Mininet's Python API
(Debian package mininet 2.3): the peer column "mininet" of bench/bench.py.

  chain_mininet.py N [--frag-check]

Hosts and links only: no switch, no controller, so Open vSwitch is neither needed nor
touched. Every node is a Mininet Host (a shell started by `mnexec` in a new network
namespace), every link a Mininet Link (a veth pair made by `ip link add ... netns PID` run in
the first host's shell) with its IPv4 address configured by Mininet (`ifconfig`). Mininet has
no MTU, route or sysctl API: those are `ip`/`sysctl` commands sent to each host's shell with
Host.cmd, as Mininet's documentation does. net.stop() removes the links and ends the shells
(the namespaces die with them).

Mininet.init() would raise host-wide limits and sysctls (fs.file-max, net.core.*mem_max,
neighbour and route table sizes, kernel.pty.max: mininet/util.py fixLimits); mtulab never
touches the host, so this driver marks Mininet as initialised and skips that.

Prints "inproc_ms=<ms>": the time from the first host to the end of net.stop(), without the
interpreter's start and imports.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_chain import BIG_SIZE, FIT_SIZE, SMALL_MTU, TTL, Chain  # noqa: E402

from mininet.link import Link  # noqa: E402
from mininet.log import setLogLevel  # noqa: E402
from mininet.net import Mininet  # noqa: E402
from mininet.node import Host  # noqa: E402


def ping_cmd(size, target):
    return "ping -n -M do -c 1 -W 1 -t %d -s %d %s" % (TTL, size, target)


def build_and_probe(c, frag_check):
    Mininet.inited = True  # skip fixLimits(): it would change the host's sysctls
    net = Mininet(topo=None, controller=None, build=False, cleanup=False)
    try:
        hosts = {}
        for i, node in enumerate(c.nodes):
            h = net.addHost(node, cls=Host, ip=None)
            hosts[node] = h
            sysctls = " ".join("%s=%s" % kv for kv in c.sysctls(i))
            if sysctls:
                h.cmd("sysctl -q -w " + sysctls)
        for k, a, b, mtu in c.links():
            net.addLink(hosts[a], hosts[b], cls=Link, intfName1="right", intfName2="left",
                        params1={"ip": "%s/24" % c.addr(k, 1)},
                        params2={"ip": "%s/24" % c.addr(k, 2)})
            hosts[a].cmd("ip link set dev right mtu %d" % mtu)
            hosts[b].cmd("ip link set dev left mtu %d" % mtu)
        for i, node in enumerate(c.nodes):
            for dst, gw in c.routes(i):
                hosts[node].cmd("ip route add %s via %s" % (dst, gw))
        h0 = hosts["h0"]
        for attempt in range(3):
            out = h0.cmd(ping_cmd(FIT_SIZE, c.target()))
            if " 1 received" in out:
                break
            print("ping try %d failed" % (attempt + 1), file=sys.stderr)
        else:
            raise SystemExit("DF ping h0 -> h1 (%d bytes) failed: %s" % (FIT_SIZE, out))
        if frag_check:
            out = h0.cmd(ping_cmd(BIG_SIZE, c.target()))
            if "Frag needed" not in out or "mtu = %d" % SMALL_MTU not in out:
                raise SystemExit("expected frag-needed with mtu %d, got: %s" % (SMALL_MTU, out))
    finally:
        net.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("--frag-check", action="store_true")
    a = ap.parse_args()
    setLogLevel("warning")
    start = time.perf_counter()
    build_and_probe(Chain(a.n), a.frag_check)
    print("inproc_ms=%.3f" % ((time.perf_counter() - start) * 1000))


if __name__ == "__main__":
    main()
