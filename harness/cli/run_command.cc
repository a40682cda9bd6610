// mtulab run: load and validate everything first, then build, probe, judge and report.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "harness/cli/case_selection.h"
#include "harness/cli/cli.h"
#include "harness/cli/options.h"
#include "harness/cli/report_outputs.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/runner/case_runner.h"
#include "reports/console.h"
#include "reports/junit_merge.h"
#include "reports/junit_writer.h"

namespace mtulab {
namespace {

constexpr char kRunHelp[] =
    "usage: mtulab run [options] [SUITE.xml | DIR]...\n"
    "\n"
    "Loads and validates every suite (and the topology it names) before anything is\n"
    "created, then runs each case in fresh network namespaces: builds its topology, runs its\n"
    "steps (ping, pmtu, counter, link, set, flush, wait), judges the expectations, and tears\n"
    "everything down. With no SUITE, runs every *.xml under ./suites.\n"
    "\n"
    "options:\n"
    "  -j, --jobs N       cases run at once (default: number of CPUs)\n"
    "  --junit PATH       JUnit report (default: reports/junit.xml); the packet captures\n"
    "                     of a failed case are kept beside it, in SUITE/CASE/\n"
    "  --json PATH        JSON report: every fact, expectation and timing, run metadata;\n"
    "                     what `mtulab merge` combines (default: mtulab.json beside the JUnit)\n"
    "  --markdown PATH    markdown summary for CI job pages, e.g. cat it into\n"
    "                     $GITHUB_STEP_SUMMARY (default: summary.md beside the JUnit)\n"
    "  --html PATH        one self-contained HTML page: topology pictures (Graphviz), verdicts,\n"
    "                     deciding facts, captures (default: report.html beside the JUnit)\n"
    "                     An empty PATH (--html=) turns that report off.\n"
    "  --filter GLOB      only cases whose 'suite/case' matches GLOB (e.g. 'seed003*/rpf_*');\n"
    "                     repeatable: a case matching any GLOB is kept\n"
    "  --shard K/N        only part K of N (1 <= K <= N): the selected cases sorted by\n"
    "                     'suite/case', every N-th from the K-th; N runs with K = 1..N run\n"
    "                     every case exactly once, on any machine, in any file order\n"
    "  -v, --verbose      print every step's facts, not just for failing cases\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit: 0 all passed (skips allowed), 1 a case failed or errored, 2 usage/config error.\n"
    "SIGINT/SIGTERM: running cases finish and are torn down, the rest are reported as\n"
    "errors, the report is written. A second signal exits at once; the kernel still frees\n"
    "every namespace, since mtulab holds them only by file descriptor.\n";

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

void InstallSignalHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sa.sa_flags = SA_RESETHAND;  // a second signal takes the default action
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void PrintFacts(const CaseResult& r) {
  for (const StepRecord& s : r.steps) {
    std::printf("      %s (%.3fs)\n", s.description.c_str(), s.seconds);
    for (const auto& [name, value] : s.facts.All()) {
      std::printf("        %s=%s\n", name.c_str(), value.c_str());
    }
  }
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  Options o;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string junit = "reports/junit.xml";
  bool verbose = false;
  CaseSelectionFlags selection_flags;
  o.Int({"-j", "--jobs"}, &jobs, 1, 256).String({"--junit"}, &junit);
  selection_flags.Register(o);
  ReportFlags report_flags;
  report_flags.Register(o);
  o.Flag({"-v", "--verbose"}, &verbose);
  std::vector<std::string> paths;
  if (int rc = o.Parse("run", kRunHelp, args, &paths); rc >= 0) return rc;
  CaseSelection selection;
  if (int rc = SelectCases("run", paths, selection_flags, &selection); rc >= 0) return rc;
  const std::vector<Suite>& suites = selection.suites;
  if (selection.shard) {
    std::printf("shard %s: %zu of %zu cases\n", selection.shard->ToString().c_str(),
                selection.ShardCases(), selection.TotalCases());
  }
  if (!CheckPrivileges("run")) return kExitUsage;

  InstallSignalHandlers();
  auto start = std::chrono::steady_clock::now();
  std::string started = UtcTimestamp() + "Z";
  RunOptions ro;
  ro.jobs = jobs;
  ro.stop = &g_stop;
  // Failed cases keep their captures beside the JUnit file: <dir>/<suite>/<case>/.
  ro.reports_dir = std::filesystem::path(junit).parent_path().string();
  if (ro.reports_dir.empty()) ro.reports_dir = ".";
  ro.on_case_done = [verbose](const CaseResult& r, int done, int total) {
    std::printf("%s\n", FormatProgressLine(r, done, total).c_str());
    std::string details = FormatCaseDetails(r);
    if (!details.empty()) std::printf("%s", details.c_str());
    if (verbose || r.outcome == Outcome::kFail) PrintFacts(r);
    std::fflush(stdout);
  };
  // Graphviz draws the topologies while the cases run (its own process, started here).
  std::optional<TopologyRenderer> pictures;
  if (!report_flags.HtmlPath(junit).empty()) pictures.emplace(suites);
  std::vector<SuiteResult> results = RunSuites(suites, ro);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s", FormatSummary(results, wall).c_str());
  int rc = kExitPass;
  for (const SuiteResult& s : results) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome == Outcome::kFail || c.outcome == Outcome::kError) rc = kExitFail;
    }
  }
  try {
    std::filesystem::path dir = std::filesystem::path(junit).parent_path();
    std::error_code ec;
    if (!dir.empty() && !std::filesystem::create_directories(dir, ec) && ec) {
      throw std::runtime_error("creating report directory " + dir.string() + ": " + ec.message());
    }
    WriteJunit(results, junit);
    if (selection.shard) {  // what `mtulab merge` needs to tell when a shard is missing
      AddJunitSuiteProperties(junit, ShardProperties(selection.shard->ToString(),
                                                     selection.all_cases));
    }
    std::printf("JUnit report: %s\n", junit.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab run: %s\n", e.what());
    rc = kExitFail;
  }
  RunReport report{MakeRunInfo("run", args, started, wall,
                               selection.shard ? selection.shard->ToString() : ""),
                   results};
  if (!WriteRunReports(report, pictures ? &*pictures : nullptr, report_flags.JsonPath(junit),
                       report_flags.MarkdownPath(junit), report_flags.HtmlPath(junit))) {
    rc = kExitFail;
  }
  if (g_stop.load()) {
    std::fprintf(stderr, "mtulab run: interrupted; cases not started are reported as errors\n");
    rc = kExitFail;
  }
  return rc;
}

}  // namespace mtulab
