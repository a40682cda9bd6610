// The predictor on every shipped topology, checked against what the shipped suites measured
// on the kernel (their literal expectations).
#include <gtest/gtest.h>

#include "harness/plan/net_model.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

struct ShippedPath {
  const char* file;       // topology, or suite when case_name is set
  const char* case_name;  // "" for the topology as written
  const char* from;
  const char* to;
  Family family;
  uint32_t pmtu;
  const char* bottleneck;  // "node ifname"
  uint32_t mss;
  uint32_t learned;
  const char* explain;
};

void PrintTo(const ShippedPath& p, std::ostream* os) {
  *os << p.file << " " << p.case_name << " " << p.from << " -> " << p.to;
}

constexpr Family k4 = Family::kIpv4;
constexpr Family k6 = Family::kIpv6;

// Each row's pmtu / learned value is the one the shipped suite measures (its literal).
const ShippedPath kShipped[] = {
    {"topologies/seed000_liqo.xml", "", "host1", "host2:liqo.host", k4, 1440, "gw1 liqo.wg", 1400,
     1440, "pmtu 1440 = liqo.wg on gw1 (mtu 1440)"},
    {"suites/seed000_liqo.xml", "underlay_9000_wg_8940", "host1", "host2:liqo.host", k4, 8940,
     "gw1 liqo.wg", 8900, 8940, "pmtu 8940 = liqo.wg on gw1 (mtu 8940)"},
    {"suites/seed000_liqo.xml", "underlay_1500_wg_1500_fragments_outer", "host1", "host2:liqo.host",
     k4, 1500, "gw1 liqo.wg", 1460, 1500,
     "pmtu 1500 = liqo.wg on gw1 (mtu 1500); liqo.wg on gw1 fragments its outer packets above "
     "1440"},
    {"suites/seed000_liqo.xml", "aks_1400_path_wg_1340", "host1", "host2:liqo.host", k4, 1340,
     "gw1 liqo.wg", 1300, 1340, "pmtu 1340 = liqo.wg on gw1 (mtu 1340)"},
    {"suites/seed000_liqo.xml", "aks_1400_path_wg_1440_loses_first_packet", "gw1", "gw2:u0", k4,
     1400, "ra mid", 1360, 1400, "pmtu 1400 = mid on ra (mtu 1400)"},
    {"suites/seed000_liqo.xml", "aks_1400_path_wg_1440_loses_first_packet", "gw2", "gw1:u0", k4,
     1400, "rb mid", 1360, 1400, "pmtu 1400 = mid on rb (mtu 1400)"},
    {"suites/seed000_liqo.xml", "gce_1460_wg_1400", "host1", "host2:liqo.host", k4, 1400,
     "gw1 liqo.wg", 1360, 1400, "pmtu 1400 = liqo.wg on gw1 (mtu 1400)"},
    {"topologies/seed001_midonet.xml", "", "gw1", "gw2:vx0", k4, 1450, "gw1 vx0", 1410, 1450,
     "pmtu 1450 = vx0 on gw1 (derived: uplink0 1500 - 50 vxlan)"},
    {"suites/seed001_midonet.xml", "underlay_1550_carries_1500", "gw1", "gw2:vx0", k4, 1500,
     "gw1 vx0", 1460, 1500, "pmtu 1500 = vx0 on gw1 (derived: uplink0 1550 - 50 vxlan)"},
    // A key and a checksum add 4 bytes each to the gretap's 38.
    {"topologies/seed001_midonet_gre.xml", "", "gw1", "gw2:gt0", k4, 1454, "gw1 gt0", 1414, 1454,
     "pmtu 1454 = gt0 on gw1 (derived: 1500 - 46 gretap, no underlay route yet when mtulab "
     "creates it)"},
    {"suites/seed001_midonet_gre.xml", "underlay_1546_carries_1500", "gw1", "gw2:gt0", k4, 1500,
     "gw1 gt0", 1460, 1500, "pmtu 1500 = gt0 on gw1 (mtu 1500)"},
    {"topologies/seed002_overheads.xml", "", "a", "b:vx4", k4, 1450, "a vx4", 1410, 1450,
     "pmtu 1450 = vx4 on a (1500 underlay - 50 vxlan)"},
    {"topologies/seed002_overheads.xml", "", "a", "b:vx6", k4, 1430, "a vx6", 1390, 1430,
     "pmtu 1430 = vx6 on a (1500 underlay - 70 vxlan)"},
    {"topologies/seed002_overheads.xml", "", "a", "b:vxd4", k4, 1450, "a vxd4", 1410, 1450,
     "pmtu 1450 = vxd4 on a (derived: u0 1500 - 50 vxlan)"},
    {"topologies/seed002_overheads.xml", "", "a", "b:vxd6", k4, 1430, "a vxd6", 1390, 1430,
     "pmtu 1430 = vxd6 on a (derived: u0 1500 - 70 vxlan)"},
    {"topologies/seed002_overheads.xml", "", "a", "b:wg6", k4, 1500, "a wg6", 1460, 1500,
     "pmtu 1500 = wg6 on a (mtu 1500); wg6 on a fragments its outer packets above 1420"},
    {"topologies/seed002_overheads.xml", "", "a", "b:u0", k6, 1500, "a u0", 1440, 1500,
     "pmtu 1500 = u0 on a (mtu 1500)"},
    {"topologies/seed003_calico.xml", "", "client", "server:eth0", k4, 1450, "client eth0", 1410,
     1450, "pmtu 1450 = eth0 on client (mtu 1450)"},
    {"suites/seed003_calico.xml", "pod_mtu_8950_passes_8900_df", "client", "server:eth0", k4, 8950,
     "client eth0", 8910, 8950, "pmtu 8950 = eth0 on client (mtu 8950)"},
    {"topologies/seed003_vlan_svi.xml", "", "api", "worker3:eth1", k4, 9000, "api eth1", 8960, 9000,
     "pmtu 9000 = eth1 on api (mtu 9000)"},
    {"suites/seed003_vlan_svi.xml", "svi_1500_frag_needed_then_restored", "api", "worker3:eth1", k4,
     1500, "ceos vlan20", 1460, 1500, "pmtu 1500 = vlan20 on ceos (mtu 1500)"},
    {"suites/seed003_vlan_svi.xml", "ipv6_svi_1500_packet_too_big", "api", "worker3:eth1", k6, 1500,
     "ceos vlan20", 1440, 1500, "pmtu 1500 = vlan20 on ceos (mtu 1500)"},
    // The black hole of seed 003: the switch's frag-needed comes from 172.20.20.2, which api's
    // strict rp_filter drops; the suite measures route.pmtu 9000 (nothing learned).
    {"suites/seed003_vlan_svi.xml", "rpf_strict_drops_mgmt_sourced_icmp", "api", "worker3:eth1", k4,
     1500, "ceos vlan20", 1460, 9000,
     "pmtu 1500 = vlan20 on ceos (mtu 1500); PMTUD stays at 9000: frag-needed from ceos "
     "(172.20.20.2) is dropped by api's strict rp_filter on eth1 (api reaches 172.20.20.2 via "
     "mgmt0)"},
    {"suites/seed003_vlan_svi.xml", "rpf_loose_learns_1500_from_mgmt", "api", "worker3:eth1", k4,
     1500, "ceos vlan20", 1460, 1500, "pmtu 1500 = vlan20 on ceos (mtu 1500)"},
    {"suites/seed003_vlan_svi.xml", "rpf_strict_with_inbound_ifaddr_on_switch", "api",
     "worker3:eth1", k4, 1500, "ceos vlan20", 1460, 1500, "pmtu 1500 = vlan20 on ceos (mtu 1500)"},
    {"topologies/seed004_pmtu.xml", "", "vm", "pc:enp4s0", k4, 1000, "router r-pc", 960, 1000,
     "pmtu 1000 = r-pc on router (mtu 1000)"},
    {"suites/seed004_linux_pmtu.xml", "route_mtu_lock_800", "vm", "pc:enp4s0", k4, 800, "vm ens9",
     760, 800,
     "pmtu 800 = ens9 on vm (route mtu lock 800); the sender caches mtu lock 800 (the route's "
     "lock)"},
    {"suites/seed004_linux_pmtu.xml", "min_pmtu_locks_552", "vm", "pc:enp4s0", k4, 400,
     "router r-pc", 360, 552,
     "pmtu 400 = r-pc on router (mtu 400); the sender caches mtu lock 552 (route/min_pmtu)"},
    {"suites/seed004_linux_pmtu.xml", "min_pmtu_1000_locks_1000", "vm", "pc:enp4s0", k4, 400,
     "router r-pc", 360, 1000,
     "pmtu 400 = r-pc on router (mtu 400); the sender caches mtu lock 1000 (route/min_pmtu)"},
    // pmtu.sh's tunnel tests (bench/pmtu_sh): a 5000 tunnel over a 4000 underlay hop; the
    // overhead comes from each kind's row (ipip / sit 20, ip6tnl 48, geneve 50 / 70).
    {"bench/pmtu_sh/ip4ip4.topo.xml", "", "A", "B:ip_b", k4, 3980, "A ip_a", 3940, 3980,
     "pmtu 3980 = ip_a on A (4000 underlay at veth_R1-B on R1 - 20 ipip)"},
    {"bench/pmtu_sh/ip6ip4.topo.xml", "", "A", "B:ip_b", k6, 3980, "A ip_a", 3920, 3980,
     "pmtu 3980 = ip_a on A (4000 underlay at veth_R1-B on R1 - 20 sit)"},
    {"bench/pmtu_sh/ip4ip6.topo.xml", "", "A", "B:ip_b", k4, 3952, "A ip_a", 3912, 3952,
     "pmtu 3952 = ip_a on A (4000 underlay at veth_R1-B on R1 - 48 ip6tnl)"},
    {"bench/pmtu_sh/ip6ip6.topo.xml", "", "A", "B:ip_b", k6, 3952, "A ip_a", 3892, 3952,
     "pmtu 3952 = ip_a on A (4000 underlay at veth_R1-B on R1 - 48 ip6tnl)"},
    {"bench/pmtu_sh/geneve4.topo.xml", "", "A", "B:geneve_b", k4, 3950, "A geneve_a", 3910, 3950,
     "pmtu 3950 = geneve_a on A (4000 underlay at veth_R1-B on R1 - 50 geneve)"},
    {"bench/pmtu_sh/geneve6.topo.xml", "", "A", "B:geneve_b", k6, 3930, "A geneve_a", 3870, 3930,
     "pmtu 3930 = geneve_a on A (4000 underlay at veth_R1-B on R1 - 70 geneve)"},
    // FOU adds 8, GUE 12 to the tunnel's own header (harness/model/tunnel_encap.cc).
    {"bench/pmtu_sh/fou44.topo.xml", "", "A", "B:fou_b", k4, 3972, "A fou_a", 3932, 3972,
     "pmtu 3972 = fou_a on A (4000 underlay at veth_R1-B on R1 - 28 ipip/fou)"},
    {"bench/pmtu_sh/fou46.topo.xml", "", "A", "B:fou_b", k6, 3972, "A fou_a", 3912, 3972,
     "pmtu 3972 = fou_a on A (4000 underlay at veth_R1-B on R1 - 28 sit/fou)"},
    {"bench/pmtu_sh/fou64.topo.xml", "", "A", "B:fou_b", k4, 3944, "A fou_a", 3904, 3944,
     "pmtu 3944 = fou_a on A (4000 underlay at veth_R1-B on R1 - 56 ip6tnl/fou)"},
    {"bench/pmtu_sh/fou66.topo.xml", "", "A", "B:fou_b", k6, 3944, "A fou_a", 3884, 3944,
     "pmtu 3944 = fou_a on A (4000 underlay at veth_R1-B on R1 - 56 ip6tnl/fou)"},
    {"bench/pmtu_sh/gue44.topo.xml", "", "A", "B:gue_b", k4, 3968, "A gue_a", 3928, 3968,
     "pmtu 3968 = gue_a on A (4000 underlay at veth_R1-B on R1 - 32 ipip/gue)"},
    {"bench/pmtu_sh/gue46.topo.xml", "", "A", "B:gue_b", k6, 3968, "A gue_a", 3908, 3968,
     "pmtu 3968 = gue_a on A (4000 underlay at veth_R1-B on R1 - 32 sit/gue)"},
    {"bench/pmtu_sh/gue64.topo.xml", "", "A", "B:gue_b", k4, 3940, "A gue_a", 3900, 3940,
     "pmtu 3940 = gue_a on A (4000 underlay at veth_R1-B on R1 - 60 ip6tnl/gue)"},
    {"bench/pmtu_sh/gue66.topo.xml", "", "A", "B:gue_b", k6, 3940, "A gue_a", 3880, 3940,
     "pmtu 3940 = gue_a on A (4000 underlay at veth_R1-B on R1 - 60 ip6tnl/gue)"},
};

class ShippedPathTest : public ::testing::TestWithParam<ShippedPath> {};

TEST_P(ShippedPathTest, AgreesWithTheMeasuredValue) {
  const ShippedPath& row = GetParam();
  Topology t =
      *row.case_name ? ShippedCase(row.file, row.case_name) : LoadTopology(Shipped(row.file));
  Prediction p = PredictPath(t, row.from, row.to, row.family);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.pmtu, row.pmtu);
  EXPECT_EQ(BottleneckOf(p), row.bottleneck);
  EXPECT_EQ(p.mss, row.mss);
  EXPECT_EQ(p.learned_pmtu, row.learned);
  EXPECT_EQ(p.Explain(), row.explain);
}

INSTANTIATE_TEST_SUITE_P(Shipped, ShippedPathTest, ::testing::ValuesIn(kShipped));

// Every node to every address of every shipped topology: a prediction or a reason, never a
// crash, and a pmtu no larger than the sender's first hop.
TEST(PredictorTest, EveryPathOfEveryShippedTopologyHasAPredictionOrAReason) {
  for (const std::string& file : ListXmlFiles(Shipped("topologies"))) {
    Topology t = LoadTopology(file);
    NetModel model(t);
    int predicted = 0;
    for (const Node& n : t.nodes) {
      for (const Iface& i : model.ifaces()) {
        if (i.node() == n.name) continue;
        for (const Address& a : i.end->addresses) {
          Prediction p = PredictPath(model, n.name, IpToString(a.Ip()), a.family);
          if (!p.ok) {
            EXPECT_FALSE(p.error.empty()) << file;
            continue;
          }
          ++predicted;
          EXPECT_LE(p.pmtu, p.hops[0].limits[0].bytes)
              << file << " " << n.name << " " << IpToString(a.Ip());
          EXPECT_EQ(p.mss, p.pmtu - (a.family == Family::kIpv4 ? 40u : 60u));
        }
      }
    }
    // Pods get their addresses from their CNI result when the lab is built: a topology of
    // pods (topologies/cni_ptp.xml) may hold no address to predict a path to.
    EXPECT_TRUE(predicted > 0 || !t.pods.empty()) << file;
  }
}

TEST(PredictorTest, ReverseEchoPathOfTheSviCaseIsLimitedOnlyByTheSilentDrop) {
  // worker3 (9000) answers api through a 1500 SVI: its large replies die at the SVI's
  // receive check, which seed002_fragmentation avoids by lowering worker3 too.
  Topology t = ShippedCase("suites/seed003_vlan_svi.xml", "svi_1500_frag_needed_then_restored");
  Prediction back = PredictPath(t, "worker3", "10.10.10.10", Family::kIpv4);
  ASSERT_TRUE(back.ok) << back.error;
  EXPECT_EQ(back.pmtu, 1500u);
  EXPECT_TRUE(back.black_hole);
  std::string why;
  EXPECT_EQ(FragmentingLimit(back, &why), 1500u);
  EXPECT_EQ(why, "vlan20 on ceos");
  EXPECT_EQ(back.Explain(),
            "pmtu 1500 = vlan20 on ceos (mtu 1500, receiving from eth1 on worker3: larger frames "
            "are dropped without ICMP); PMTUD stays at 9000: vlan20 on ceos drops larger packets "
            "without ICMP");
}

}  // namespace
}  // namespace mtulab
