#include "harness/config/firewall_reader.h"

#include <map>
#include <tuple>

namespace mtulab {
namespace {

const std::vector<std::string> kIcmpFilterAttrs = {"hook", "drop", "dev"};
const std::vector<std::string> kMssClampAttrs = {"dev", "mss", "family", "backend"};

// The element's children were checked by the caller.
std::optional<IcmpFilter> ReadIcmpFilter(Element& e) {
  IcmpFilter f;
  f.loc = e.loc();
  bool ok = true;
  std::string hook = e.Required("hook");
  if (hook == "input") {
    f.hook = IcmpFilter::Hook::kInput;
  } else if (hook == "output") {
    f.hook = IcmpFilter::Hook::kOutput;
  } else if (hook == "forward") {
    f.hook = IcmpFilter::Hook::kForward;
  } else {
    if (e.Has("hook")) {
      e.AttrError("hook", "hook=\"" + hook + "\" must be 'input', 'output' or 'forward'");
    }
    ok = false;
  }
  f.drop = e.Get("drop").value_or("frag-needed");
  if (f.drop != "frag-needed" && f.drop != "errors" && f.drop != "all") {
    e.AttrError("drop", "drop=\"" + f.drop + "\" must be 'frag-needed', 'errors' or 'all'");
    ok = false;
  }
  f.dev = e.Get("dev");
  if (!ok) return std::nullopt;
  return f;
}

std::optional<MssClamp> ReadMssClamp(Element& e) {
  MssClamp c;
  c.loc = e.loc();
  c.dev = e.Get("dev");
  std::optional<std::string> mss = e.Get("mss");
  bool ok = true;
  if (mss && *mss != "pmtu") {
    if (mss->empty() || mss->find_first_not_of("0123456789") != std::string::npos) {
      e.AttrError("mss", "mss=\"" + *mss + "\" must be 'pmtu' or a number 88..65495");
      ok = false;
    } else {
      c.mss = e.Uint("mss", 88, 65495);
      ok = c.mss.has_value();
    }
  }
  c.family = e.FamilyOf("family");
  if (e.Has("family") && !c.family) ok = false;
  std::string backend = e.Get("backend").value_or("nftables");
  if (backend == "iptables") {
    c.backend = MssClamp::Backend::kIptables;
  } else if (backend != "nftables") {
    e.AttrError("backend", "backend=\"" + backend + "\" must be 'nftables' or 'iptables'");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return c;
}

const char* HookName(IcmpFilter::Hook hook) {
  switch (hook) {
    case IcmpFilter::Hook::kInput:
      return "input";
    case IcmpFilter::Hook::kForward:
      return "forward";
    case IcmpFilter::Hook::kOutput:
      break;
  }
  return "output";
}

std::string DevText(const std::optional<std::string>& dev) {
  return dev ? "dev " + *dev : "every interface";
}

// `dev` of a filter or clamp of `node`: an interface of that node, nameable in a rule.
void CheckDev(const Topology& topology, const Node& node, const std::string& what,
              const std::optional<std::string>& dev, const SourceLoc& loc, Diagnostics& diags) {
  if (!dev) return;
  const std::string prefix = what + " on node '" + node.name + "': ";
  if (topology.FindEndpoint(node.name, *dev) == nullptr) {
    diags.Add(loc, prefix + "dev '" + *dev + "' is not an interface of '" + node.name + "'");
  } else if (dev->find_first_of("\"\\") != std::string::npos) {
    // nft strings are double-quoted without escapes.
    diags.Add(loc, prefix + "dev '" + *dev + "' cannot be named in an nftables rule");
  }
}

}  // namespace

const std::vector<std::string>& FirewallNodeChildren() {
  static const std::vector<std::string> kNames = {"icmp-filter", "mss-clamp"};
  return kNames;
}

void ReadFirewallChild(Element& e, pugi::xml_node child, Node& node) {
  if (std::string(child.name()) == "icmp-filter") {
    Element f = e.Child(child, kIcmpFilterAttrs);
    f.Children({});
    if (std::optional<IcmpFilter> filter = ReadIcmpFilter(f)) node.icmp_filters.push_back(*filter);
  } else {
    Element c = e.Child(child, kMssClampAttrs);
    c.Children({});
    if (std::optional<MssClamp> clamp = ReadMssClamp(c)) node.mss_clamps.push_back(*clamp);
  }
}

std::optional<std::vector<std::string>> FirewallOverrideAttrs(const std::string& name) {
  std::vector<std::string> attrs = {"node"};
  if (name == "icmp-filter") {
    attrs.insert(attrs.end(), kIcmpFilterAttrs.begin(), kIcmpFilterAttrs.end());
  } else if (name == "mss-clamp") {
    attrs.insert(attrs.end(), kMssClampAttrs.begin(), kMssClampAttrs.end());
  } else if (name != "no-icmp-filter" && name != "no-mss-clamp") {
    return std::nullopt;
  }
  return attrs;
}

bool ReadFirewallOverride(Element& e, const std::string& node, Override& out) {
  const std::string name = e.name();
  if (name == "icmp-filter") {
    std::optional<IcmpFilter> filter = ReadIcmpFilter(e);
    if (filter) out.body = IcmpFilterOverride{node, *filter};
    return filter.has_value();
  }
  if (name == "mss-clamp") {
    std::optional<MssClamp> clamp = ReadMssClamp(e);
    if (clamp) out.body = MssClampOverride{node, *clamp};
    return clamp.has_value();
  }
  using What = FirewallRemoveOverride::What;
  out.body = FirewallRemoveOverride{
      node, name == "no-icmp-filter" ? What::kIcmpFilters : What::kMssClamps};
  return true;
}

void ValidateFirewall(const Topology& topology, Diagnostics& diags) {
  for (const Node& node : topology.nodes) {
    std::map<std::pair<IcmpFilter::Hook, std::optional<std::string>>, SourceLoc> filters;
    for (const IcmpFilter& f : node.icmp_filters) {
      CheckDev(topology, node, "icmp-filter", f.dev, f.loc, diags);
      auto [it, inserted] = filters.emplace(std::pair(f.hook, f.dev), f.loc);
      if (!inserted) {
        diags.Add(f.loc, "icmp-filter on node '" + node.name + "' (hook " + HookName(f.hook) +
                             ", " + DevText(f.dev) + ") is already defined at " +
                             it->second.ToString());
      }
    }
    std::map<std::pair<std::optional<std::string>, std::optional<Family>>, SourceLoc> clamps;
    for (const MssClamp& c : node.mss_clamps) {
      CheckDev(topology, node, "mss-clamp", c.dev, c.loc, diags);
      if (c.dev && c.backend == MssClamp::Backend::kIptables &&
          c.dev->find_first_of("+!") != std::string::npos) {
        // iptables reads a trailing '+' as a wildcard and a leading '!' as negation.
        diags.Add(c.loc, "mss-clamp on node '" + node.name + "': dev '" + *c.dev +
                             "' cannot be named in an iptables rule");
      }
      auto [it, inserted] = clamps.emplace(std::pair(c.dev, c.family), c.loc);
      if (!inserted) {
        std::string family = c.family ? FamilyName(*c.family) : "both families";
        diags.Add(c.loc, "mss-clamp on node '" + node.name + "' (" + DevText(c.dev) + ", " +
                             family + ") is already defined at " + it->second.ToString());
      }
    }
  }
}

}  // namespace mtulab
