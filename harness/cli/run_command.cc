// mtulab run: load and validate everything first, then build, probe, judge and report.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "harness/cli/case_selection.h"
#include "harness/cli/cli.h"
#include "harness/cli/kernel_lane.h"
#include "harness/cli/lab_pins.h"
#include "harness/cli/live_status.h"
#include "harness/cli/options.h"
#include "harness/cli/report_outputs.h"
#include "harness/cli/report_paths.h"
#include "harness/cli/signal_watcher.h"
#include "harness/config/loader.h"
#include "harness/model/capture_budget.h"
#include "harness/model/config_error.h"
#include "harness/model/step_specs.h"
#include "harness/runner/case_runner.h"
#include "harness/runner/lab.h"
#include "reports/console.h"
#include "reports/json_reader.h"
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
    "every *.xml under ./suites in a checkout, under <prefix>/share/mtulab/suites when\n"
    "installed (`mtulab --help` names the directory).\n"
    "\n"
    "steps (the facts each produces: `mtulab help facts`):\n";

constexpr char kRunHelpOptions[] =
    "\n"
    "options:\n"
    "  -j, --jobs N       cases run at once (default: 3 per CPU, at least 2 and at most 16;\n"
    "                     lowered to what --capture-memory allows when not given)\n"
    "  --junit PATH       JUnit report (default: reports/junit.xml); the packet captures\n"
    "                     of a failed case are kept beside it, in SUITE/CASE/\n"
    "  --junit-flavor F   junit10 (default): valid against Jenkins' junit-10.xsd; gitlab:\n"
    "                     adds file and line to each testcase (GitLab, pytest xunit1)\n"
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
    "                     directory writable by every user without the sticky bit is refused.\n";

constexpr char kRunHelpTail[] =
    "  --rerun-failed     only the cases that failed, errored or were interrupted in the\n"
    "                     last run, read from its JSON report (the --json PATH, before it is\n"
    "                     replaced); 'case#K' of --repeat counts as 'case'\n"
    "  --fail-fast        after the first case that fails or errors, start no other case\n"
    "                     (they are reported as skipped, naming that case)\n"
    "  --keep-on-failure  a case that fails or errors keeps its lab, pinned as `mtulab up`\n"
    "                     pins it (see `mtulab status`; remove it with `mtulab down`)\n"
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
    "  --color WHEN       colour the outcomes: auto (default: on a terminal unless NO_COLOR\n"
    "                     is set or TERM is dumb), always (also in a pipe or file), never\n"
    "  -v, --verbose      print every step's facts, not just for failing cases\n"
    "  -h, --help         this text\n"
    "\n"
    "Console: a line per finished case; on a terminal a status line shows the running\n"
    "cases, elsewhere a 'RUN' line names each case still running after 1 s. Outcomes are\n"
    "coloured as --color says.\n"
    "Exit: 0 all passed (skips allowed), 1 a case failed or errored, 2 usage/config error\n"
    "(nothing was created), 3 a report could not be written (checked before the first case\n"
    "where possible: directories made and writable), 130 (SIGINT) or 143 (SIGTERM) the run\n"
    "was interrupted. Precedence: 130/143, then 3, then 1.\n"
    "SIGINT/SIGTERM (Ctrl-C): acknowledged at once; no new case starts, running cases\n"
    "finish with their verdicts and are torn down, the rest are reported as interrupted,\n"
    "the reports are written. A second signal aborts the running cases at their next step\n"
    "(a <wait> or <until> within 50 ms): they are torn down and reported as interrupted,\n"
    "and the reports are written. A third exits at once; the kernel still frees every\n"
    "namespace, since mtulab holds them only by file descriptor.\n";

// The step list comes from the registry (model/step_specs.h), so it cannot drift.
std::string RunHelp() {
  return kRunHelpHead + StepHelpLines() + kRunHelpOptions + kCaseFilterHelp + kShardHelp + kRunHelpTail;
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
    WriteJunit(results, targets.junit, properties, targets.junit_flavor);
    std::fprintf(targets.console, "JUnit report: %s\n", targets.junit.c_str());
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab run: %s\n", e.what());
    return false;
  }
}

// --capture-memory: the rings of the -j busiest cases together must fit (model/capture_budget).
// Without -j, the default is lowered until they do.
int CheckCaptureMemory(const std::string& flag, const std::vector<Suite>& suites, int* jobs,
                       bool jobs_given) {
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
  while (!jobs_given && *jobs > 1 && CheckCaptureBudget(suites, *jobs, budget)) --*jobs;
  std::optional<CaptureBudgetError> over = CheckCaptureBudget(suites, *jobs, budget);
  if (!over) return -1;
  std::fprintf(stderr, "%s: %s\n", over->loc.ToString().c_str(), over->message.c_str());
  return kExitUsage;
}

// What `run` was asked on its command line.
struct RunFlags {
  int jobs = 0;  // 0: DefaultJobs()
  bool verbose = false;
  bool fail_fast = false;
  bool rerun_failed = false;
  bool keep_on_failure = false;
  CaseSelectionFlags selection;
  ReportFlags reports;
  std::string capture_memory;
  std::vector<std::string> paths;
  std::vector<std::string> kernels;  // --kernel (repeatable)
  int vm_timeout = 300;
  std::string color = "auto";  // --color: auto, always, never
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

// The runner's options: jobs, the stop flags, where failed cases keep their captures, and
// the console's lines as cases start and end.
RunOptions MakeRunOptions(const RunFlags& flags, const ReportTargets& targets,
                          const std::atomic<int>* stop, const std::atomic<bool>* abort,
                          LiveStatus* status) {
  RunOptions ro;
  ro.jobs = flags.jobs;
  ro.stop = stop;
  ro.abort = abort;
  ro.fail_fast = flags.fail_fast;
  // Failed cases keep their captures beside the JUnit file: <dir>/<suite>/<case>/.
  ro.reports_dir = targets.captures_dir;
  ro.on_case_start = [status](const Suite& s, const Case& c) { status->CaseStarted(CaseId(s, c)); };
  ro.on_case_done = [status](const CaseResult& r, int done, int) { status->CaseDone(r, done); };
  if (flags.keep_on_failure) {
    ro.keep_failed_lab = [status](const CaseResult& r, Lab& lab) {
      status->Message(KeepFailedLab(r, lab));
    };
  }
  return ro;
}

// What the console says as a signal arrives (SignalWatcher's notice).
std::string SignalNotice(int signal, int count) {
  const char* name = signal == SIGINT ? "SIGINT" : "SIGTERM";
  if (count == 1) {
    return std::string("mtulab run: ") + name +
           ": no new case starts; the running cases "
           "finish, then the reports are written (Ctrl-C again aborts the running cases)";
  }
  return std::string("mtulab run: second ") + name +
         ": aborting the running cases (torn "
         "down, reported as interrupted; a third signal exits at once)";
}

// Runs the selected cases (SIGINT/SIGTERM read by a watcher thread) and writes every report.
// The exit code: 0, 1, 3 (a report not written), or 128 + the signal that interrupted it.
int RunSelected(const std::vector<std::string>& args, const RunFlags& flags,
                const CaseSelection& selection, const ReportTargets& targets) {
  std::FILE* console = targets.console;  // stderr when a report goes to stdout ("-")
  std::atomic<int> stop{0};
  std::atomic<bool> abort{false};
  LiveStatus status(console, static_cast<int>(selection.ShardCases()),
                    ConsoleStyle::For(console, flags.verbose, ColorModeNamed(flags.color)));
  SignalWatcher signals(&stop, &abort, [&status](int signal, int count) {
    status.Message(SignalNotice(signal, count));
  });
  status.Start();  // after the watcher blocked the signals: its thread inherits the mask
  auto start = std::chrono::steady_clock::now();
  std::string started = UtcTimestamp() + "Z";
  RunOptions ro = MakeRunOptions(flags, targets, &stop, &abort, &status);
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
  std::string summary = FormatSummary(results, wall);
  summary.pop_back();  // Message ends the line
  status.Message(summary);
  int rc = ExitCodeOf(results);
  bool written = WriteRunJunit(results, selection, targets);
  RunReport report{MakeRunInfo("run", args, started, wall,
                               selection.shard ? selection.shard->ToString() : ""),
                   results};
  if (!kernels.empty()) report.run.kernel = kernels;
  written = WriteRunReports(report, pictures ? &*pictures : nullptr, targets.json, targets.markdown,
                            targets.html, console) &&
            written;
  if (!written) rc = kExitReportWrite;
  if (int signal = stop.load(); signal != 0) {
    std::fprintf(stderr, "mtulab run: interrupted by %s; cases not started are reported as "
                 "interrupted\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    rc = kExitSignalBase + signal;
  }
  return rc;
}

// --rerun-failed: the "suite/case" of every case that failed, errored or was interrupted in
// the JSON report `path`. Prints why on stderr and returns nullopt when it cannot be read.
std::optional<std::vector<std::string>> FailedInLastRun(const std::string& path) {
  if (path.empty()) {
    std::fprintf(stderr,
                 "mtulab run: --rerun-failed reads the JSON report, which --json= "
                 "turned off\n");
    return std::nullopt;
  }
  std::vector<std::string> ids;
  try {
    for (const SuiteResult& s : ReadJsonReport(path).suites) {
      for (const CaseResult& c : s.cases) {
        if (c.outcome == Outcome::kPass || c.outcome == Outcome::kSkip) continue;
        std::string id = s.name + "/" + RepeatBaseName(c.name);
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab run: --rerun-failed: %s\n", e.what());
    return std::nullopt;
  }
  return ids;
}

// Loads and selects the cases; -1 to go on, else the exit code.
int Select(RunFlags& flags, const ReportTargets& targets, CaseSelection* selection) {
  if (flags.rerun_failed) {
    flags.selection.only_ids = FailedInLastRun(targets.json);
    if (!flags.selection.only_ids) return kExitUsage;
    if (flags.selection.only_ids->empty()) {
      std::fprintf(targets.console,
                   "mtulab run: nothing to rerun: no case failed, errored or "
                   "was interrupted in %s\n",
                   targets.json.c_str());
      return kExitPass;
    }
  }
  if (int rc = SelectCases("run", flags.paths, flags.selection, selection); rc >= 0) return rc;
  bool jobs_given = flags.jobs != 0;
  if (!jobs_given) flags.jobs = DefaultJobs();
  return CheckCaptureMemory(flags.capture_memory, selection->suites, &flags.jobs, jobs_given);
}

}  // namespace

int DefaultJobs() {
  int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::clamp(3 * cpus, 2, 16);
}

int RunCommand(const std::vector<std::string>& args) {
  Options o;
  RunFlags flags;
  o.Int({"-j", "--jobs"}, &flags.jobs, 1, 256);
  flags.selection.Register(o);
  flags.reports.Register(o);
  o.Flag({"-v", "--verbose"}, &flags.verbose).Flag({"--fail-fast"}, &flags.fail_fast);
  o.Flag({"--rerun-failed"}, &flags.rerun_failed);
  o.Flag({"--keep-on-failure"}, &flags.keep_on_failure);
  o.String({"--capture-memory"}, &flags.capture_memory);
  o.StringList({"--kernel"}, &flags.kernels);
  o.Int({"--vm-timeout"}, &flags.vm_timeout, 5, 86400);
  o.Choice({"--color"}, &flags.color, {"auto", "always", "never"});
  const std::string help = RunHelp();
  if (int rc = o.Parse("run", help.c_str(), args, &flags.paths); rc >= 0) return rc;
  std::optional<ReportTargets> targets = flags.reports.Resolve();  // touches nothing
  if (!targets) return kExitUsage;
  CaseSelection selection;
  if (int rc = Select(flags, *targets, &selection); rc >= 0) return rc;
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
