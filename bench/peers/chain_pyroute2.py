#!/usr/bin/python3
"""The chain of bench/gen_chain.py built, probed and torn down with pyroute2 (Debian
python3-pyroute2, 0.7.x): the peer column "pyroute2" of bench/bench.py.

  chain_pyroute2.py N PREFIX [--mode setns|netns] [--frag-check]

Namespaces are named PREFIX<node> (/run/netns, as pyroute2's netns.create makes them) and are
removed in a finally block, so nothing is left when a step fails.

Modes:
  setns  the fastest way pyroute2 offers: for every node, switch this thread into the
         namespace (pyroute2.netns.setns) and open one IPRoute socket there;
  netns  the documented way: one pyroute2.NetNS object per namespace (NetNS forks a helper
         process that runs the calls inside the namespace and proxies them over pipes).

Sysctls are written through /proc/sys after entering the namespace (pyroute2 has no sysctl
API). The probe is `ping -M do` run in h0 (pyroute2 has no ping): the same DF ping as the
other columns, retried up to 3 times because the veth carrier comes up asynchronously.
Prints "inproc_ms=<ms>": the time from the first namespace to the last removal, without
the interpreter's start and imports.
"""

import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from gen_chain import BIG_SIZE, FIT_SIZE, SMALL_MTU, TTL, Chain  # noqa: E402

from pyroute2 import IPRoute, NetNS, netns  # noqa: E402


def write_sysctls(pairs):
    for key, value in pairs:
        with open("/proc/sys/" + key.replace(".", "/"), "w") as f:
            f.write(value + "\n")


def ping(size):
    cmd = ["ping", "-n", "-M", "do", "-c", "1", "-W", "1", "-t", str(TTL), "-s", str(size)]
    return cmd


class SetnsBuilder:
    """One IPRoute socket per namespace, opened after setns (in-process, no helper)."""

    def __init__(self, names):
        self.names = names
        self.ipr = {}
        self.host = os.open("/proc/self/ns/net", os.O_RDONLY)

    def enter(self, node):
        netns.setns(self.names[node])

    def leave(self):
        netns.setns(self.host)

    def open(self, node, sysctls):
        self.enter(node)
        write_sysctls(sysctls)
        self.ipr[node] = IPRoute()
        self.leave()
        return self.ipr[node]

    def close(self):
        for ipr in self.ipr.values():
            ipr.close()
        os.close(self.host)


class NetnsBuilder(SetnsBuilder):
    """One pyroute2 NetNS object (a helper process per namespace)."""

    def open(self, node, sysctls):
        self.enter(node)
        write_sysctls(sysctls)
        self.leave()
        self.ipr[node] = NetNS(self.names[node])
        return self.ipr[node]


def build_and_probe(c, prefix, mode, frag_check):
    names = {node: prefix + node for node in c.nodes}
    created = []
    builder = None
    try:
        for node in c.nodes:
            netns.create(names[node])
            created.append(names[node])
        builder = (SetnsBuilder if mode == "setns" else NetnsBuilder)(names)
        ipr = {}
        for i, node in enumerate(c.nodes):
            ipr[node] = builder.open(node, c.sysctls(i))
            ipr[node].link("set", index=1, state="up")  # lo
        for k, a, b, mtu in c.links():
            # the peer end is created directly in b's namespace (named: NetNS helpers are
            # other processes, an fd of ours would mean nothing to them)
            ipr[a].link("add", ifname="right", kind="veth", mtu=mtu,
                        peer={"ifname": "left", "mtu": mtu, "net_ns_fd": names[b]})
            for node, ifname, side in ((a, "right", 1), (b, "left", 2)):
                idx = ipr[node].link_lookup(ifname=ifname)[0]
                ipr[node].addr("add", index=idx, address=c.addr(k, side), prefixlen=24)
                ipr[node].link("set", index=idx, state="up")
        for i, node in enumerate(c.nodes):
            for dst, gw in c.routes(i):
                ipr[node].route("add", dst=dst, gateway=gw)

        builder.enter("h0")
        try:
            for attempt in range(3):
                if subprocess.run(ping(FIT_SIZE) + [c.target()], stdout=subprocess.DEVNULL).returncode == 0:
                    break
                print("ping try %d failed" % (attempt + 1), file=sys.stderr)
            else:
                raise SystemExit("DF ping h0 -> h1 (%d bytes) failed" % FIT_SIZE)
            if frag_check:
                out = subprocess.run(ping(BIG_SIZE) + [c.target()], capture_output=True, text=True).stdout
                if "Frag needed" not in out or "mtu = %d" % SMALL_MTU not in out:
                    raise SystemExit("expected frag-needed with mtu %d, got: %s" % (SMALL_MTU, out))
        finally:
            builder.leave()
    finally:
        if builder is not None:
            builder.close()
        for name in created:
            netns.remove(name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("prefix")
    ap.add_argument("--mode", choices=("setns", "netns"), default="setns")
    ap.add_argument("--frag-check", action="store_true")
    a = ap.parse_args()
    start = time.perf_counter()
    build_and_probe(Chain(a.n), a.prefix, a.mode, a.frag_check)
    print("inproc_ms=%.3f" % ((time.perf_counter() - start) * 1000))


if __name__ == "__main__":
    main()
