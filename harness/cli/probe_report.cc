#include "harness/cli/probe_report.h"

#include <csignal>
#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/cli/report_outputs.h"
#include "reports/console.h"
#include "reports/junit_writer.h"

namespace mtulab {

int FinishProbeRun(const ProbeRunEnd& end, const std::vector<SuiteResult>& results,
                   const ReportTargets& targets) {
  std::fprintf(targets.console, "%s", FormatSummary(results, end.wall).c_str());
  int rc = kExitPass;
  for (const SuiteResult& s : results) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome == Outcome::kFail || c.outcome == Outcome::kError) rc = kExitFail;
    }
  }
  bool written = true;
  if (!targets.junit.empty()) {
    try {
      WriteJunit(results, targets.junit, {}, targets.junit_flavor);
      std::fprintf(targets.console, "JUnit report: %s\n", targets.junit.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab %s: %s\n", end.command.c_str(), e.what());
      written = false;
    }
  }
  RunReport report{MakeRunInfo(end.command, end.args, end.started, end.wall, ""), results};
  written = WriteRunReports(report, nullptr, targets.json, targets.markdown, targets.html,
                            targets.console) &&
            written;
  if (!written) rc = kExitReportWrite;
  if (end.signal != 0) {
    std::fprintf(stderr, "mtulab %s: interrupted by %s\n", end.command.c_str(),
                 end.signal == SIGINT ? "SIGINT" : "SIGTERM");
    rc = kExitSignalBase + end.signal;
  }
  return rc;
}

}  // namespace mtulab
