// <read>: state read without writing. Its row of the step registry: element, attributes, help,
// reader, description and facts. Its runner: harness/probes/read.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::OnlyWith, step_row::kInt, step_row::kBool, step_row::kText,
    step_row::kAddr, step_row::kState, step_row::kConfig;

FactBindings BindRead(const StepBody& body) {
  const ReadStateStep& read = std::get<ReadStateStep>(body);
  FactBindings b;
  b.values["Key"] = {};
  if (read.sysctl) b.values["Key"].push_back(*read.sysctl);
  if (read.dev) b.attrs.push_back("dev");
  return b;
}

ReadStateStep ReadReadStep(StepInput& in) {
  ReadStateStep read;
  read.node = ReadNodeRef(in, "node");
  read.dev = in.Get("dev");
  if (read.dev) CheckDevRef(in, "dev", read.node, *read.dev);
  if (!read.dev && !in.Has("sysctl")) in.Error("<read> needs 'dev', 'sysctl' or both");
  std::optional<std::string> name = in.Get("sysctl");
  if (!name) return read;
  std::string key = *name;
  if (read.dev) {  // an interface sysctl, as <set dev name>: "ipv4.mtu"
    bool v4 = name->rfind("ipv4.", 0) == 0, v6 = name->rfind("ipv6.", 0) == 0;
    if ((!v4 && !v6) || name->size() == 5) {
      in.AttrError("sysctl", "interface sysctl '" + *name + "' must be 'ipv4.KEY' or 'ipv6.KEY'");
      return read;
    }
    key = "net." + name->substr(0, 4) + ".conf." + *read.dev + "." + name->substr(5);
  } else if (name->rfind("net.", 0) != 0) {
    in.AttrError("sysctl", "sysctl '" + *name + "' must start with 'net.'");
    return read;
  }
  // Only [A-Za-z0-9_.-] and no empty component: the key stays under /proc/sys/net.
  if (std::optional<std::string> problem = CheckSysctlKey(*name)) {
    in.AttrError("sysctl", *problem);
    return read;
  }
  read.sysctl = key;
  return read;
}

std::string DescribeRead(const ReadStateStep& s) {
  std::string out = "read " + s.node + (s.dev ? " " + *s.dev : std::string());
  return s.sysctl ? out + " sysctl " + *s.sysctl : out;
}

}  // namespace

StepSpec ReadStateStep::Row() {
  return {
      .name = "read",
      .attrs = {"node", "dev", "sysctl"},
      .help = "read a sysctl, an interface's MTU, state and addresses; writes nothing",
      .facts =
          {Fact("read.mss_clamp.backend", kText, "", kConfig,
                "what writes the node's MSS clamps: nftables, iptables or nftables+iptables "
                "(as configured); absent when the node has none"),
           Fact("read.sysctl.<Key>", kText, "", kState,
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
      .bind = BindRead,
      .pollable = true,
      .read = StepReader<ReadStateStep, ReadReadStep>,
      .describe = StepDescriber<ReadStateStep, DescribeRead>};
}

}  // namespace mtulab
