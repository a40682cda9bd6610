"""Cluster in a box: the Sonobuoy plugin's entrypoint (packaging/sonobuoy/entrypoint.sh),
unchanged, in CNI-built pods of two "node" namespaces joined by VXLAN (`mtulab up` of
tests/e2e/cluster_in_a_box/*.xml), its results directory pointed at a temp dir. Asserted end
to end: the JUnit validates against tests/junit_schema/junit-10.xsd, one testcase per
ordered pair a pod sends from, the done file names the report, the broken pod MTU (1500 on
a 1450 overlay) fails exactly the cross-node pairs, the fixed one (1450) passes them, and
nothing is left (pinned namespaces, /var/lib/cni, /run/cni, CNI state and temp dirs).
Root for the pods; the error paths run without."""

import glob
import os
import pathlib
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MTULAB_BINARY", str(CHECKOUT / "build" / "mtulab"))
ENTRYPOINT = CHECKOUT / "packaging" / "sonobuoy" / "entrypoint.sh"
SCHEMA = CHECKOUT / "tests" / "junit_schema" / "junit-10.xsd"
TOPOLOGIES = CHECKOUT / "tests" / "e2e" / "cluster_in_a_box"
NODE_OF = {"a1": "node1", "a2": "node1", "b1": "node2", "b2": "node2"}

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="pods need root (namespaces)")


def orphaned_cni_state():
    """CNI state dirs (/tmp/mtulab-cni.PID.XXXXXX) whose mtulab is gone: leaked ones. Live
    ones belong to labs other runs on this machine hold."""
    return sorted(d for d in glob.glob("/tmp/mtulab-cni.*")
                  if not os.path.exists("/proc/" + d.split(".")[1]))


def host_state():
    """What a run must leave as it found: this test's pins, CNI state on the host (plugins'
    defaults), orphaned CNI state dirs, this test's temp dirs."""
    pins = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
    ours = sorted(line for line in pins.stdout.splitlines() if line.startswith("mtulab-ciab-"))
    listing = {}
    for d in ("/var/lib/cni", "/run/cni"):
        listing[d] = sorted(str(p) for p in pathlib.Path(d).rglob("*")) if os.path.exists(d) \
            else None
    return ours, listing, orphaned_cni_state(), sorted(glob.glob("/tmp/mtulab-ciab.*"))


def pod_env(pod, results_dir, **extra):
    """A pod's environment: what the manifests set, plus the built mtulab on PATH."""
    env = {"PATH": f"{os.path.dirname(BINARY)}:/usr/sbin:/usr/bin:/sbin:/bin",
           "POD_NAME": pod, "MTULAB_RESULTS_DIR": str(results_dir), "LC_ALL": "C.UTF-8"}
    env.update(extra)
    return env


def read_results(results_dir):
    """(testcase name -> 'pass'|'failure'|'error', report path) after checking the done file
    names a report that validates against the JUnit schema."""
    done = pathlib.Path(results_dir) / "done"
    assert done.is_file(), f"no done file in {results_dir}"
    report = pathlib.Path(done.read_text().strip())
    assert report.parent == pathlib.Path(results_dir) and report.is_file(), report
    lint = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA), str(report)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stderr
    verdicts = {}
    for case in ET.parse(report).iter("testcase"):
        kinds = {child.tag for child in case} & {"failure", "error"}
        assert case.get("name") not in verdicts, f"testcase {case.get('name')} twice"
        verdicts[case.get("name")] = kinds.pop() if kinds else "pass"
    return verdicts, report


def run_pods(commands, timeout=180):
    """Starts every pod's entrypoint at once (as a DaemonSet would) and waits for all."""
    procs = {pod: subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
             for pod, (cmd, env) in commands.items()}
    outputs = {pod: p.communicate(timeout=timeout)[0] for pod, p in procs.items()}
    for pod, p in procs.items():
        assert p.returncode == 0, f"{pod}: entrypoint exit {p.returncode}\n{outputs[pod]}"
    return outputs


class Cluster:
    """`mtulab up` of a cluster-in-a-box topology, `mtulab down` on exit."""

    def __init__(self, name):
        self.file = str(TOPOLOGIES / f"{name}.xml")
        self.prefix = f"mtulab-ciab-{name}:"

    def __enter__(self):
        subprocess.run([BINARY, "up", self.file], check=True, capture_output=True)
        return self

    def __exit__(self, *exc):
        subprocess.run([BINARY, "down", self.file], check=True, capture_output=True)

    def ip(self, pod):
        out = subprocess.run(["ip", "-n", self.prefix + pod, "-4", "-o", "addr", "show",
                              "dev", "eth0"], capture_output=True, text=True, check=True)
        return out.stdout.split()[3].split("/")[0]


@pytest.fixture
def clean_host():
    """A temp dir for the results; afterwards, the host exactly as before."""
    before = host_state()
    work = tempfile.mkdtemp(prefix="mtulab-ciab.")
    try:
        yield pathlib.Path(work)
    finally:
        shutil.rmtree(work)
        assert host_state() == before


@needs_root
def test_broken_pod_mtu_fails_exactly_the_cross_node_pairs(clean_host):
    with Cluster("broken") as c:
        peers = " ".join(f"{p}={c.ip(p)}" for p in NODE_OF)
        commands = {
            pod: (["ip", "netns", "exec", c.prefix + pod, "sh", str(ENTRYPOINT)],
                  pod_env(pod, clean_host / pod, PEERS=peers))
            for pod in NODE_OF}
        run_pods(commands)
    total = 0
    for pod, node in NODE_OF.items():
        verdicts, _ = read_results(clean_host / pod)
        others = [p for p in NODE_OF if p != pod]
        assert sorted(verdicts) == sorted(f"{pod}->{p}" for p in others)
        for p in others:
            expected = "pass" if NODE_OF[p] == node else "failure"
            assert verdicts[f"{pod}->{p}"] == expected, (pod, p, verdicts)
        total += len(verdicts)
    assert total == len(NODE_OF) * (len(NODE_OF) - 1)


@needs_root
def test_fixed_pod_mtu_passes_sampled_pairs_found_through_dns(clean_host):
    """Peers from the headless Service's A records (getent; here a hosts file bind-mounted
    in a private mount namespace), MTULAB_SAMPLE=2: ring neighbours, both directions."""
    with Cluster("fixed") as c:
        ips = {p: c.ip(p) for p in NODE_OF}
        hosts = clean_host / "hosts"
        hosts.write_text("".join(f"{ip} mtulab-mtu\n" for ip in ips.values()))
        mount_hosts = 'mount --bind "$1" /etc/hosts && exec sh "$2"'
        commands = {
            pod: (["ip", "netns", "exec", c.prefix + pod, "unshare", "-m", "sh", "-c",
                   mount_hosts, "sh", str(hosts), str(ENTRYPOINT)],
                  pod_env(pod, clean_host / pod, POD_IP=ips[pod], MTULAB_SERVICE="mtulab-mtu",
                          MTULAB_EXPECT_PODS="4", MTULAB_SAMPLE="2"))
            for pod in NODE_OF}
        run_pods(commands)
    name_of = {ip: pod for pod, ip in ips.items()}
    pairs = set()
    for pod in NODE_OF:
        verdicts, _ = read_results(clean_host / pod)
        assert len(verdicts) == 2, verdicts  # ring neighbours on each side
        for case, verdict in verdicts.items():
            src, dst = case.split("->")
            assert src == pod and verdict == "pass", (case, verdict)
            pairs.add((src, name_of[dst]))
    assert pairs == {(b, a) for a, b in pairs}, "a sampled pair probed one way only"
    assert any(NODE_OF[a] != NODE_OF[b] for a, b in pairs), "no cross-node pair sampled"


def error_report(tmp_path, **env):
    results = tmp_path / "results"
    run = subprocess.run(["sh", str(ENTRYPOINT)], env=pod_env("p1", results, **env),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    verdicts, report = read_results(results)
    assert verdicts == {"p1 setup": "error"}
    return ET.parse(report).find(".//error").get("message")


def test_no_peer_is_an_error_testcase_with_the_done_file(tmp_path):
    message = error_report(tmp_path, PEERS="p1=10.0.0.1")
    assert message.startswith("no peer to probe"), message


def test_peer_discovery_timeout_is_an_error_testcase(tmp_path):
    message = error_report(tmp_path, POD_IP="10.0.0.1", MTULAB_SERVICE="mtulab-mtu.invalid",
                           MTULAB_PEER_TIMEOUT="0")
    assert message.startswith("peer discovery timed out after 0 s"), message


def test_a_probe_that_cannot_run_is_an_error_testcase(tmp_path):
    message = error_report(tmp_path, PEERS="p2=10.0.0.2", MTULAB_SWEEP="1:2")
    assert message.startswith("mtulab probe exited with status"), message
