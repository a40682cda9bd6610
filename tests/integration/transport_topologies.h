// Topologies and step builders of the <tcp>/<udp> integration tests.
#ifndef MTULAB_TESTS_INTEGRATION_TRANSPORT_TOPOLOGIES_H_
#define MTULAB_TESTS_INTEGRATION_TRANSPORT_TOPOLOGIES_H_

#include <string>

#include "tests/integration/test_topologies.h"

namespace mtulab::integration {

/// A tcp step to a literal address.
inline TcpStep MakeTcp(const std::string& from, const std::string& to, Family family,
                       uint64_t request, uint64_t response, double timeout_s = 10,
                       double stall_s = 3) {
  TcpStep s;
  s.from = from;
  s.to = Target{to, std::nullopt, std::nullopt};
  s.family = family;
  s.request = request;
  s.response = response;
  s.timeout_s = timeout_s;
  s.stall_s = stall_s;
  return s;
}

/// A udp step to a literal address.
inline UdpStep MakeUdp(const std::string& from, const std::string& to, Family family,
                       uint32_t size, DfMode df, uint32_t count = 1, double timeout_s = 0.5) {
  UdpStep s;
  s.from = from;
  s.to = Target{to, std::nullopt, std::nullopt};
  s.family = family;
  s.size = size;
  s.df = df;
  s.count = count;
  s.timeout_s = timeout_s;
  return s;
}

/// The pair topology with a's end at `a_mtu` and b's at `b_mtu`; `sysctls` go to node a.
///   a x (a_mtu) ---------- (b_mtu) y b      10.9.0.1 fd00:90::1 -- 10.9.0.2 fd00:90::2
inline Topology MismatchedPair(uint32_t a_mtu, uint32_t b_mtu, std::vector<Sysctl> sysctls = {}) {
  Topology t = PairTopology();
  t.links[0].ends[0].mtu = a_mtu;
  t.links[0].ends[1].mtu = b_mtu;
  t.nodes[0].sysctls = std::move(sysctls);
  return t;
}

///   client c0 10.20.1.1/24 (9000) ------ (1500) r0 10.20.1.254  r
///                                              r1 10.20.2.254 (9000) ------ (9000) s0 10.20.2.2/24 server
///                                              m0 172.16.0.1  (1500) ------ (1500) m0 172.16.0.2/24 server
/// The server's full-sized segments to the client meet r0's 1500: r answers frag-needed,
/// sourced (route src) from its management address 172.16.0.1, which the server reaches
/// only through m0. With rp_filter=1 on the server the ICMP, arriving on s0, is dropped:
/// a PMTU black hole. With rp_filter=2 it is accepted. Small packets cross everywhere.
inline Topology BlackHoleTopology(const std::string& server_rp_filter) {
  Topology t;
  t.name = "blackhole";
  const Family v4 = Family::kIpv4;
  Node client{"client", {}, {MakeRoute(v4, "10.20.2.0/24", "10.20.1.254")}, {}};
  Node r{"r", {{"net.ipv4.ip_forward", "1", {}}}, {}, {}};
  Route back = MakeRoute(v4, "10.20.2.2/32", std::nullopt, "r1");
  back.src = TestIp("172.16.0.1");
  r.routes = {back};
  Node server{"server",
              {{"net.ipv4.conf.all.rp_filter", server_rp_filter, {}}},
              {MakeRoute(v4, "10.20.1.0/24", "10.20.2.254")},
              {}};
  t.nodes = {client, r, server};
  t.links.push_back(MakeLink(MakeEnd("client", "c0", 9000, {Addr(v4, "10.20.1.1/24")}),
                             MakeEnd("r", "r0", 1500, {Addr(v4, "10.20.1.254/24")})));
  t.links.push_back(MakeLink(MakeEnd("r", "r1", 9000, {Addr(v4, "10.20.2.254/24")}),
                             MakeEnd("server", "s0", 9000, {Addr(v4, "10.20.2.2/24")})));
  t.links.push_back(MakeLink(MakeEnd("r", "m0", 1500, {Addr(v4, "172.16.0.1/24")}),
                             MakeEnd("server", "m0", 1500, {Addr(v4, "172.16.0.2/24")})));
  return t;
}

///   a x 10.30.1.1/24 ------ 10.30.1.254/24 y  r  z 10.30.2.254/24 ------ w c
///                                                           10.30.2.2/24 10.30.9.9/24 10.30.8.8/24
/// a routes 10.30.2.0/24 and 10.30.9.0/24 via r and has no route to 10.30.8.0/24; r knows
/// only its own subnets, so with `r_forwards` it answers for 10.30.9.9 with ICMP net
/// unreachable, and without forwarding it drops everything for c silently.
inline Topology DeadEndTopology(bool r_forwards) {
  Topology t;
  t.name = "deadend";
  const Family v4 = Family::kIpv4;
  Node a{"a", {}, {MakeRoute(v4, "10.30.2.0/24", "10.30.1.254"),
                   MakeRoute(v4, "10.30.9.0/24", "10.30.1.254")}, {}};
  Node r{"r", {}, {}, {}};
  if (r_forwards) r.sysctls = {{"net.ipv4.ip_forward", "1", {}}};
  Node c{"c", {}, {MakeRoute(v4, "default", "10.30.2.254")}, {}};
  t.nodes = {a, r, c};
  t.links.push_back(MakeLink(MakeEnd("a", "x", std::nullopt, {Addr(v4, "10.30.1.1/24")}),
                             MakeEnd("r", "y", std::nullopt, {Addr(v4, "10.30.1.254/24")})));
  t.links.push_back(MakeLink(
      MakeEnd("r", "z", std::nullopt, {Addr(v4, "10.30.2.254/24")}),
      MakeEnd("c", "w", std::nullopt,
              {Addr(v4, "10.30.2.2/24"), Addr(v4, "10.30.9.9/24"), Addr(v4, "10.30.8.8/24")})));
  return t;
}

}  // namespace mtulab::integration

#endif  // MTULAB_TESTS_INTEGRATION_TRANSPORT_TOPOLOGIES_H_
