#include <algorithm>
#include <map>
#include <set>

#include "harness/config/firewall_reader.h"
#include "harness/config/ipsec_reader.h"
#include "harness/config/loader_internal.h"
#include "harness/config/topology_index.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

void CheckNodes(const Topology& topology, Diagnostics& diags) {
  std::map<std::string, SourceLoc> seen;
  for (const Node& node : topology.nodes) {
    auto [it, inserted] = seen.emplace(node.name, node.loc);
    if (!inserted) {
      diags.Add(node.loc,
                "node '" + node.name + "' is already defined at " + it->second.ToString());
    }
  }
}

void CheckEndpoint(const Topology& topology, const TopologyIndex& index, const Endpoint& end,
                   Diagnostics& diags) {
  if (!end.node.empty() && index.FindNode(end.node) == nullptr) {
    diags.Add(end.loc,
              "node '" + end.node + "' is not defined" + NodeSuggestion(topology, end.node, diags));
  }
  if (end.mtu && *end.mtu < 1280 && end.FirstAddress(Family::kIpv6) != nullptr) {
    diags.Add(end.loc, "interface '" + end.ifname + "' on node '" + end.node +
                           "' has IPv6 addresses but mtu " + std::to_string(*end.mtu) +
                           " < 1280 (Linux removes IPv6 from such a link)");
  }
}

void CheckEndpoints(const Topology& topology, const TopologyIndex& index, Diagnostics& diags) {
  std::map<std::pair<std::string, std::string>, SourceLoc> interfaces;
  std::map<std::string, std::pair<const Endpoint*, SourceLoc>> addresses;
  std::vector<const Endpoint*> all;
  for (const Link& link : topology.links) {
    for (const Endpoint& end : link.ends) all.push_back(&end);
  }
  for (const Device& d : topology.devices) all.push_back(&d.end);
  for (const Endpoint* e : all) {
    const Endpoint& end = *e;
    {
      CheckEndpoint(topology, index, end, diags);
      auto [it, inserted] = interfaces.emplace(std::pair(end.node, end.ifname), end.loc);
      if (!inserted) {
        diags.Add(end.loc, "interface '" + end.ifname + "' on node '" + end.node +
                               "' is already defined at " + it->second.ToString());
      }
      for (const Address& a : end.addresses) {
        std::string ip = IpToString(a.Ip());
        auto [at, fresh] = addresses.emplace(ip, std::pair(&end, a.loc));
        if (fresh) continue;
        const Endpoint& other = *at->second.first;
        diags.Add(a.loc, "address " + ip + " is already assigned to interface '" + other.ifname +
                             "' on node '" + other.node + "' at " + at->second.second.ToString());
      }
    }
  }
}

// True when `gateway` lies on a subnet of one of `ends` (only `dev` if given).
bool GatewayOnLink(const std::vector<const Endpoint*>& ends, const IpAddr& gateway,
                   const std::optional<std::string>& dev) {
  for (const Endpoint* end : ends) {
    if (dev && end->ifname != *dev) continue;
    for (const Address& a : end->addresses) {
      if (InPrefix(gateway, a.prefix)) return true;
    }
  }
  return false;
}

bool HasAddress(const std::vector<const Endpoint*>& ends, const IpAddr& ip) {
  for (const Endpoint* end : ends) {
    for (const Address& a : end->addresses) {
      if (a.Ip() == ip) return true;
    }
  }
  return false;
}

// Checks one path (`via`, `dev`) of a route, or of one of its nexthops, at `loc`; false when
// `dev` is not an interface of the node.
bool CheckPath(const TopologyIndex& index, const Node& node, const std::string& prefix,
               const std::optional<IpAddr>& via, const std::optional<std::string>& dev,
               const SourceLoc& loc, Diagnostics& diags) {
  const std::vector<const Endpoint*>& ends = index.EndpointsOf(node.name);
  if (dev && index.FindEndpoint(node.name, *dev) == nullptr) {
    diags.Add(loc, prefix + "dev '" + *dev + "' is not an interface of '" + node.name + "'");
    return false;
  }
  if (via) {
    const IpAddr& gateway = *via;
    const std::string text = IpToString(gateway);
    if (HasAddress(ends, gateway)) {
      // A node cannot forward through itself. The kernel refuses it for IPv6 ("Gateway can
      // not be a local address", an error in the middle of a run); IPv4 takes it silently.
      diags.Add(loc, prefix + "gateway " + text + " is an address of '" + node.name + "' itself");
    } else if (IsLinkLocal(gateway)) {
      if (!dev) diags.Add(loc, prefix + "link-local gateway " + text + " needs 'dev'");
    } else if (!GatewayOnLink(ends, gateway, dev)) {
      std::string where = dev ? "'" + *dev + "'" : "any interface of '" + node.name + "'";
      diags.Add(loc, prefix + "gateway " + text + " is not on a subnet of " + where);
    }
  }
  return true;
}

void CheckRoute(const TopologyIndex& index, const Node& node, const Route& route,
                Diagnostics& diags) {
  const std::string prefix = "route " + route.DstText() + " on node '" + node.name + "': ";
  const std::vector<const Endpoint*>& ends = index.EndpointsOf(node.name);
  if (!CheckPath(index, node, prefix, route.via, route.dev, route.loc, diags)) return;
  for (const Nexthop& nh : route.nexthops) {
    CheckPath(index, node, prefix + "nexthop: ", nh.via, nh.dev, nh.loc, diags);
  }
  if (route.src && !HasAddress(ends, *route.src)) {
    diags.Add(route.loc, prefix + "src " + IpToString(*route.src) + " is not an address of '" +
                             node.name + "'");
  }
}

void CheckRoutes(const TopologyIndex& index, const Node& node, Diagnostics& diags) {
  std::map<std::tuple<Family, std::optional<Prefix>, uint32_t, uint32_t>, SourceLoc> seen;
  for (const Route& route : node.routes) {
    CheckRoute(index, node, route, diags);
    auto key = std::tuple(route.family, route.dst, route.metric.value_or(0), route.Table());
    auto [it, inserted] = seen.emplace(key, route.loc);
    if (!inserted) {
      diags.Add(route.loc, "route " + route.DstText() + " (" + FamilyName(route.family) +
                               ") on node '" + node.name + "' is already defined at " +
                               it->second.ToString());
    }
  }
}

// A rule whose table holds no route of its family in the node (nor is a VRF's, which the
// kernel fills with the VRF's connected routes) would only fall through to the next rule.
void CheckRules(const Topology& topology, const Node& node, Diagnostics& diags) {
  for (const Rule& rule : node.rules) {
    bool filled = std::any_of(node.routes.begin(), node.routes.end(), [&](const Route& r) {
      return r.family == rule.family && r.Table() == rule.table;
    });
    for (const Device& d : topology.devices) {
      auto table = d.params.find("table");
      if (d.kind == "vrf" && d.end.node == node.name && table != d.params.end() &&
          table->second == std::to_string(rule.table)) {
        filled = true;
      }
    }
    if (!filled && rule.table != Route::kMainTable) {
      diags.Add(rule.loc, "rule " + rule.Describe() + " on node '" + node.name + "': table " +
                              std::to_string(rule.table) + " has no " + FamilyName(rule.family) +
                              " route of this node (give a <route> table=\"" +
                              std::to_string(rule.table) + "\")");
    }
  }
}

// An <mpls-route> leaves through `lo` or an interface of the node; one route per label.
void CheckMplsRoutes(const TopologyIndex& index, const Node& node, Diagnostics& diags) {
  std::map<uint32_t, SourceLoc> seen;
  for (const MplsRoute& r : node.mpls_routes) {
    const std::string prefix =
        "mpls-route " + std::to_string(r.label) + " on node '" + node.name + "': ";
    if (r.dev != "lo" && index.FindEndpoint(node.name, r.dev) == nullptr) {
      diags.Add(r.loc,
                prefix + "dev '" + r.dev + "' is not 'lo' or an interface of '" + node.name + "'");
    }
    auto [it, inserted] = seen.emplace(r.label, r.loc);
    if (!inserted) diags.Add(r.loc, prefix + "label is already routed at " + it->second.ToString());
  }
}

}  // namespace

std::string NodeSuggestion(const Topology& topology, const std::string& name,
                           Diagnostics& diags) {
  if (!diags.SpendSuggestionWork(topology.nodes.size())) return "";
  std::vector<std::string> names;
  for (const Node& node : topology.nodes) {
    // A node whose name was missing or empty (already reported) is no suggestion: it gave
    // "did you mean ''?".
    // Only names of about the same length can be within 2 edits: not copying the others
    // keeps a bad name against 60,000 nodes cheap.
    size_t a = node.name.size(), b = name.size();
    if (!node.name.empty() && (a > b ? a - b : b - a) <= 2) names.push_back(node.name);
  }
  std::optional<std::string> close = ClosestName(name, names);
  return close ? "; did you mean '" + *close + "'?" : "";
}

void ValidateTopology(const Topology& topology, Diagnostics& diags) {
  const TopologyIndex index(topology);
  CheckNodes(topology, diags);
  CheckEndpoints(topology, index, diags);
  ValidateDevices(topology, index, diags);
  ValidatePods(topology, index, diags);
  for (const Node& node : topology.nodes) {
    CheckRoutes(index, node, diags);
    CheckMplsRoutes(index, node, diags);
    CheckRules(topology, node, diags);
  }
  ValidateFirewall(topology, diags);
  ValidateIpsec(topology, index, diags);
}

}  // namespace mtulab
