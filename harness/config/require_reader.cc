// <require fact="F" equals|at_least|below="V"/> in a <case>: a condition on the machine
// (harness/model/requirement.h); the runner skips the case when it does not hold.
#include <algorithm>
#include <iterator>

#include "harness/config/loader_internal.h"
#include "harness/model/link_kinds.h"
#include "harness/model/requirement.h"

namespace mtulab {

std::optional<Requirement> ReadRequirement(Element r) {
  r.Children({});  // no children, no text
  Requirement out;
  out.loc = r.loc();
  out.fact = r.Required("fact");
  bool known = std::find(std::begin(kRequirementFacts), std::end(kRequirementFacts), out.fact) !=
               std::end(kRequirementFacts);
  const std::string kind_prefix = "link_kind.";
  if (!known && out.fact.rfind(kind_prefix, 0) == 0) {
    known = FindKindSchema(out.fact.substr(kind_prefix.size())) != nullptr ||
            out.fact == kind_prefix + "veth";
  }
  if (r.Has("fact") && !known) {
    r.AttrError("fact",
                "<require> fact '" + out.fact +
                    "' is not one of kernel.version, "
                    "wireguard.impl, kernel.mpls, xfrm.esp, link_kind.KIND (a known link kind)");
    return std::nullopt;
  }
  int ops = 0;
  for (auto [attr, op] : {std::pair{"equals", Requirement::Op::kEquals},
                          std::pair{"at_least", Requirement::Op::kAtLeast},
                          std::pair{"below", Requirement::Op::kBelow}}) {
    if (std::optional<std::string> v = r.Get(attr)) {
      out.op = op;
      out.value = *v;
      ++ops;
    }
  }
  if (ops != 1) {
    r.Error("<require> needs exactly one of 'equals', 'at_least', 'below'");
    return std::nullopt;
  }
  if (out.op != Requirement::Op::kEquals && out.fact != "kernel.version") {
    r.Error("<require fact=\"" + out.fact + "\"> compares only with 'equals'");
    return std::nullopt;
  }
  if (out.fact == "xfrm.esp" && out.value != "true" && out.value != "false") {
    r.AttrError("equals", "xfrm.esp is 'true' or 'false', not '" + out.value + "'");
    return std::nullopt;
  }
  if (out.fact == "wireguard.impl" && out.value != "kernel" && out.value != "go") {
    r.AttrError("equals", "wireguard.impl is 'kernel' or 'go', not '" + out.value + "'");
    return std::nullopt;
  }
  if (out.fact == "kernel.mpls" && out.value != "true" && out.value != "false") {
    r.AttrError("equals", "kernel.mpls is 'true' or 'false', not '" + out.value + "'");
    return std::nullopt;
  }
  return out;
}

}  // namespace mtulab
