// ApplyOverrides(): a case's <override> applied to its topology (declared in suite.h).
#include <utility>

#include "harness/model/config_error.h"
#include "harness/model/suite.h"

namespace mtulab {
namespace {

// Replaces the sysctl with the same key in place, else appends.
void Upsert(std::vector<Sysctl>& sysctls, const Sysctl& sysctl) {
  for (Sysctl& s : sysctls) {
    if (s.key == sysctl.key) {
      s = sysctl;
      return;
    }
  }
  sysctls.push_back(sysctl);
}

struct Applier {
  Topology& topology;
  const Override& override;
  bool relocate;
  std::vector<Diagnostic>& problems;

  void Problem(const std::string& message) {
    problems.push_back(Diagnostic{override.loc, message, ""});
  }

  Node* FindNode(const std::string& name) {
    Node* node = topology.FindNode(name);
    if (node == nullptr) Problem("node '" + name + "' is not defined");
    return node;
  }

  Endpoint* FindEndpoint(const std::string& node, const std::string& ifname) {
    if (FindNode(node) == nullptr) return nullptr;
    Endpoint* end = topology.FindEndpoint(node, ifname);
    if (end == nullptr) Problem("interface '" + ifname + "' is not defined on node '" + node + "'");
    return end;
  }

  void operator()(const MtuOverride& o) {
    if (Endpoint* end = FindEndpoint(o.node, o.ifname)) {
      end->mtu = o.mtu;
      if (relocate) end->loc = override.loc;
    }
  }

  void operator()(const SysctlOverride& o) {
    if (o.ifname) {
      if (Endpoint* end = FindEndpoint(o.node, *o.ifname)) Upsert(end->sysctls, o.sysctl);
    } else if (Node* node = FindNode(o.node)) {
      Upsert(node->sysctls, o.sysctl);
    }
  }

  void operator()(const RouteOverride& o) {
    Node* node = FindNode(o.node);
    if (node == nullptr) return;
    std::erase_if(node->routes, [&](const Route& r) {
      return r.family == o.route.family && r.dst == o.route.dst && r.Table() == o.route.Table();
    });
    node->routes.push_back(o.route);
  }

  void operator()(const IcmpFilterOverride& o) {
    Node* node = FindNode(o.node);
    if (node == nullptr) return;
    std::erase_if(node->icmp_filters, [&](const IcmpFilter& f) {
      return f.hook == o.filter.hook && f.dev == o.filter.dev;
    });
    node->icmp_filters.push_back(o.filter);
  }

  void operator()(const MssClampOverride& o) {
    Node* node = FindNode(o.node);
    if (node == nullptr) return;
    std::erase_if(node->mss_clamps, [&](const MssClamp& c) {
      return c.dev == o.clamp.dev && c.family == o.clamp.family;
    });
    node->mss_clamps.push_back(o.clamp);
  }

  void operator()(const FirewallRemoveOverride& o) {
    Node* node = FindNode(o.node);
    if (node == nullptr) return;
    bool filters = o.what == FirewallRemoveOverride::What::kIcmpFilters;
    size_t removed = filters ? std::exchange(node->icmp_filters, {}).size()
                             : std::exchange(node->mss_clamps, {}).size();
    if (removed == 0) {
      Problem("node '" + o.node + "' has no " + (filters ? "icmp-filter" : "mss-clamp") +
              " to remove");
    }
  }
};

}  // namespace

Topology ApplyOverridesAt(const Topology& base, const Case& c, bool relocate) {
  Topology topology = base;
  std::vector<Diagnostic> problems;
  for (const Override& o : c.overrides) {
    std::visit(Applier{topology, o, relocate, problems}, o.body);
  }
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return topology;
}

Topology ApplyOverrides(const Topology& base, const Case& c) {
  return ApplyOverridesAt(base, c, false);
}

}  // namespace mtulab
