#ifndef MTULAB_CONFIG_TOPOLOGY_INDEX_H_
#define MTULAB_CONFIG_TOPOLOGY_INDEX_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "harness/model/topology.h"

namespace mtulab {

/// Hash lookups over a Topology for the validators, which ask once per interface, route and
/// reference: Topology::Find*() scan every node or link, and a 60,000-node topology made
/// validation quadratic. Same answers as Topology::Find*() (the first definition wins when a
/// name is defined twice). `topology` must outlive the index and not change.
class TopologyIndex {
 public:
  explicit TopologyIndex(const Topology& topology);

  const Node* FindNode(const std::string& name) const;
  const Endpoint* FindEndpoint(const std::string& node, const std::string& ifname) const;
  const Device* FindDevice(const std::string& node, const std::string& ifname) const;
  /// As Topology::EndpointsOf(): veth ends, then devices, then pods, in declaration order.
  const std::vector<const Endpoint*>& EndpointsOf(const std::string& node) const;

 private:
  static std::string Key(const std::string& node, const std::string& ifname) {
    return node + '\0' + ifname;
  }

  std::unordered_map<std::string, const Node*> nodes_;
  std::unordered_map<std::string, const Endpoint*> endpoints_;
  std::unordered_map<std::string, const Device*> devices_;
  std::unordered_map<std::string, std::vector<const Endpoint*>> by_node_;
};

}  // namespace mtulab

#endif  // MTULAB_CONFIG_TOPOLOGY_INDEX_H_
