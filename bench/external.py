"""The benchmarks that are scripts of their own, run from bench.py so that every figure of
the README's Performance table comes from one run: bench/pmtu_sh.sh (the kernel's pmtu.sh
against the same scenarios as mtulab suites) and bench/tcp_throughput.sh (the <tcp> probe
against iperf3). Each script's own report is kept verbatim; the figures the targets need
are read from it."""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _run_script(argv, mtulab, what):
    env = dict(os.environ, MTULAB=mtulab)
    sys.stderr.write("%s: %s\n" % (what, " ".join(argv)))
    p = subprocess.run(["bash"] + argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        sys.stderr.write(p.stdout)
        sys.exit("bench: %s failed (exit %d)" % (what, p.returncode))
    return p.stdout


def _number(pattern, text, what):
    m = re.search(pattern, text, re.M)
    if not m:
        sys.exit("bench: cannot find %s in the output:\n%s" % (what, text))
    return float(m.group(1))


def bench_pmtu(args):
    """Returns (table, metrics). metrics: pmtu_sh_s, mtulab_j1_s, mtulab_default_s."""
    out = _run_script([os.path.join(HERE, "pmtu_sh.sh"), "-n", str(args.runs)], args.mtulab,
                      "pmtu.sh scenarios")
    metrics = {
        "pmtu_sh_s": _number(r"^pmtu\.sh, those scenarios, first runs only.*?:\s+([\d.]+) s", out,
                             "pmtu.sh's time"),
        "mtulab_j1_s": _number(r"^mtulab run, every bench suite, -j1 \(median\):\s+([\d.]+) s",
                               out, "mtulab's -j1 time"),
        "mtulab_default_s": _number(r"^mtulab run, every bench suite, default -j:\s+([\d.]+) s",
                                    out, "mtulab's default -j time"),
    }
    title = ("The kernel's pmtu.sh (Debian linux-source) against the same scenarios as mtulab "
             "suites (bench/pmtu_sh.sh; pmtu.sh once, mtulab median of %d)" % args.runs)
    return (title, None, out.rstrip("\n").splitlines(), []), metrics


def bench_tcp(args):
    """Returns (table, metrics). metrics: {mtu: (iperf3 Mbit/s, mtulab Mbit/s)}."""
    argv = [os.path.join(HERE, "tcp_throughput.sh"), "-t", "3", "-n", str(args.tcp_runs)]
    out = _run_script(argv + [str(m) for m in args.tcp_mtus], args.mtulab, "tcp throughput")
    rows = {}
    for m in re.finditer(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s*$", out, re.M):
        rows[int(m.group(1))] = (float(m.group(2)), float(m.group(3)))
    if sorted(rows) != sorted(args.tcp_mtus):
        sys.exit("bench: tcp_throughput.sh reported MTUs %s, wanted %s:\n%s" %
                 (sorted(rows), args.tcp_mtus, out))
    title = ("The <tcp> probe against iperf3 on one veth pair (bench/tcp_throughput.sh, "
             "median of %d runs each)" % args.tcp_runs)
    return (title, None, out.rstrip("\n").splitlines(), []), rows
