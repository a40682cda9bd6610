// mtulab run: load and validate everything first, then build, probe, judge and report.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "harness/cli/case_selection.h"
#include "harness/cli/cli.h"
#include "harness/cli/kernel_lane.h"
#include "harness/cli/options.h"
#include "harness/cli/report_outputs.h"
#include "harness/cli/report_paths.h"
#include "harness/cli/signal_watcher.h"
#include "harness/config/loader.h"
#include "harness/model/capture_budget.h"
#include "harness/model/config_error.h"
#include "harness/model/step_specs.h"
#include "harness/runner/case_runner.h"
#include "reports/console.h"
#include "reports/junit_merge.h"
#include "reports/junit_writer.h"

namespace mtulab {
namespace {

constexpr char kRunHelpHead[] =
    "usage: mtulab run [options] [SUITE.xml | DIR]...\n"
    "\n"
    "Loads and validates every suite (and the topology it names) before anything is\n"
    "created, then runs each case in fresh network namespaces: builds its topology, runs its\n"
    "steps (below), judges the expectations, and tears everything down. With no SUITE, runs\n"
    "every *.xml under ./suites.\n"
    "\n"
    "steps (the facts each produces: `mtulab help facts`):\n";

constexpr char kRunHelpOptions[] =
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
    "                     An empty PATH (--junit=, --html=) turns that report off. A PATH\n"
    "                     may be '-' or /dev/stdout (the console then goes to stderr), a\n"
    "                     character device or a FIFO (written in place); a file is replaced\n"
    "                     atomically (another user's symlink there is replaced, not\n"
    "                     followed; one of root's or yours to a file is refused). No two\n"
    "                     reports may share a target. When the JUnit is not a file, the other\n"
    "                     reports are off unless given and no captures are kept. A report\n"
    "                     directory writable by every user without the sticky bit is refused.\n"
    "  --filter GLOB      only cases whose 'suite/case' matches GLOB (e.g. 'seed003*/rpf_*');\n"
    "                     repeatable: a case matching any GLOB is kept\n"
    "  --shard K/N        only part K of N (1 <= K <= N): the selected cases sorted by\n"
    "                     'suite/case', every N-th from the K-th; N runs with K = 1..N run\n"
    "                     every case exactly once, on any machine, in any file order\n"
    "  --capture-memory SIZE\n"
    "                     kernel ring memory the packet captures of the cases running at\n"
    "                     once may hold (default 256M; K, M, G suffixes). Each capture's\n"
    "                     ring is sized from the traffic it can see (2M to 32M) or given by\n"
    "                     buffer=; a run whose -j busiest cases could exceed SIZE is refused\n"
    "                     before anything starts (exit 2, at the capture-start)\n"
    "  --kernel K         run the cases on kernel K instead, in a throw-away VM (qemu; KVM\n"
    "                     when kvm_intel/kvm_amd is loaded, else TCG): K is a Debian\n"
    "                     linux-image package unpacked by ci/fetch-kernels.sh, or 'host'\n"
    "                     for this machine's kernel. Repeatable: one VM after another;\n"
    "                     suites are reported as SUITE@KERNEL (e.g. seed000-liqo@6.1.0-57)\n"
    "  --vm-timeout S     a guest not powered off after S seconds is killed and its cases\n"
    "                     are errors with the console's tail (default 300)\n"
    "  -v, --verbose      print every step's facts, not just for failing cases\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit: 0 all passed (skips allowed), 1 a case failed or errored, 2 usage/config error,\n"
    "130 (SIGINT) or 143 (SIGTERM) the run was interrupted.\n"
    "SIGINT/SIGTERM: running cases finish with their verdicts and are torn down, the rest\n"
    "are reported as interrupted, the reports are written. A second signal exits at once;\n"
    "the kernel still frees every namespace, since mtulab holds them only by file\n"
    "descriptor.\n";

// The step list comes from the registry (model/step_specs.h), so it cannot drift.
std::string RunHelp() { return kRunHelpHead + StepHelpLines() + kRunHelpOptions; }

void PrintFacts(std::FILE* out, const CaseResult& r) {
  for (const StepRecord& s : r.steps) {
    std::fprintf(out, "      %s (%.3fs)\n", s.description.c_str(), s.seconds);
    for (const auto& [name, value] : s.facts.All()) {
      std::fprintf(out, "        %s=%s\n", name.c_str(), value.c_str());
    }
  }
}

// 1 when a case failed or errored, else 0.
int ExitCodeOf(const std::vector<SuiteResult>& results) {
  for (const SuiteResult& s : results) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome == Outcome::kFail || c.outcome == Outcome::kError) return kExitFail;
    }
  }
  return kExitPass;
}

// The JUnit report (with the shard's properties); prints where on `console`. False on failure.
bool WriteRunJunit(const std::vector<SuiteResult>& results, const CaseSelection& selection,
                   const ReportTargets& targets) {
  if (targets.junit.empty()) return true;
  try {
    JunitSuiteProperties properties;
    if (selection.shard) {  // what `mtulab merge` needs to tell when a shard is missing
      properties = ShardProperties(selection.shard->ToString(), selection.all_cases);
    }
    WriteJunit(results, targets.junit, properties);
    std::fprintf(targets.console, "JUnit report: %s\n", targets.junit.c_str());
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab run: %s\n", e.what());
    return false;
  }
}

// --capture-memory: the rings of the -j busiest cases together must fit (model/capture_budget).
int CheckCaptureMemory(const std::string& flag, const std::vector<Suite>& suites, int jobs) {
  uint64_t budget = kDefaultCaptureBudget;
  if (!flag.empty()) {
    std::optional<uint64_t> parsed = ParseMemorySize(flag);
    if (!parsed || *parsed == 0) {
      std::fprintf(stderr, "mtulab run: --capture-memory needs a size such as 256M or 1G, "
                           "got '%s'\n(see `mtulab run --help`)\n", flag.c_str());
      return kExitUsage;
    }
    budget = *parsed;
  }
  std::optional<CaptureBudgetError> over = CheckCaptureBudget(suites, jobs, budget);
  if (!over) return -1;
  std::fprintf(stderr, "%s: %s\n", over->loc.ToString().c_str(), over->message.c_str());
  return kExitUsage;
}

// What `run` was asked on its command line.
struct RunFlags {
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool verbose = false;
  CaseSelectionFlags selection;
  ReportFlags reports;
  std::string capture_memory;
  std::vector<std::string> paths;
  std::vector<std::string> kernels;  // --kernel (repeatable)
  int vm_timeout = 300;
};

// The `mtulab run` arguments a guest gets: everything but --kernel and the reports.
std::vector<std::string> GuestArgs(const RunFlags& flags) {
  std::vector<std::string> a = {"run", "-j", std::to_string(flags.jobs)};
  for (const std::string& f : flags.selection.filters) a.insert(a.end(), {"--filter", f});
  if (!flags.selection.shard.empty()) a.insert(a.end(), {"--shard", flags.selection.shard});
  if (!flags.capture_memory.empty()) {
    a.insert(a.end(), {"--capture-memory", flags.capture_memory});
  }
  if (flags.verbose) a.push_back("-v");
  a.push_back("--");
  a.insert(a.end(), flags.paths.begin(), flags.paths.end());
  return a;
}

// The runner's options: jobs, the stop flag, where failed cases keep their captures, and the
// console lines printed as each case ends.
RunOptions MakeRunOptions(const RunFlags& flags, const ReportTargets& targets,
                          std::atomic<int>* stop) {
  RunOptions ro;
  ro.jobs = flags.jobs;
  ro.stop = stop;
  // Failed cases keep their captures beside the JUnit file: <dir>/<suite>/<case>/.
  ro.reports_dir = targets.captures_dir;
  ro.on_case_done = [verbose = flags.verbose, console = targets.console](const CaseResult& r,
                                                                         int done, int total) {
    std::fprintf(console, "%s\n", FormatProgressLine(r, done, total).c_str());
    std::string details = FormatCaseDetails(r);
    if (!details.empty()) std::fprintf(console, "%s", details.c_str());
    if (verbose || r.outcome == Outcome::kFail) PrintFacts(console, r);
    std::fflush(console);
  };
  return ro;
}

// Runs the selected cases (SIGINT/SIGTERM read by a watcher thread) and writes every report.
// The exit code: 0, 1, or 128 + the signal that interrupted the run.
int RunSelected(const std::vector<std::string>& args, const RunFlags& flags,
                const CaseSelection& selection, const ReportTargets& targets) {
  std::FILE* console = targets.console;  // stderr when a report goes to stdout ("-")
  std::atomic<int> stop{0};
  SignalWatcher signals(&stop);
  auto start = std::chrono::steady_clock::now();
  std::string started = UtcTimestamp() + "Z";
  RunOptions ro = MakeRunOptions(flags, targets, &stop);
  // Graphviz draws the topologies while the cases run (its own process, started here).
  std::optional<TopologyRenderer> pictures;
  if (!targets.html.empty()) pictures.emplace(selection.suites);
  std::vector<SuiteResult> results;
  std::string kernels;
  if (flags.kernels.empty()) {
    results = RunSuites(selection.suites, ro);
  } else {
    LaneResults lane =
        RunLane(LaneRequest{flags.kernels, GuestArgs(flags), selection.suites, flags.vm_timeout,
                            &stop, console, [&] { return RunSuites(selection.suites, ro); }});
    results = std::move(lane.suites);
    for (const std::string& k : lane.kernels) kernels += (kernels.empty() ? "" : ",") + k;
    pictures.reset();  // keyed by suite name, which now carries the kernel
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(console, "%s", FormatSummary(results, wall).c_str());
  int rc = ExitCodeOf(results);
  if (!WriteRunJunit(results, selection, targets)) rc = kExitFail;
  RunReport report{MakeRunInfo("run", args, started, wall,
                               selection.shard ? selection.shard->ToString() : ""),
                   results};
  if (!kernels.empty()) report.run.kernel = kernels;
  if (!WriteRunReports(report, pictures ? &*pictures : nullptr, targets.json, targets.markdown,
                       targets.html, console)) {
    rc = kExitFail;
  }
  if (int signal = stop.load(); signal != 0) {
    std::fprintf(stderr, "mtulab run: interrupted by %s; cases not started are reported as "
                 "interrupted\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    rc = kExitSignalBase + signal;
  }
  return rc;
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  Options o;
  RunFlags flags;
  o.Int({"-j", "--jobs"}, &flags.jobs, 1, 256);
  flags.selection.Register(o);
  flags.reports.Register(o);
  o.Flag({"-v", "--verbose"}, &flags.verbose);
  o.String({"--capture-memory"}, &flags.capture_memory);
  o.StringList({"--kernel"}, &flags.kernels);
  o.Int({"--vm-timeout"}, &flags.vm_timeout, 5, 86400);
  const std::string help = RunHelp();
  if (int rc = o.Parse("run", help.c_str(), args, &flags.paths); rc >= 0) return rc;
  std::optional<ReportTargets> targets = flags.reports.Resolve();  // touches nothing
  if (!targets) return kExitUsage;
  CaseSelection selection;
  if (int rc = SelectCases("run", flags.paths, flags.selection, &selection); rc >= 0) return rc;
  if (int rc = CheckCaptureMemory(flags.capture_memory, selection.suites, flags.jobs); rc >= 0) {
    return rc;
  }
  if (selection.shard) {
    std::fprintf(targets->console, "shard %s: %zu of %zu cases\n",
                 selection.shard->ToString().c_str(), selection.ShardCases(),
                 selection.TotalCases());
  }
  if (int rc = CheckLaneTools(flags.kernels); rc >= 0) return rc;
  if (!CheckPrivileges("run")) return kExitUsage;
  // Before any case: the report directories exist, are ours to write, hold no stale temps.
  if (!targets->Prepare()) return kExitUsage;
  return RunSelected(args, flags, selection, *targets);
}

}  // namespace mtulab
