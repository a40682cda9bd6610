// Cross-checks of single-node links (bridge, vxlan, macvlan, wireguard, ...).
#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include "harness/config/loader_internal.h"
#include "harness/config/topology_index.h"
#include "harness/model/link_kinds.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

std::string What(const Device& d) {
  return d.kind + " '" + d.end.ifname + "' on node '" + d.end.node + "'";
}

std::optional<Family> FamilyOfParam(const Device& d, const char* key) {
  auto it = d.params.find(key);
  if (it == d.params.end()) return std::nullopt;
  std::optional<IpAddr> ip = ParseIp(it->second);
  return ip ? std::optional<Family>(ip->family) : std::nullopt;
}

void CheckReferences(const TopologyIndex& t, const Device& d, Diagnostics& diags) {
  for (const std::string& name : d.DependsOn()) {
    if (name == d.end.ifname) {
      diags.Add(d.loc, What(d) + " refers to itself");
    } else if (t.FindEndpoint(d.end.node, name) == nullptr) {
      diags.Add(d.loc, What(d) + ": '" + name + "' is not an interface of '" + d.end.node + "'");
    }
  }
}

void CheckFamilies(const Device& d, Diagnostics& diags) {
  std::optional<Family> local = FamilyOfParam(d, "local");
  std::optional<Family> peer = FamilyOfParam(d, "remote");
  if (!peer) peer = FamilyOfParam(d, "group");
  if (local && peer && *local != *peer) {
    diags.Add(d.loc, What(d) + ": local and remote addresses are of different families");
  }
  if (const KindSchema* schema = FindKindSchema(d.kind); schema && schema->check) {
    for (const std::string& problem : schema->check(d.params)) {
      diags.Add(d.loc, What(d) + ": " + problem);
    }
  }
}

void CheckPeers(const TopologyIndex& t, const Device& d, Diagnostics& diags) {
  for (const WgPeer& p : d.peers) {
    if (p.node) {
      const Device* other = t.FindDevice(*p.node, *p.dev);
      if (other == nullptr || other->kind != d.kind) {  // peers are of the device's own kind
        diags.Add(p.loc, What(d) + ": peer " + *p.node + ":" + *p.dev + " is not a " + d.kind +
                             " link of the topology");
      } else if (other == &d) {
        diags.Add(p.loc, What(d) + ": a " + d.kind + " link cannot be its own peer");
      }
    }
    if (p.endpoint && !p.endpoint_addr) {
      diags.Add(p.loc, What(d) + ": peer endpoint '" + *p.endpoint +
                           "' is not ADDR:PORT (IPv6: [ADDR]:PORT)");
    }
  }
}

// A port may belong to one device of a kind that takes its ports for itself (a bridge's).
void CheckPorts(const Topology& t, Diagnostics& diags) {
  std::set<std::tuple<std::string, std::string, std::string>> enslaved;  // kind, node, port
  for (const Device& d : t.devices) {
    const KindSchema* schema = FindKindSchema(d.kind);
    if (schema == nullptr || schema->exclusive_ports == nullptr) continue;
    auto ports = d.params.find(schema->exclusive_ports);
    if (ports == d.params.end()) continue;
    std::istringstream words(ports->second);
    for (std::string port; words >> port;) {
      if (!enslaved.emplace(d.kind, d.end.node, port).second) {
        diags.Add(d.loc, What(d) + ": port '" + port + "' is already in another " + d.kind);
      }
    }
  }
}

}  // namespace

void ValidateDevices(const Topology& topology, const TopologyIndex& index, Diagnostics& diags) {
  for (const Device& d : topology.devices) {
    CheckReferences(index, d, diags);
    CheckFamilies(d, diags);
    CheckPeers(index, d, diags);
  }
  CheckPorts(topology, diags);
  CheckDependencyCycles(topology, index, diags);
}

}  // namespace mtulab
