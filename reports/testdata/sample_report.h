#ifndef MTULAB_REPORTS_TESTDATA_SAMPLE_REPORT_H_
#define MTULAB_REPORTS_TESTDATA_SAMPLE_REPORT_H_

// The run the report writers' golden files (reports/testdata/sample.*) are made from: every
// outcome, met and unmet expectations, an absent fact, artifacts, text that needs escaping
// in JSON, markdown and HTML, a shard. Test-only.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "reports/run_report.h"

namespace mtulab::testdata {

inline Expectation Expect(const std::string& fact, Expectation::Op op,
                          std::vector<std::string> values, int line) {
  return Expectation{fact, op, std::move(values), SourceLoc{"suites/seed003_vlan_svi.xml", line, 7}};
}

inline StepRecord PingStep(int index, const std::string& result, const std::string& mtu) {
  StepRecord s;
  s.index = index;
  s.kind = "ping";
  s.description = "step " + std::to_string(index) + " ping api -> worker3:eth1 size 8900 df=do count 1";
  s.seconds = 0.012345;
  s.facts.Set("ping.result", result);
  if (!mtu.empty()) s.facts.Set("ping.mtu", mtu);
  s.facts.Set("ping.icmp_from", "10.10.20.1");
  return s;
}

inline CaseResult Case(const std::string& suite, const std::string& name, Outcome outcome) {
  CaseResult r;
  r.suite = suite;
  r.name = name;
  r.file = suite == "seed003-svi" ? "suites/seed003_vlan_svi.xml" : "suites/seed000_liqo.xml";
  r.outcome = outcome;
  r.seconds = 0.25;
  return r;
}

inline SuiteResult SviSuite() {
  SuiteResult s{"seed003-svi", "suites/seed003_vlan_svi.xml", "2026-11-23T10:00:00", {}, 1.5};
  CaseResult pass = Case(s.name, "svi_9000", Outcome::kPass);
  StepRecord ok = PingStep(1, "reply", "");
  ok.expectations = {Expect("ping.result", Expectation::Op::kEquals, {"reply"}, 12)};
  StepRecord pmtu;
  pmtu.index = 2;
  pmtu.kind = "pmtu";
  pmtu.description = "step 2 pmtu api -> worker3:eth1 ipv4";
  pmtu.seconds = 0.0005;
  pmtu.facts.Set("route.pmtu", "9000");
  pmtu.facts.SetBool("route.exception", false);
  pmtu.expectations = {Expect("route.pmtu", Expectation::Op::kAtLeast, {"1500"}, 15),
                       Expect("route.expires_s", Expectation::Op::kAbsent, {}, 16)};
  pass.steps = {ok, pmtu};

  CaseResult fail = Case(s.name, "svi_1500_frag_needed", Outcome::kFail);
  StepRecord bad = PingStep(1, "timeout", "");
  Expectation want_frag = Expect("ping.result", Expectation::Op::kOneOf, {"frag_needed", "packet_too_big"}, 31);
  Expectation want_mtu = Expect("ping.mtu", Expectation::Op::kEquals, {"1500"}, 32);
  want_mtu.predicted_from = "pmtu 1500 = vlan20 on ceos (mtu 1500)";
  bad.expectations = {want_frag, want_mtu,
                      Expect("ping.icmp_from", Expectation::Op::kPresent, {}, 33)};
  fail.steps = {bad};
  fail.unmet = {Unmet{1, bad.description, want_frag, "timeout"},
                Unmet{1, bad.description, want_mtu, std::nullopt}};
  fail.artifacts = {"seed003-svi/svi_1500_frag_needed/wire.pcap",
                    "seed003-svi/svi_1500_frag_needed/interfaces.txt"};
  fail.seconds = 1.0004;
  fail.line = 28;  // not in the JSON: known only during the run

  CaseResult skip = Case(s.name, "gretap_row", Outcome::kSkip);
  skip.reason = "kernel lacks gretap";
  skip.seconds = 0;
  CaseResult error = Case(s.name, "broken | <case>", Outcome::kError);
  error.reason = "netlink RTM_NEWLINK veth \"a0\" in mtulab-x: File exists <&> `tick`\nsecond line";
  s.cases = {pass, fail, skip, error};
  return s;
}

inline SuiteResult LiqoSuite() {
  SuiteResult s{"seed000-liqo", "suites/seed000_liqo.xml", "2026-11-23T10:00:02", {}, 0.75};
  CaseResult r = Case(s.name, "mtu_1440", Outcome::kPass);
  StepRecord sweep;
  sweep.index = 1;
  sweep.kind = "sweep";
  sweep.description = "step 1 sweep host1 -> host2:eth0 size 0..9000 df=do";
  sweep.seconds = 0.5;
  sweep.facts.Set("sweep.largest_payload", "1412");
  sweep.facts.Set("sweep.note", "caf\xc3\xa9 \xe2\x82\xac tab\there \x01");
  sweep.expectations = {Expectation{"sweep.largest_payload", Expectation::Op::kAtMost, {"1412"}, {}}};
  r.steps = {sweep};
  CaseResult stopped = Case(s.name, "mtu_9000", Outcome::kInterrupted);
  stopped.reason = "the run was interrupted (SIGINT) before this case started";
  stopped.seconds = 0;
  s.cases = {r, stopped};
  return s;
}

inline RunReport SampleReport() {
  RunReport report;
  report.run.mtulab_version = "0.1.0";
  report.run.kernel = "6.18.44";
  report.run.hostname = "runner-1";
  report.run.started = "2026-11-23T10:00:00Z";
  report.run.seconds = 2.3456789;
  report.run.command_line = {"mtulab", "run", "--shard", "2/4", "suites"};
  report.run.shard = "2/4";
  report.suites = {SviSuite(), LiqoSuite()};
  return report;
}

/// The text of reports/testdata/NAME ("" when it cannot be read).
inline std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(MTULAB_SOURCE_DIR) + "/reports/testdata/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Compares `actual` with the golden file reports/testdata/NAME, or rewrites the golden when
/// MTULAB_UPDATE_GOLDENS=1 (see reports/testdata/README.md). Returns "" on a match, else
/// a message for the test.
inline std::string CheckGolden(const std::string& name, const std::string& actual) {
  std::string path = std::string(MTULAB_SOURCE_DIR) + "/reports/testdata/" + name;
  const char* update = std::getenv("MTULAB_UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return "";
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream golden;
  golden << in.rdbuf();
  if (!in) return "cannot read golden " + path + " (regenerate: MTULAB_UPDATE_GOLDENS=1)";
  if (golden.str() == actual) return "";
  return "output differs from golden " + path +
         " (if the change is intended: MTULAB_UPDATE_GOLDENS=1 build/unit_tests, then review "
         "git diff)";
}

}  // namespace mtulab::testdata

#endif  // MTULAB_REPORTS_TESTDATA_SAMPLE_REPORT_H_
