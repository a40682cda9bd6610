#ifndef MTULAB_REPORTS_TOPOLOGY_DOT_H_
#define MTULAB_REPORTS_TOPOLOGY_DOT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

/// An interface to highlight as a path's bottleneck, with what was predicted there.
struct DotHighlight {
  std::string node, ifname;
  std::string note;  // "api -> worker3:eth1 ipv4: pmtu 1500 = vlan20 on router (mtu 1500)"
};

/// (node, ifname) of an interface.
using DotKey = std::pair<std::string, std::string>;

/// What the picture marks besides the topology itself.
struct DotAnnotations {
  std::vector<DotHighlight> bottlenecks;  // filled red, with their notes
  /// The MTU the kernel will give an interface the topology leaves unset, and why
  /// ({1450, "derived: uplink0 1500 - 50 vxlan"}), printed instead of "default" (the
  /// predictor's NetModel knows it).
  std::map<DotKey, std::pair<uint32_t, std::string>> derived_mtu;
  /// Interfaces whose MTU a case override changed, with what it was ("8950", "default"):
  /// the row is filled yellow and says "changed by the case".
  std::map<DotKey, std::string> changed_mtu;
  /// Other case overrides per node ("sysctl net.ipv4.ip_forward=0"), rows filled yellow.
  std::map<std::string, std::vector<std::string>> changed_node;
};

/// Graphviz DOT text (undirected) of `topology`: one table per namespace, titled with its
/// name (and "forwarding"), a row per interface (name, kind, MTU — "default" when unset —,
/// addresses, what it sits on), routes that carry an MTU, ICMP filters and MSS clamps; veth
/// links as edges between the two ends' rows, labelled when their MTUs differ; tunnels
/// (wireguard peers, vxlan/geneve/gre/ipip remotes) as dashed edges between their devices.
/// `annotations`: bottleneck interfaces are filled red with their notes (a veth link leaving
/// one is drawn thick red); derived MTUs replace "default"; changed values are filled yellow. Pure;
/// text from the topology is escaped for DOT's HTML-like labels.
std::string TopologyDot(const Topology& topology, const DotAnnotations& annotations);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_TOPOLOGY_DOT_H_
