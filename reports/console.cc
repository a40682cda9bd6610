#include "reports/console.h"

#include <cstdio>

namespace mtulab {
namespace {

// The outcome as a fixed-width upper-case word: "PASS  ", "ERROR ".
std::string PaddedWord(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "PASS  ";
    case Outcome::kFail:
      return "FAIL  ";
    case Outcome::kSkip:
      return "SKIP  ";
    case Outcome::kError:
      return "ERROR ";
    case Outcome::kInterrupted:
      return "INTERRUPTED ";  // rare enough to break the column rather than abbreviate
  }
  return "?     ";
}

// ANSI SGR colour of the outcome word: green, red, yellow.
const char* ColorOf(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "\033[32m";
    case Outcome::kFail:
    case Outcome::kError:
      return "\033[1;31m";
    case Outcome::kSkip:
    case Outcome::kInterrupted:
      return "\033[33m";
  }
  return "";
}

std::string Counter(const std::string& done, int total) {
  int width = int(std::to_string(total).size());
  char counter[64];
  std::snprintf(counter, sizeof(counter), "[%*s/%d]", width, done.c_str(), total);
  return counter;
}

std::string Seconds(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2fs", seconds);
  return buf;
}

}  // namespace

std::string FormatProgressLine(const CaseResult& result, int done, int total, bool color) {
  std::string word = PaddedWord(result.outcome);
  if (color) {
    size_t end = word.find(' ');
    word = ColorOf(result.outcome) + word.substr(0, end) + "\033[0m" + word.substr(end);
  }
  return Counter(std::to_string(done), total) + " " + word + " " + result.suite + "/" +
         result.name + "  " + Seconds(result.seconds);
}

std::string FormatRunningLine(const std::string& id, double seconds, int total) {
  char since[64];
  std::snprintf(since, sizeof(since), "%.1fs", seconds);
  return Counter("", total) + " RUN    " + id + "  running for " + since + "...";
}

std::string FormatStatusLine(int done, int total,
                             const std::vector<std::pair<std::string, double>>& running,
                             size_t width) {
  std::string line =
      Counter(std::to_string(done), total) + " running " + std::to_string(running.size()) + ":";
  for (size_t i = 0; i < running.size(); ++i) {
    char since[32];
    std::snprintf(since, sizeof(since), " %.0fs", running[i].second);
    line += (i == 0 ? " " : ", ") + running[i].first + since;
  }
  if (line.size() > width && width > 3) line = line.substr(0, width - 3) + "...";
  return line;
}

std::string FormatCaseDetails(const CaseResult& result) {
  if (result.outcome == Outcome::kPass) return "";
  std::string out;
  if (result.outcome == Outcome::kFail) {
    for (const Unmet& u : result.unmet) out += "    " + u.Message() + "\n";
  }
  if (out.empty() && !result.reason.empty()) out = "    reason: " + result.reason + "\n";
  return out;
}

std::string FormatSummary(const std::vector<SuiteResult>& suites, double wall_seconds) {
  int counts[5] = {0, 0, 0, 0, 0};  // indexed by Outcome
  std::string list;
  for (const SuiteResult& suite : suites) {
    for (const CaseResult& r : suite.cases) {
      ++counts[int(r.outcome)];
      if (r.outcome != Outcome::kPass) {
        const std::string& suite_name = r.suite.empty() ? suite.name : r.suite;
        list += "  " + PaddedWord(r.outcome) + suite_name + "/" + r.name + "\n";
      }
    }
  }
  int total = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
  char line[160];
  std::snprintf(line, sizeof(line), "%d cases: %d passed, %d failed, %d skipped, %d errors",
                total, counts[int(Outcome::kPass)], counts[int(Outcome::kFail)],
                counts[int(Outcome::kSkip)], counts[int(Outcome::kError)]);
  std::string interrupted;
  if (int n = counts[int(Outcome::kInterrupted)]; n > 0) {
    interrupted = ", " + std::to_string(n) + " interrupted";
  }
  return "\n" + std::string(line) + interrupted + " (" + Seconds(wall_seconds) + ")\n" + list;
}

}  // namespace mtulab
