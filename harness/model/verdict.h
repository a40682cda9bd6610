#ifndef MTULAB_MODEL_VERDICT_H_
#define MTULAB_MODEL_VERDICT_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/facts.h"
#include "harness/model/suite.h"

namespace mtulab {

/// kInterrupted: the user stopped the run (SIGINT, SIGTERM) before this case started, or
/// aborted it while it ran (a second signal), so it has no verdict. Not a fail (nothing was
/// judged) and not an error (the harness did not break); reports name it "interrupted"
/// (JUnit: <error type="Interrupted">).
enum class Outcome { kPass, kFail, kSkip, kError, kInterrupted };
/// "pass", "fail", "skip", "error", "interrupted".
const char* OutcomeName(Outcome outcome);

/// An expectation the observation did not meet.
struct Unmet {
  int step_index = 0;
  std::string step;                    // Step::Describe()
  Expectation expectation;
  std::optional<std::string> observed;  // nullopt: the fact was absent

  /// "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do: ping.mtu: expected = 1500,
  ///  observed 9000 (suites/x.xml:14:7)".
  std::string Message() const;
};

/// What one step saw.
struct StepRecord {
  int index = 0;
  std::string description;
  Facts facts;
  double seconds = 0;
  std::string kind;                      // Step::Kind(): "ping", "tcp", ...
  std::vector<Expectation> expectations;  // every expectation of the step, met or not
};

struct CaseResult {
  std::string suite;
  std::string name;
  std::string file;  // suite file
  int line = 0;      // line of the <case> element in `file`; 0 when unknown (JSON read back)
  Outcome outcome = Outcome::kPass;
  std::string reason;  // why skip / error / interrupted; empty otherwise
  std::vector<Unmet> unmet;
  std::vector<StepRecord> steps;
  /// Files kept for this case (pcap captures of a failed case, their interface map),
  /// relative to the report directory, e.g. "seed003-svi/tls/ceos-vlan20.pcap".
  std::vector<std::string> artifacts;
  double seconds = 0;
};

struct SuiteResult {
  std::string name;
  std::string file;
  std::string timestamp;  // ISO-8601 without zone, UTC, when the suite started
  std::vector<CaseResult> cases;
  double seconds = 0;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_VERDICT_H_
