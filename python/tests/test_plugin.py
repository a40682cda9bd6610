"""The pytest plugin against the real binary (MTULAB_BINARY, else build/mtulab).

Collection needs no root; running cases does (`mtulab run`): those tests skip without it.
Each test runs pytest in a subprocess on suites written to a temporary directory.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import pytest

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("MTULAB_BINARY", str(CHECKOUT / "build" / "mtulab"))
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="mtulab run needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)")

PAIR_TOPOLOGY = """<!--  a (10.1.0.1) == 1400 == b (10.1.0.2) -->
<topology name="pair">
  <node name="a"/>
  <node name="b"/>
  <link kind="veth">
    <end node="a" name="eth0" mtu="1400" ipv4="10.1.0.1/24"/>
    <end node="b" name="eth0" mtu="1400" ipv4="10.1.0.2/24"/>
  </link>
</topology>
"""

# One case per verdict: pass, fail (1373 bytes do not fit 1400), skip (veth LRO is fixed
# off), error (the sysctl does not exist).
PAIR_SUITE = """<suite name="pair" topology="../topologies/pair.xml">
  <case name="fits">
    <description>A 1372-byte payload fits a 1400 link.</description>
    <ping from="a" to="b:eth0" size="1372" df="do">
      <expect fact="ping.result" equals="reply"/>
    </ping>
  </case>
  <case name="claims_1373_fits">
    <description>Wrong on purpose: 1373 + 28 > 1400.</description>
    <ping from="a" to="b:eth0" size="1373" df="do">
      <expect fact="ping.result" equals="reply"/>
    </ping>
  </case>
  <case name="lro_refused">
    <set node="a" dev="eth0" offload="lro" state="on" refused="skip">
      <expect fact="offload.lro" equals="on"/>
    </set>
  </case>
  <case name="no_such_sysctl">
    <set node="a" name="net.ipv4.no_such_key" value="1">
      <expect fact="sysctl.net.ipv4.no_such_key" equals="1"/>
    </set>
  </case>
</suite>
"""


@pytest.fixture
def tree(tmp_path):
    """A checkout-like tree: topologies/pair.xml, suites/pair.xml."""
    (tmp_path / "topologies").mkdir()
    (tmp_path / "suites").mkdir()
    (tmp_path / "topologies" / "pair.xml").write_text(PAIR_TOPOLOGY)
    (tmp_path / "suites" / "pair.xml").write_text(PAIR_SUITE)
    return tmp_path


def run_pytest(cwd, *args, binary=BINARY, prefix=()):
    env = dict(os.environ, PYTHONPATH=str(CHECKOUT / "python"), MTULAB_BINARY=binary)
    command = [*prefix, sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
               "-p", "mtulab_pytest", "--rootdir", str(cwd), "-rA", *args]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False, timeout=600)
    return done.returncode, done.stdout + done.stderr


def outcomes(junit_path):
    """{test name: outcome} from pytest's own --junitxml."""
    result = {}
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        outcome = "passed"
        for tag, name in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
            if case.find(tag) is not None:
                outcome = name
        result[case.get("name")] = outcome
    return result


def test_collects_exactly_the_cases_mtulab_list_prints():
    listed = subprocess.run([BINARY, "list", "--format", "tsv", "suites"], cwd=CHECKOUT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    expected = sorted(f"{line.split(chr(9))[1].split(':')[0]}::{line.split('/', 1)[1].split(chr(9))[0]}"
                      for line in listed)
    code, out = run_pytest(CHECKOUT, "--collect-only", "-q", "suites")
    assert code == 0, out
    collected = sorted(line for line in out.splitlines() if "::" in line)
    assert collected == expected
    assert len(collected) == len(listed) > 0


def test_a_bad_suite_is_a_collection_error_with_the_loader_message(tree):
    (tree / "suites" / "pair.xml").write_text(PAIR_SUITE.replace('size="1372"', 'size="lots"'))
    code, out = run_pytest(tree, "suites")
    assert code == 2, out
    assert 'suites/pair.xml:4:32: size="lots" is not an unsigned integer' in out, out
    assert "ERROR suites/pair.xml" in out, out


def test_a_missing_binary_is_named(tree):
    code, out = run_pytest(tree, "suites", binary="/nonexistent/mtulab")
    assert code == 2, out
    assert "mtulab binary not found at /nonexistent/mtulab" in out, out


def test_topology_files_are_not_collected(tree):
    code, out = run_pytest(tree, "--collect-only", "-q", "topologies", "suites")
    assert code == 0, out
    assert "4 tests collected" in out, out


@needs_root
def test_every_verdict_maps_and_a_failure_shows_expected_vs_observed(tree):
    reports = tree / "kept"
    code, out = run_pytest(tree, "suites", "--junitxml", str(tree / "pytest.xml"),
                           "--mtulab-reports", str(reports))
    assert code == 1, out
    assert outcomes(tree / "pytest.xml") == {
        "fits": "passed", "claims_1373_fits": "failed", "lro_refused": "skipped",
        "no_such_sysctl": "error"}
    # The failure: the unmet expectation with expected vs observed, then the step's facts.
    assert ("step 1 ping a -> b:eth0 ipv4 size 1373 df=do count 1: ping.result: expected = "
            "reply, observed local_emsgsize (suites/pair.xml:11:7)") in out, out
    assert "ping.mtu=1400" in out, out
    assert "Wrong on purpose: 1373 + 28 > 1400." in out, out
    assert "mtulab: the driver of 'eth0' in node 'a' refuses lro on" in out, out
    assert "writing sysctl net.ipv4.no_such_key=1: No such file or directory" in out, out
    assert (reports / "junit.xml").exists()  # one run for the whole session


@needs_root
def test_deselected_cases_are_not_run(tree):
    reports = tree / "kept"
    code, out = run_pytest(tree, "suites", "-k", "fits and not claims",
                           "--mtulab-reports", str(reports))
    assert code == 0, out
    assert "1 passed, 3 deselected" in out, out
    ran = [c.get("name") for c in ET.parse(reports / "junit.xml").getroot().iter("testcase")]
    assert ran == ["fits"]


@needs_root
def test_a_mutated_shipped_case_fails_with_expected_vs_observed(tmp_path):
    for sub in ("topologies", "suites"):
        shutil.copytree(CHECKOUT / sub, tmp_path / sub)
    suite = tmp_path / "suites" / "seed004_linux_pmtu.xml"
    text = suite.read_text()
    assert text.count('<expect fact="ping.mtu" equals="1000"/>') >= 1
    suite.write_text(text.replace('<expect fact="ping.mtu" equals="1000"/>',
                                  '<expect fact="ping.mtu" equals="1001"/>', 1))
    code, out = run_pytest(tmp_path, str(suite), "-k", "exception_learned_expires_600s")
    assert code == 1, out
    assert "1 failed" in out, out
    assert "ping.mtu: expected = 1001, observed 1000" in out, out
    assert "ping.result=frag_needed" in out, out


@needs_root
def test_without_privileges_every_item_errors_with_mtulab_message():
    # pytest's tmp_path is private to root; user nobody needs a tree it can read.
    tree = pathlib.Path(tempfile.mkdtemp(prefix="mtulab-pytest-nobody-"))
    try:
        os.chmod(tree, 0o755)
        for sub, name, text in (("topologies", "pair.xml", PAIR_TOPOLOGY),
                                ("suites", "pair.xml", PAIR_SUITE)):
            (tree / sub).mkdir(mode=0o755)
            (tree / sub / name).write_text(text)
            os.chmod(tree / sub / name, 0o644)
        nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        code, out = run_pytest(tree, "suites", prefix=nobody)
    finally:
        shutil.rmtree(tree)
    assert code == 1, out
    assert "4 errors" in out, out
    assert "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)" in out, out


@needs_root
def test_a_report_not_written_is_an_error_saying_so(tree):
    # The JUnit is written, the JSON report beside it goes to /dev/full (a character device,
    # written in place: every write fails with ENOSPC), so `mtulab run` exits 3.
    reports = tree / "kept"
    reports.mkdir()
    (reports / "mtulab.json").symlink_to("/dev/full")
    code, out = run_pytest(tree, "suites", "-k", "fits and not claims", "--junitxml",
                           str(tree / "pytest.xml"), "--mtulab-reports", str(reports))
    assert code == 1, out
    assert outcomes(tree / "pytest.xml") == {"fits": "error"}, out
    assert "mtulab could not write a report (exit 3" in out, out
    assert "mtulab.json" in out, out
    assert "(mtulab's verdict for pair/fits in its JUnit: pass)" in out, out
