#include "harness/config/topology_index.h"

namespace mtulab {

TopologyIndex::TopologyIndex(const Topology& topology) {
  for (const Node& node : topology.nodes) nodes_.emplace(node.name, &node);
  for (const Link& link : topology.links) {
    for (const Endpoint& end : link.ends) {
      endpoints_.emplace(Key(end.node, end.ifname), &end);
      by_node_[end.node].push_back(&end);
    }
  }
  for (const Device& device : topology.devices) {
    // A veth end of the same name wins, as in Topology::FindEndpoint().
    endpoints_.emplace(Key(device.end.node, device.end.ifname), &device.end);
    devices_.emplace(Key(device.end.node, device.end.ifname), &device);
    by_node_[device.end.node].push_back(&device.end);
  }
  for (const Pod& pod : topology.pods) {
    endpoints_.emplace(Key(pod.end.node, pod.end.ifname), &pod.end);
    by_node_[pod.end.node].push_back(&pod.end);
  }
}

const Node* TopologyIndex::FindNode(const std::string& name) const {
  auto it = nodes_.find(name);
  return it == nodes_.end() ? nullptr : it->second;
}

const Endpoint* TopologyIndex::FindEndpoint(const std::string& node,
                                            const std::string& ifname) const {
  auto it = endpoints_.find(Key(node, ifname));
  return it == endpoints_.end() ? nullptr : it->second;
}

const Device* TopologyIndex::FindDevice(const std::string& node, const std::string& ifname) const {
  auto it = devices_.find(Key(node, ifname));
  return it == devices_.end() ? nullptr : it->second;
}

const std::vector<const Endpoint*>& TopologyIndex::EndpointsOf(const std::string& node) const {
  static const std::vector<const Endpoint*> kNone;
  auto it = by_node_.find(node);
  return it == by_node_.end() ? kNone : it->second;
}

}  // namespace mtulab
