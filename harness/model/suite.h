#ifndef MTULAB_MODEL_SUITE_H_
#define MTULAB_MODEL_SUITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/source_loc.h"
#include "harness/model/step.h"
#include "harness/model/topology.h"

namespace mtulab {

/// A change a case makes to the topology before it is built.
struct MtuOverride {
  std::string node, ifname;
  uint32_t mtu = 0;
};
struct SysctlOverride {
  std::string node;
  Sysctl sysctl;  // key fully expanded; an interface sysctl goes to that endpoint
  std::optional<std::string> ifname;
};
struct RouteOverride {
  std::string node;
  Route route;  // added; replaces a topology route with the same family and dst
};
struct IcmpFilterOverride {
  std::string node;
  IcmpFilter filter;  // added; replaces the node's filter with the same hook and dev
};
struct MssClampOverride {
  std::string node;
  MssClamp clamp;  // added; replaces the node's clamp with the same dev and family
};
struct FirewallRemoveOverride {  // <no-icmp-filter>, <no-mss-clamp>
  enum class What { kIcmpFilters, kMssClamps };
  std::string node;
  What what = What::kIcmpFilters;  // every filter (or clamp) of the node is removed
};
struct Override {
  std::variant<MtuOverride, SysctlOverride, RouteOverride, IcmpFilterOverride, MssClampOverride,
               FirewallRemoveOverride>
      body;
  SourceLoc loc;
};

/// A condition on the machine a case needs (<require>); unmet: the case is skipped with
/// the reason. Facts: "kernel.version" (compared numerically, "6.8" <= "6.8.0-1"),
/// "wireguard.impl" ("kernel" or "go"), "link_kind.KIND" ("true" when the kernel can
/// create KIND).
struct Requirement {
  enum class Op { kEquals, kAtLeast, kBelow };
  std::string fact;
  Op op = Op::kEquals;
  std::string value;
  SourceLoc loc;
  /// "wireguard.impl = go", "kernel.version >= 6.8".
  std::string Describe() const;
};

struct Case {
  std::string name;
  std::string description;  // optional <description> text
  std::vector<Requirement> requirements;  // <require>: all must hold, else the case skips
  std::vector<Override> overrides;
  std::vector<Step> steps;
  SourceLoc loc;
};

struct Suite {
  std::string name;
  std::string file;
  std::string topology_file;  // resolved path
  Topology topology;          // as loaded, before any case override
  std::vector<Case> cases;
  SourceLoc loc;
};

/// The topology a case runs on: `base` with the case's overrides applied. Pure.
/// Throws ConfigError (model/config_error.h) if an override names something missing.
Topology ApplyOverrides(const Topology& base, const Case& c);
/// ApplyOverrides(); with `relocate` an endpoint whose MTU an override changes takes the
/// override's location, so that re-validation points at the override (the loader).
Topology ApplyOverridesAt(const Topology& base, const Case& c, bool relocate);

}  // namespace mtulab

#endif  // MTULAB_MODEL_SUITE_H_
