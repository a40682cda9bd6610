#include "harness/runner/case_runner.h"

#include <signal.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>

#include "harness/checks/checks.h"
#include "harness/model/config_error.h"
#include "harness/model/requirement.h"
#include "harness/probes/capture.h"
#include "harness/probes/probe.h"
#include "harness/runner/cni_pod.h"
#include "harness/runner/lab.h"
#include "harness/runner/machine_facts.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

// "SIGINT", "SIGTERM", else "signal N".
std::string SignalName(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Stops the case's running captures while their namespaces still exist, also on a throw.
struct StopCapturesOnExit {
  CaptureSet& captures;
  ~StopCapturesOnExit() { captures.StopAll(); }
};

// Runs the steps against a built lab; sets result.outcome to fail/pass, or throws.
void RunSteps(const Case& c, LabView& lab, CaseResult& result,
              const std::shared_ptr<CaptureSet>& captures, const std::atomic<bool>* abort) {
  ProbeContext ctx{lab, {}, captures, Satisfies, abort};
  StopCapturesOnExit stop{*captures};
  for (const Step& step : c.steps) {
    if (abort != nullptr && abort->load()) throw CaseAborted("aborted before " + step.Describe());
    auto start = Clock::now();
    StepRecord record{step.index, step.Describe(), {}, 0, step.Kind(), step.expects};
    try {
      record.facts = RunStep(ctx, step);
    } catch (const SysError& e) {
      record.seconds = SecondsSince(start);
      result.steps.push_back(std::move(record));
      throw SysError(step.Describe() + ": " + e.what(), e.error_code(), "step failed");
    } catch (const CaseAborted&) {
      throw CaseAborted("aborted during " + step.Describe());
    }
    record.seconds = SecondsSince(start);
    for (Unmet& u : Evaluate(step, record.facts)) result.unmet.push_back(std::move(u));
    result.steps.push_back(std::move(record));
  }
  result.outcome = result.unmet.empty() ? Outcome::kPass : Outcome::kFail;
}

// Builds the case's topology; a failure names it.
std::unique_ptr<Lab> BuildLab(const Topology& topology, const Case& c) {
  try {
    return Lab::Build(topology, PodsMayFail(c));
  } catch (const SysError& e) {
    throw SysError(std::string("building topology '") + topology.name + "': " + e.what(),
                   e.error_code(), "build failed");
  }
}

// Writes the captures of a failed or errored case; a write error is added to the reason.
void KeepArtifacts(const CaptureSet& captures, const std::string& reports_dir,
                   CaseResult& result) {
  bool broken = result.outcome == Outcome::kFail || result.outcome == Outcome::kError;
  if (!broken || reports_dir.empty()) return;
  try {
    result.artifacts = KeepCaptureFiles(captures, reports_dir, result.suite, result.name);
  } catch (const std::exception& e) {
    result.reason += std::string(result.reason.empty() ? "" : "; ") +
                     "keeping the captures: " + e.what();
  }
}

// The result of a case that never started.
CaseResult NotStarted(const Suite& suite, const Case& c, Outcome outcome,
                      const std::string& reason) {
  CaseResult r;
  r.suite = suite.name;
  r.name = c.name;
  r.file = suite.file;
  r.line = c.loc.line;
  r.outcome = outcome;
  r.reason = reason;
  return r;
}

// Runs the case, or reports it not started: after a signal, or (--fail-fast) after
// `failed_first` did not pass.
CaseResult RunOrSkip(const Suite& suite, const Case& c, const RunOptions& options,
                     const std::string& failed_first) {
  if (int signal = options.stop != nullptr ? options.stop->load() : 0; signal != 0) {
    return NotStarted(
        suite, c, Outcome::kInterrupted,
        "the run was interrupted (" + SignalName(signal) + ") before this case started");
  }
  if (!failed_first.empty()) {
    return NotStarted(suite, c, Outcome::kSkip,
                      "not started: --fail-fast, after " + failed_first + " did not pass");
  }
  return RunCase(suite, c, options);
}

}  // namespace

std::string UtcTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

CaseResult RunCase(const Suite& suite, const Case& c, const std::string& reports_dir) {
  RunOptions options;
  options.reports_dir = reports_dir;
  return RunCase(suite, c, options);
}

CaseResult RunCase(const Suite& suite, const Case& c, const RunOptions& options) {
  auto start = Clock::now();
  auto captures = std::make_shared<CaptureSet>();
  CaseResult result;
  result.suite = suite.name;
  result.name = c.name;
  result.file = suite.file;
  result.line = c.loc.line;
  std::unique_ptr<Lab> lab;
  std::unique_ptr<LabView> view;  // options.open_lab's
  try {
    Topology topology = ApplyOverrides(suite.topology, c);
    std::string missing = UnmetRequirement(c, MachineFacts(c));
    if (missing.empty() && !options.open_lab) missing = MissingFeature(topology);
    if (!missing.empty()) {
      result.outcome = Outcome::kSkip;
      result.reason = missing;
      result.seconds = SecondsSince(start);
      return result;
    }
    if (options.open_lab) {
      view = options.open_lab();
    } else {
      lab = BuildLab(topology, c);
    }
    RunSteps(c, view ? *view : *lab, result, captures, options.abort);
  } catch (const CaseAborted& e) {
    result.outcome = Outcome::kInterrupted;
    result.reason = std::string("the run was aborted (a second signal): ") + e.what();
  } catch (const CaseSkip& e) {
    result.outcome = Outcome::kSkip;
    result.reason = e.what();
  } catch (const std::exception& e) {  // ConfigError, SysError, ...
    result.outcome = Outcome::kError;
    result.reason = e.what();
  }
  bool broken = result.outcome == Outcome::kFail || result.outcome == Outcome::kError;
  if (broken && lab && options.keep_failed_lab) options.keep_failed_lab(result, *lab);
  lab.reset();
  view.reset();
  KeepArtifacts(*captures, options.reports_dir, result);
  result.seconds = SecondsSince(start);
  return result;
}

std::vector<SuiteResult> RunSuites(const std::vector<Suite>& suites, const RunOptions& options) {
  struct Job {
    size_t suite, kase;
  };
  std::vector<Job> jobs;
  std::vector<SuiteResult> results(suites.size());
  for (size_t s = 0; s < suites.size(); ++s) {
    results[s].name = suites[s].name;
    results[s].file = suites[s].file;
    results[s].timestamp = UtcTimestamp();
    results[s].cases.resize(suites[s].cases.size());
    for (size_t c = 0; c < suites[s].cases.size(); ++c) jobs.push_back({s, c});
  }
  std::atomic<size_t> next{0};
  std::mutex mu;
  int done = 0;
  std::string failed_first;  // --fail-fast: the first case that failed or errored
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      const Suite& suite = suites[jobs[i].suite];
      const Case& c = suite.cases[jobs[i].kase];
      std::string skip_after;
      {
        std::lock_guard<std::mutex> lock(mu);
        skip_after = failed_first;
        bool stopped = options.stop != nullptr && options.stop->load() != 0;
        if (skip_after.empty() && !stopped && options.on_case_start) {
          options.on_case_start(suite, c);
        }
      }
      CaseResult r = RunOrSkip(suite, c, options, skip_after);
      std::lock_guard<std::mutex> lock(mu);
      bool broken = r.outcome == Outcome::kFail || r.outcome == Outcome::kError;
      if (options.fail_fast && broken && failed_first.empty()) {
        failed_first = suite.name + "/" + c.name;
      }
      results[jobs[i].suite].cases[jobs[i].kase] = r;
      results[jobs[i].suite].seconds += r.seconds;
      ++done;
      if (options.on_case_done) options.on_case_done(r, done, static_cast<int>(jobs.size()));
    }
  };
  int n = std::max(1, std::min<int>(options.jobs, static_cast<int>(jobs.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  return results;
}

}  // namespace mtulab
