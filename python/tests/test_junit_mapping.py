"""The plugin's reading of mtulab's JUnit, without running anything."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import mtulab_pytest  # noqa: E402

JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mtulab" tests="4" failures="1" errors="1" skipped="1" time="0.1">
  <testsuite name="s" tests="4" failures="1" errors="1" skipped="1" time="0.1">
    <testcase classname="mtulab.s" name="ok" time="0.01"><system-out>step 1 ping a -> b
  ping.result=reply
  duration 0.010s
</system-out></testcase>
    <testcase classname="mtulab.s" name="bad" time="0.01">
      <failure message="step 2 pmtu a -> b ipv4: route.pmtu: expected = 1500, observed 9000 (x.xml:9:7)" type="ExpectationFailed">step 2 pmtu a -> b ipv4: route.pmtu: expected = 1500, observed 9000 (x.xml:9:7)</failure>
      <system-out>step 1 ping a -> b
  ping.result=reply
  duration 0.010s
step 2 pmtu a -> b ipv4
  route.exception=false
  route.pmtu=9000
  duration 0.001s
</system-out>
    </testcase>
    <testcase classname="mtulab.s" name="later" time="0"><skipped message="kernel lacks gre">kernel lacks gre</skipped></testcase>
    <testcase classname="mtulab.s" name="broke" time="0"><error message="creating veth: EPERM" type="HarnessError">creating veth: EPERM</error></testcase>
  </testsuite>
</testsuites>
"""


def test_outcomes_and_texts(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    results = mtulab_pytest.parse_junit(path)
    assert {k: v.outcome for k, v in results.items()} == {
        "s/ok": "pass", "s/bad": "fail", "s/later": "skip", "s/broke": "error"}
    assert results["s/later"].message == "kernel lacks gre"
    assert results["s/broke"].body == "creating veth: EPERM"


def test_failure_text_shows_unmet_then_only_the_deciding_steps_facts(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    text = mtulab_pytest.parse_junit(path)["s/bad"].deciding_text(
        "s/bad", "x.xml:3", "Route PMTU after frag-needed.")
    assert text == "\n".join([
        "mtulab case s/bad failed (x.xml:3)",
        "  Route PMTU after frag-needed.",
        "unmet expectations (expected vs observed):",
        "  step 2 pmtu a -> b ipv4: route.pmtu: expected = 1500, observed 9000 (x.xml:9:7)",
        "deciding facts:",
        "  step 2 pmtu a -> b ipv4",
        "    route.exception=false",
        "    route.pmtu=9000",
    ])
