// Cross-checks of single-node links (bridge, vxlan, macvlan, wireguard, ...).
#include <algorithm>
#include <set>

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
      if (other == nullptr || other->kind != "wireguard") {
        diags.Add(p.loc, What(d) + ": peer " + *p.node + ":" + *p.dev +
                             " is not a wireguard link of the topology");
      } else if (other == &d) {
        diags.Add(p.loc, What(d) + ": a wireguard link cannot be its own peer");
      }
    }
    if (p.endpoint && !ParseSocketAddr(*p.endpoint)) {
      diags.Add(p.loc, What(d) + ": peer endpoint '" + *p.endpoint +
                           "' is not ADDR:PORT (IPv6: [ADDR]:PORT)");
    }
  }
}

// A bridge port may belong to one bridge only.
void CheckPorts(const Topology& t, Diagnostics& diags) {
  std::set<std::pair<std::string, std::string>> enslaved;
  for (const Device& d : t.devices) {
    if (d.kind != "bridge" || !d.params.count("ports")) continue;
    for (const std::string& port : d.DependsOn()) {
      if (!enslaved.emplace(d.end.node, port).second) {
        diags.Add(d.loc, What(d) + ": port '" + port + "' is already in another bridge");
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
