#ifndef MTULAB_PLAN_LINT_INTERNAL_H_
#define MTULAB_PLAN_LINT_INTERNAL_H_

// The families of lint checks, shared by lint.cc. Internal to harness/plan.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/plan/lint.h"
#include "harness/plan/net_model.h"
#include "harness/plan/predictor.h"

namespace mtulab {

/// Every path between a node and an address on another node, predicted once per topology.
class PathTable {
 public:
  explicit PathTable(const NetModel& model);
  struct Entry {
    std::string from;  // node
    std::string to;    // address
    Prediction p;
  };
  /// Paths that exist (p.ok), in node and address order.
  const std::vector<Entry>& paths() const { return paths_; }
  /// The path from `node` to `address` (computed on demand), or nullptr when it does not exist.
  const Prediction* Find(const std::string& node, const std::string& address);

 private:
  const NetModel& model_;
  std::vector<Entry> paths_;
  std::map<std::pair<std::string, std::string>, Prediction> extra_;
};

// lint_evidence.cc: cases whose expectations are all config facts, or only state facts in a
// case that sends no traffic (provenance from model/step_specs.h).
void CheckEvidence(const Suite& suite, std::vector<Finding>& out);

// lint_segments.cc: what one interface or one segment tells.
void CheckSegments(const NetModel& model, std::vector<Finding>& out);
void CheckIpv6MinMtu(const NetModel& model, std::vector<Finding>& out);
void CheckOverlays(const NetModel& model, std::vector<Finding>& out);

// lint_ipsec.cc: a vti without an <ipsec> of its key, an <ipsec> mark no vti sets.
void CheckIpsec(const Topology& topology, std::vector<Finding>& out);

// lint_paths.cc: what the predicted paths tell.
void CheckIcmpSources(PathTable& paths, std::vector<Finding>& out);
void CheckMssClamps(const NetModel& model, PathTable& paths, std::vector<Finding>& out);
void CheckMtuLocks(const NetModel& model, PathTable& paths, std::vector<Finding>& out);

}  // namespace mtulab

#endif  // MTULAB_PLAN_LINT_INTERNAL_H_
