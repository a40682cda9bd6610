#include "harness/model/verdict.h"

namespace mtulab {

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kSkip:
      return "skip";
    case Outcome::kError:
      return "error";
    case Outcome::kInterrupted:
      return "interrupted";
  }
  return "?";
}

std::string Unmet::Message() const {
  // Describe() is "<fact> <predicate>"; the message repeats the fact once, before "expected".
  std::string predicate = expectation.Describe();
  if (predicate.compare(0, expectation.fact.size() + 1, expectation.fact + " ") == 0) {
    predicate.erase(0, expectation.fact.size() + 1);
  }
  std::string out = step + ": " + expectation.fact + ": expected " + predicate + ", observed ";
  if (!observed) {
    out += "nothing (fact absent)";
  } else if (observed->empty()) {
    out += "\"\"";
  } else {
    out += *observed;
  }
  if (!expectation.loc.file.empty()) out += " (" + expectation.loc.ToString() + ")";
  return out;
}

}  // namespace mtulab
