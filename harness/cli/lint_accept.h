#ifndef MTULAB_CLI_LINT_ACCEPT_H_
#define MTULAB_CLI_LINT_ACCEPT_H_

#include <map>
#include <string>
#include <vector>

#include "harness/plan/lint.h"

namespace mtulab {

/// A finding accepted in the file it points into, by an XML comment on the line of the
/// element it names or on the line just above it:
///   <!-- mtulab-lint accept=mtu-mismatch: the vendor box drops jumbo frames anyway -->
///   <link a="r1:eth0" b="r2:eth0" mtu="1400"/>
/// The reason after the colon is required. An accepted finding is still reported (with its
/// reason: "accepted", SARIF "suppressions"), but counts neither as an error nor as a
/// warning.
struct Acceptance {
  SourceLoc loc;       // of the comment
  std::string check;   // "mtu-mismatch"
  std::string reason;  // never empty in a valid acceptance
  bool used = false;   // some finding matched it
};

/// Every "mtulab-lint" comment of the files the findings point into, read once per file.
class Acceptances {
 public:
  /// The acceptance of `f` (same file, check, and line or the line below the comment's
  /// last line), marking it used; nullptr when none.
  const Acceptance* Match(const Finding& f);
  /// Findings about the comments themselves, for the files read so far: a comment without
  /// a check or reason (error), one that accepted no finding (warning, check
  /// "lint-accept").
  std::vector<Finding> Problems() const;
  /// Reads the comments of `file` (once); Match reads the files findings point into.
  void Read(const std::string& file);

 private:
  std::map<std::string, std::vector<Acceptance>> by_file_;
  std::vector<Finding> malformed_;
};

/// The comments of `text` (a file's contents, named `file` in locations): the valid ones
/// in `out`, the malformed ones as findings in `problems`.
void ParseAcceptances(const std::string& file, const std::string& text,
                      std::vector<Acceptance>* out, std::vector<Finding>* problems);

}  // namespace mtulab

#endif  // MTULAB_CLI_LINT_ACCEPT_H_
