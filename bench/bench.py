#!/usr/bin/python3
"""mtulab performance benchmarks: medians and ratios measured in one run. See bench/README.md.

  bench.py --mtulab PATH [--runs N] [--only chain,seeds,scale,pmtu,tcp] [--sizes 1,10,100]
           [--peers ip,pyroute2,pyroute2-netns,mininet] [--scale-n 1000] [--scale-runs N]
           [--tcp-runs N] [--tcp-mtus 1500,9000] [--markdown FILE]

Prints first a table of issue 7's targets with what this run measured, then one table per
section: chain (N routers, against ip/pyroute2/Mininet), seeds (the shipped suites at
-j1/-j2/default/-j4), scale (1000-namespace star and chains), pmtu (bench/pmtu_sh.sh: the
kernel's pmtu.sh, minutes) and tcp (bench/tcp_throughput.sh: against iperf3).

Needs root. Every sample is one process (mtulab, an `ip` script, a pyroute2 or Mininet
driver) timed from fork to exit, with its peak RSS and CPU (wait4). After each sample the
bench waits until the kernel has freed the namespaces the sample created (their
destruction is asynchronous: it goes on after the process exited; see netns_watch.py) and
reports that time too, so no sample pays for the previous one's teardown.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import external  # noqa: E402
import netns_watch  # noqa: E402

PYTHON = "/usr/bin/python3"  # Debian's, where python3-pyroute2 and mininet are installed


class Sample:
    def __init__(self, wall_ms, rss_kb, cpu_ms, teardown_ms, stdout):
        self.wall_ms, self.rss_kb, self.cpu_ms = wall_ms, rss_kb, cpu_ms
        self.teardown_ms, self.stdout = teardown_ms, stdout

    def inproc_ms(self):
        for line in self.stdout.splitlines():
            if line.startswith("inproc_ms="):
                return float(line.split("=", 1)[1])
        return None


def default_fd_limit():
    """The soft RLIMIT_NOFILE most shells start with (1024): mtulab must raise it itself
    for a 1000-namespace lab, so the scale bench runs it that way."""
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))


def run(cmd, what, cwd=None, check=True, preexec=None):
    """Runs cmd once; returns a Sample. Exits the bench when the command fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, preexec_fn=preexec)
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - start) * 1000
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds, quiet = netns_watch.wait_for_teardown()
        teardown = seconds * 1000 if quiet else float("nan")
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    if check and p.returncode != 0:
        sys.stderr.write(stdout + stderr)
        sys.exit("bench: %s failed (exit %d): %s" % (what, p.returncode, " ".join(cmd)))
    return Sample(wall, ru.ru_maxrss, (ru.ru_utime + ru.ru_stime) * 1000, teardown, stdout)


def median(values):
    values = [v for v in values if v is not None and v == v]  # None or NaN: not measured
    return statistics.median(values) if values else float("nan")


def fmt_ms(v):
    if v != v:  # nan
        return "-"
    return "%.0f" % v if v >= 100 else "%.1f" % v


# --- chain of N routers ----------------------------------------------------------------------

def chain_tools(mtulab, d, n, prefix, peers):
    """name -> (timed command, untimed correctness command)."""
    py = os.path.join(HERE, "peers")
    junit_only = ["--json=", "--markdown=", "--html="]
    tools = {
        "mtulab": ([mtulab, "run", "--junit", d + "/j/j.xml", "-j", "1", "%s/suite_%d.xml" % (d, n)],
                   [mtulab, "run", "--junit", d + "/j/j.xml", "-j", "1", "%s/suite_%d_frag.xml" % (d, n)]),
        "mtulab-junit": ([mtulab, "run", "--junit", d + "/j/j.xml"] + junit_only +
                         ["-j", "1", "%s/suite_%d.xml" % (d, n)],
                         [mtulab, "run", "--junit", d + "/j/j.xml"] + junit_only +
                         ["-j", "1", "%s/suite_%d_frag.xml" % (d, n)]),
        "ip": ([d + "/ip_chain.sh", prefix], [d + "/ip_chain_frag.sh", prefix]),
        "pyroute2": ([PYTHON, py + "/chain_pyroute2.py", str(n), prefix, "--mode", "setns"],
                     [PYTHON, py + "/chain_pyroute2.py", str(n), prefix, "--mode", "setns", "--frag-check"]),
        "pyroute2-netns": ([PYTHON, py + "/chain_pyroute2.py", str(n), prefix, "--mode", "netns"],
                           [PYTHON, py + "/chain_pyroute2.py", str(n), prefix, "--mode", "netns",
                            "--frag-check"]),
        "mininet": ([PYTHON, py + "/chain_mininet.py", str(n)],
                    [PYTHON, py + "/chain_mininet.py", str(n), "--frag-check"]),
    }
    return {k: v for k, v in tools.items() if k.startswith("mtulab") or k in peers}


def bench_chain(args, work):
    gen = os.path.join(HERE, "gen_chain.py")
    prefix = "mtulabbench-%d-" % os.getpid()
    results = {}
    for n in args.sizes:
        d = os.path.join(work, "chain%d" % n)
        os.makedirs(d + "/j", exist_ok=True)
        subprocess.run([sys.executable, gen, str(n), "--out-dir", d], check=True)
        subprocess.run([sys.executable, gen, str(n), "--out-dir", d, "--frag-check"], check=True)
        subprocess.run([sys.executable, gen, str(n), "--emit-ip-script", d + "/ip_chain.sh"], check=True)
        subprocess.run([sys.executable, gen, str(n), "--emit-ip-script", d + "/ip_chain_frag.sh",
                        "--frag-check"], check=True)
        tools = chain_tools(args.mtulab, d, n, prefix, args.peers)
        for name, (_, check_cmd) in tools.items():  # correctness: frag-needed from the 1400 hop
            run(check_cmd, "N=%d %s correctness check" % (n, name))
        samples = {name: [] for name in tools}
        for r in range(args.runs):
            for name, (cmd, _) in tools.items():
                s = run(cmd, "N=%d %s run %d" % (n, name, r + 1))
                if "ping try" in s.stdout:
                    sys.stderr.write("note: N=%d %s needed a ping retry\n" % (n, name))
                samples[name].append(s)
            sys.stderr.write("chain N=%d run %d/%d: %s\n" % (
                n, r + 1, args.runs,
                ", ".join("%s %s ms" % (k, fmt_ms(v[-1].wall_ms)) for k, v in samples.items())))
        results[n] = samples
    leaked = [e for e in os.listdir("/run/netns") if e.startswith(prefix)] if os.path.isdir("/run/netns") else []
    if leaked:
        sys.exit("bench: LEAK: %d namespaces left in /run/netns with prefix %s" % (len(leaked), prefix))
    return results


def chain_table(results, runs):
    tools = list(next(iter(results.values())).keys())
    peers = [t for t in tools if not t.startswith("mtulab")]
    head = ["N"] + ["%s ms" % t for t in tools] + ["%s/mtulab" % t for t in peers]
    rows = []
    for n, samples in results.items():
        med = {t: median([s.wall_ms for s in samples[t]]) for t in tools}
        rows.append([str(n)] + [fmt_ms(med[t]) for t in tools] +
                    ["%.1fx" % (med[t] / med["mtulab"]) for t in peers])
    inproc = []
    for n, samples in results.items():
        for t in tools:
            v = median([s.inproc_ms() for s in samples[t]])
            if v == v:
                inproc.append("N=%d %s %s ms" % (n, t, fmt_ms(v)))
    teardown = ["N=%d %s" % (n, ", ".join("%s %s" % (t, fmt_ms(median([s.teardown_ms for s in samples[t]])))
                                          for t in tools)) for n, samples in results.items()]
    title = ("Chain h0 - r1..rN - h1: build + one DF ping across + teardown, wall time of the whole "
             "process, median of %d runs" % runs)
    notes = ["mtulab: `mtulab run -j 1 SUITE` as a user runs it: JUnit, JSON, markdown and the HTML "
             "report with its Graphviz picture (dot runs beside the case). mtulab-junit: the same "
             "with `--json= --markdown= --html=`, the JUnit report only. Ratios are against mtulab."]
    if inproc:
        notes.append("Python peers without interpreter start and imports (in-process): " + "; ".join(inproc))
    notes.append("Kernel teardown after exit, ms (not in the figures above): " + "; ".join(teardown))
    return title, head, rows, notes


# --- seed suites ------------------------------------------------------------------------------

def bench_seeds(args, work):
    suites = sorted(os.path.join(REPO, "suites", f) for f in os.listdir(os.path.join(REPO, "suites"))
                    if f.endswith(".xml"))
    variants = [("-j1", ["-j", "1"]), ("-j2", ["-j", "2"]), ("default (-j %d)" % os.cpu_count(), []),
                ("-j4", ["-j", "4"])]
    results = {name: [] for name, _ in variants}
    os.makedirs(work + "/seeds", exist_ok=True)
    for r in range(args.runs):
        for name, extra in variants:
            cmd = [args.mtulab, "run", "--junit", work + "/seeds/j.xml"] + extra + suites
            s = run(cmd, "seed suites %s" % name, cwd=REPO)
            results[name].append(s)
        sys.stderr.write("seeds run %d/%d: %s\n" % (r + 1, args.runs, ", ".join(
            "%s %s ms" % (k, fmt_ms(v[-1].wall_ms)) for k, v in results.items())))
    head = ["jobs", "wall ms", "CPU ms", "peak RSS MB", "vs -j1"]
    base = median([s.wall_ms for s in results["-j1"]])
    rows = []
    for name, samples in results.items():
        wall = median([s.wall_ms for s in samples])
        rows.append([name, fmt_ms(wall), fmt_ms(median([s.cpu_ms for s in samples])),
                     "%.1f" % (max(s.rss_kb for s in samples) / 1024), "%.2fx" % (base / wall)])
    title = "Seed suites (%d files under suites/), `mtulab run`, median of %d runs" % (len(suites), args.runs)
    default = [name for name, _ in variants if name.startswith("default")][0]
    return (title, head, rows, []), {"default_ms": median([s.wall_ms for s in results[default]]),
                                     "j4_rss_mb": max(s.rss_kb for s in results["-j4"]) / 1024}


# --- scale ------------------------------------------------------------------------------------

def bench_scale(args, work):
    n = args.scale_n
    d = os.path.join(work, "scale")
    os.makedirs(d + "/j", exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_star.py"), str(n), "--out-dir", d], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_chain.py"), str(n), "--out-dir", d,
                    "--bridged"], check=True)
    routed = min(n, 250)  # IPv4 TTL: 255 hops at most, there and back
    subprocess.run([sys.executable, os.path.join(HERE, "gen_chain.py"), str(routed), "--out-dir", d],
                   check=True)
    cases = [("star: %d leaves on one bridge" % n, "suite_star_%d.xml" % n),
             ("chain: %d bridges" % n, "suite_bchain_%d.xml" % n),
             ("chain: %d routers" % routed, "suite_%d.xml" % routed)]
    head = ["topology", "namespaces", "wall ms", "CPU ms", "peak RSS MB", "kernel teardown after exit ms"]
    rows = []
    metrics = {}
    nodes = {0: n + 1, 1: n + 2, 2: routed + 2}
    for i, (label, suite) in enumerate(cases):
        samples = []
        for r in range(args.scale_runs):
            samples.append(run([args.mtulab, "run", "--junit", d + "/j/j.xml", "-j", "1", d + "/" + suite],
                               "scale %s run %d" % (label, r + 1), preexec=default_fd_limit))
            sys.stderr.write("scale %s run %d/%d: %s ms, %.1f MB, teardown %s ms\n" % (
                label, r + 1, args.scale_runs, fmt_ms(samples[-1].wall_ms), samples[-1].rss_kb / 1024,
                fmt_ms(samples[-1].teardown_ms)))
        metrics[("star", "bchain", "chain")[i]] = (median([s.wall_ms for s in samples]),
                                                    max(s.rss_kb for s in samples) / 1024)
        rows.append([label, str(nodes[i]), fmt_ms(median([s.wall_ms for s in samples])),
                     fmt_ms(median([s.cpu_ms for s in samples])),
                     "%.1f" % (max(s.rss_kb for s in samples) / 1024),
                     fmt_ms(median([s.teardown_ms for s in samples]))])
    title = ("Scale: build + one DF ping end to end + teardown, median of %d runs (peak RSS: the "
             "largest of the runs; started with the soft descriptor limit at 1024)" % args.scale_runs)
    return (title, head, rows, []), metrics


# --- output -----------------------------------------------------------------------------------

def render(tables, markdown):
    out = []
    for title, head, rows, notes in tables:
        out.append("")
        out.append(title)
        if head is None:  # a script's own report, verbatim
            out.extend([""] + (["```"] if markdown else []) + rows + (["```"] if markdown else []))
        elif markdown:
            out.append("")
            out.append("| " + " | ".join(head) + " |")
            out.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|")
            for r in rows:
                out.append("| " + " | ".join(r) + " |")
        else:
            widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
            for r in [head] + rows:
                out.append("  ".join(str(x).rjust(w) for x, w in zip(r, widths)))
        for note in notes:
            out.append("")
            out.append(note)
    return "\n".join(out) + "\n"


def machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%d vCPU (%s), kernel %s, %s" % (os.cpu_count(), model, platform.release(),
                                          time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))


def targets_table(chain, seeds, scale, pmtu, tcp, scale_n):
    """Issue 7's targets against what this run measured; a section not run shows "-"."""
    rows = []

    def row(target, measured, met):
        rows.append([target, measured, "-" if met is None else ("met" if met else "NOT met")])

    def chain_ratio(n, peer, mine):
        if not chain or n not in chain or peer not in chain[n] or mine not in chain[n]:
            return None
        return median([x.wall_ms for x in chain[n][peer]]) / median([x.wall_ms for x in chain[n][mine]])

    # The verdict compares like with like: the peers build, ping and tear down and write no
    # report; mtulab-junit still writes its JUnit report. The ratio with every report
    # (the HTML one runs Graphviz) is shown beside it.
    for peer, goal in (("ip", 20), ("pyroute2", 5)):
        r = chain_ratio(10, peer, "mtulab-junit")
        full = chain_ratio(10, peer, "mtulab")
        measured = "-" if r is None else "%.1fx (JUnit report only); %s with every report" % (
            r, "-" if full is None else "%.1fx" % full)
        row("10-router chain: >= %dx faster than %s" % (goal, peer), measured,
            None if r is None else r >= goal)
    if chain and 100 in chain:
        ms = median([x.wall_ms for x in chain[100]["mtulab"]])
        row("100-router chain: under 1 s (every report)", "%s ms" % fmt_ms(ms), ms < 1000)
    else:
        row("100-router chain: under 1 s", "-", None)
    if seeds:
        row("seed suites, default -j: under 10 s on %d CPUs" % os.cpu_count(),
            "%.2f s" % (seeds["default_ms"] / 1000), seeds["default_ms"] < 10000)
        row("seed suites, -j4: peak RSS under 64 MB (issue 17)", "%.1f MB" % seeds["j4_rss_mb"],
            seeds["j4_rss_mb"] < 64)
    else:
        row("seed suites, default -j: under 10 s", "-", None)
        row("seed suites, -j4: peak RSS under 64 MB (issue 17)", "-", None)
    if pmtu:
        r = pmtu["pmtu_sh_s"] / pmtu["mtulab_default_s"]
        row("pmtu.sh scenarios: >= 20x faster than pmtu.sh",
            "%.1fx (%.1f s vs %.2f s)" % (r, pmtu["pmtu_sh_s"], pmtu["mtulab_default_s"]), r >= 20)
    else:
        row("pmtu.sh scenarios: >= 20x faster than pmtu.sh", "-", None)
    if scale and "star" in scale:
        ms, rss = scale["star"]
        # The targets are for 1000 namespaces; a smaller --scale-n gets no verdict.
        full = scale_n >= 1000
        row("%d-namespace star: under 10 s" % scale_n, "%.2f s" % (ms / 1000), ms < 10000 if full else None)
        row("%d-namespace star: peak RSS under 100 MB" % scale_n, "%.1f MB" % rss, rss < 100 if full else None)
        bms, brss = scale["bchain"]
        row("%d-hop chain (no target): wall, peak RSS" % scale_n,
            "%.2f s, %.1f MB" % (bms / 1000, brss), None)
    else:
        row("1000-namespace star: under 10 s, peak RSS under 100 MB", "-", None)
    if tcp:
        for mtu, (iperf, mine) in sorted(tcp.items()):
            row("TCP probe >= 90%% of iperf3, MTU %d" % mtu,
                "%.0f%% (%.0f vs %.0f Mbit/s)" % (100 * mine / iperf, mine, iperf), mine >= 0.9 * iperf)
    else:
        row("TCP probe >= 90% of iperf3", "-", None)
    return ("Targets (issue 7), from this run", ["target", "measured", "verdict"], rows, [])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mtulab", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale-runs", type=int, default=3)
    ap.add_argument("--only", default="chain,seeds,scale,pmtu,tcp")
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--peers", default="ip,pyroute2,pyroute2-netns,mininet")
    ap.add_argument("--scale-n", type=int, default=1000)
    ap.add_argument("--tcp-runs", type=int, default=3)
    ap.add_argument("--tcp-mtus", default="1500,9000")
    ap.add_argument("--markdown", help="also write the tables as markdown to this file")
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench: needs root (creates network namespaces)")
    a.mtulab = os.path.abspath(a.mtulab)
    a.sizes = [int(x) for x in a.sizes.split(",") if x]
    a.peers = [x for x in a.peers.split(",") if x]
    a.tcp_mtus = [int(x) for x in a.tcp_mtus.split(",") if x]
    only = set(a.only.split(","))
    unknown = only - {"chain", "seeds", "scale", "pmtu", "tcp"}
    if unknown:
        sys.exit("bench: unknown --only section(s): %s" % ", ".join(sorted(unknown)))
    load_before = open("/proc/loadavg").read().split()[:3]
    tables = []
    chain = seeds = scale = pmtu = tcp = None
    with tempfile.TemporaryDirectory(prefix="mtulab-bench.") as work:
        if "chain" in only:
            chain = bench_chain(a, work)
            tables.append(chain_table(chain, a.runs))
        if "seeds" in only:
            table, seeds = bench_seeds(a, work)
            tables.append(table)
        if "scale" in only:
            table, scale = bench_scale(a, work)
            tables.append(table)
    if "pmtu" in only:
        table, pmtu = external.bench_pmtu(a)
        tables.append(table)
    if "tcp" in only:
        table, tcp = external.bench_tcp(a)
        tables.append(table)
    tables.insert(0, targets_table(chain, seeds, scale, pmtu, tcp, a.scale_n))
    load_after = open("/proc/loadavg").read().split()[:3]
    header = "Machine: %s; load average before %s, after %s; mtulab %s" % (
        machine(), " ".join(load_before), " ".join(load_after), a.mtulab)
    print(header)
    print(render(tables, False))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(header + "\n" + render(tables, True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
