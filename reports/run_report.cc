#include "reports/run_report.h"

#include <stdexcept>

#include "harness/base/safe_file.h"

namespace mtulab {

ReportTotals CountOutcomes(const std::vector<SuiteResult>& suites) {
  ReportTotals t;
  for (const SuiteResult& s : suites) {
    for (const CaseResult& c : s.cases) {
      ++t.cases;
      switch (c.outcome) {
        case Outcome::kPass:
          ++t.passed;
          break;
        case Outcome::kFail:
          ++t.failed;
          break;
        case Outcome::kSkip:
          ++t.skipped;
          break;
        case Outcome::kError:
          ++t.errors;
          break;
        case Outcome::kInterrupted:
          ++t.interrupted;
          break;
      }
    }
  }
  return t;
}

const Unmet* FindUnmet(const CaseResult& r, int step_index, const Expectation& e) {
  for (const Unmet& u : r.unmet) {
    const Expectation& x = u.expectation;
    if (u.step_index == step_index && x.fact == e.fact && x.op == e.op && x.values == e.values &&
        x.loc.file == e.loc.file && x.loc.line == e.loc.line && x.loc.col == e.loc.col) {
      return &u;
    }
  }
  return nullptr;
}

void WriteFileAtomically(const std::string& path, const std::string& text,
                         const std::string& what) {
  try {
    WriteTarget(path, text, false);
  } catch (const FileError& e) {
    throw std::runtime_error("writing " + what + " " + path + ": " + e.what());
  }
}

void WriteReportFile(const std::string& path, const std::string& text, const std::string& what) {
  try {
    WriteTarget(path, text, true);
  } catch (const FileError& e) {
    throw std::runtime_error("writing " + what + " " + path + ": " + e.what());
  }
}

}  // namespace mtulab
