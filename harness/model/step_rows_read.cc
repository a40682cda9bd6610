// Registry rows of <read> (state read without writing) and <until> (a step polled until a
// condition on its facts holds).
#include "harness/model/step_rows.h"

namespace mtulab::step_rows {
namespace {

constexpr FactType kInt = FactType::kInteger, kBool = FactType::kBool, kText = FactType::kText,
                   kAddr = FactType::kAddress;
constexpr Provenance kState = Provenance::kState;

FactBindings BindRead(const StepBody& body) {
  const ReadStateStep& read = std::get<ReadStateStep>(body);
  FactBindings b;
  b.values["Key"] = {};
  if (read.sysctl) b.values["Key"].push_back(*read.sysctl);
  if (read.dev) b.attrs.push_back("dev");
  return b;
}

// The step whose facts <until> passes on (its last poll's), with their own specs.
const Step* UntilInner(const StepBody& body) {
  const UntilStep& until = std::get<UntilStep>(body);
  return until.inner.empty() ? nullptr : &until.inner.front();
}

std::vector<std::string> UntilAttrs() {
  std::vector<std::string> attrs = {"every", "timeout", "fact"};
  for (const std::string& p : PredicateAttributes()) attrs.push_back(p);
  return attrs;
}

}  // namespace

StepSpec ReadRow() {
  return {"read",
          {"node", "dev", "sysctl"},
          "read a sysctl, an interface's MTU, state and addresses; writes nothing",
          {Fact("read.sysctl.<Key>", kText, "", kState,
                "the sysctl as read (key fully expanded); absent when the entry does not exist"),
           Fact("read.sysctl.<Key>.exists", kBool, "", kState,
                "the /proc/sys entry exists in the node's namespace"),
           OnlyWith(Fact("read.mtu", kInt, "bytes", kState, "the interface MTU"), "dev"),
           OnlyWith(Fact("read.up", kBool, "", kState, "administratively up"), "dev"),
           OnlyWith(Fact("read.carrier", kBool, "", kState, "carrier (lower layer up)"), "dev"),
           OnlyWith(Fact("read.addr.ipv4.count", kInt, "", kState, "IPv4 addresses"), "dev"),
           OnlyWith(Fact("read.addr.ipv4.first", kAddr, "", kState,
                         "the first IPv4 address, in the kernel's order (as ip addr show)"),
                    "dev"),
           OnlyWith(Fact("read.addr.ipv6.count", kInt, "", kState,
                         "IPv6 addresses of any scope (tentative ones included)"),
                    "dev"),
           OnlyWith(
               Fact("read.addr.ipv6.global", kAddr, "", kState,
                    "the first IPv6 address of global scope, in the kernel's order (newest first)"),
               "dev"),
           OnlyWith(Fact("read.addr.ipv6.global.count", kInt, "", kState,
                         "IPv6 addresses of global scope"),
                    "dev"),
           OnlyWith(Fact("read.addr.ipv6.link_local", kAddr, "", kState,
                         "the first IPv6 link-local address (fe80::/10), in the kernel's order"),
                    "dev"),
           OnlyWith(Fact("read.addr.ipv6.link_local.count", kInt, "", kState,
                         "IPv6 link-local addresses"),
                    "dev")},
          BindRead};
}

StepSpec UntilRow() {
  return {"until",
          UntilAttrs(),
          "run one inner step every X s until a condition on its facts holds, or time out",
          {Fact("until.held", kBool, "", kState, "the condition held before the timeout"),
           Fact("until.ms", kInt, "ms", kState,
                "from the first poll's start to the end of the poll where it held (else to the "
                "last poll's end)"),
           Fact("until.polls", kInt, "", kState,
                "times the inner step ran; the inner step's facts follow too, as its last "
                "poll produced them (with the inner step's type and provenance)")},
          nullptr,
          false,
          UntilInner};
}

}  // namespace mtulab::step_rows
