#ifndef MTULAB_PLAN_LINT_H_
#define MTULAB_PLAN_LINT_H_

#include <string>
#include <vector>

#include "harness/model/source_loc.h"
#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

/// kError: packets of some size vanish without the sender learning why (a black hole) on a
/// path the topology routes. kWarning: traffic gets through, but not the way the MTUs promise
/// (fragmentation, a first packet lost, PMTUD switched off).
enum class Severity { kWarning, kError };
/// "warning", "error".
const char* SeverityName(Severity severity);

/// One problem `mtulab lint` reports.
struct Finding {
  SourceLoc loc;
  Severity severity = Severity::kWarning;
  std::string check;               // "mtu-mismatch", "overlay-mtu", "icmp-source", "ipv6-min-mtu",
                                   // "mss-clamp", "mtu-lock", "ipsec"
  std::string message;             // what is wrong, naming the objects
  std::string wire;                // what goes wrong on the wire
  std::string fix;                 // how to fix it
  std::vector<std::string> cases;  // suite cases it shows in; empty: the topology as written

  /// "FILE:LINE:COL: error: MESSAGE [check]" then indented "on the wire: ...", "fix: ..." and,
  /// for suite cases, "in cases: a, b".
  std::string Format() const;
};

/// The findings of a topology as written, in file order.
std::vector<Finding> LintTopology(const Topology& topology);

/// The findings of a suite's topology and of each case's overrides on it. A finding of the
/// topology itself is reported once without cases; one that only a case's overrides cause
/// names those cases and points at the override when one is to blame.
std::vector<Finding> LintSuite(const Suite& suite);

}  // namespace mtulab

#endif  // MTULAB_PLAN_LINT_H_
