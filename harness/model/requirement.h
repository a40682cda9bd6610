#ifndef MTULAB_MODEL_REQUIREMENT_H_
#define MTULAB_MODEL_REQUIREMENT_H_

#include <map>
#include <string>

#include "harness/model/suite.h"

namespace mtulab {

/// The facts a <require> may name, besides "link_kind.KIND".
/// kernel.mpls: "true" when the kernel routes MPLS (module mpls_router loaded: the
/// net.mpls sysctls exist); it never loads a module to find out.
inline constexpr const char* kRequirementFacts[] = {"kernel.version", "wireguard.impl",
                                                    "kernel.mpls", "xfrm.esp"};

/// Compares the numeric dotted prefixes of two kernel versions ("6.1.0-57-amd64" is 6.1.0;
/// a missing component is 0): negative, zero or positive as a < b, a == b, a > b.
int CompareKernelVersions(const std::string& a, const std::string& b);

/// Whether `r` holds when its fact has the value `actual`.
bool RequirementHolds(const Requirement& r, const std::string& actual);

/// The skip reason for the first of `c`'s requirements that does not hold, with `facts`
/// the machine's values ("requires wireguard.impl = go; this machine: kernel"), or "".
std::string UnmetRequirement(const Case& c, const std::map<std::string, std::string>& facts);

}  // namespace mtulab

#endif  // MTULAB_MODEL_REQUIREMENT_H_
