#ifndef MTULAB_REPORTS_TOPOLOGY_DOT_H_
#define MTULAB_REPORTS_TOPOLOGY_DOT_H_

#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

/// An interface to highlight as a path's bottleneck, with what was predicted there.
struct DotHighlight {
  std::string node, ifname;
  std::string note;  // "api -> worker3:eth1 ipv4: pmtu 1500 = vlan20 on router (mtu 1500)"
};

/// Graphviz DOT text (undirected) of `topology`: one table per namespace, titled with its
/// name (and "forwarding"), a row per interface (name, kind, MTU — "default" when unset —,
/// addresses, what it sits on), routes that carry an MTU, ICMP filters and MSS clamps; veth
/// links as edges between the two ends' rows, labelled when their MTUs differ; tunnels
/// (wireguard peers, vxlan/geneve/gre/ipip remotes) as dashed edges between their devices.
/// Interfaces in `bottlenecks` are filled red with their notes; a veth link leaving one is
/// drawn thick red. Pure; text from the topology is escaped for DOT's HTML-like labels.
std::string TopologyDot(const Topology& topology, const std::vector<DotHighlight>& bottlenecks);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_TOPOLOGY_DOT_H_
