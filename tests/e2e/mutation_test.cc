// Each shipped seed case must be able to fail: a copy with the decisive setting flipped is
// run through the real binary and that case must come out as a failure in the JUnit.
#include <unistd.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

struct Mutation {
  const char* suite;  // file under suites/ or topologies/ to edit
  const char* suite_name;
  const char* case_name;
  const char* in_case;  // case whose region is edited ("" = the whole file)
  const char* from;
  const char* to;
  const char* expect_in_failure;  // a fact the failure must name
  bool every = false;             // replace every occurrence of `from` in the region
  const char* label = nullptr;    // the test's name when the case has several rows
  bool lane = false;              // needs a kernel this machine lacks: runs only on the kernel lane
};

// The kernel lane (ci/kernel-lane.sh) names a kernel directory here; lane rows run in it.
constexpr char kLaneKernelEnv[] = "MTULAB_LANE_KERNEL";
constexpr char kMssFile[] = "suites/mss_clamp_tunnel_gateway.xml";
constexpr char kMssSuite[] = "mss-clamp-tunnel-gateway";

const Mutation kMutations[] = {
    {"topologies/seed003_calico.xml", "seed003-calico", "small_ping_crosses", "",
     "<node name=\"ceos\" forwarding=\"true\">", "<node name=\"ceos\">", "ping.result"},
    {"topologies/seed003_calico.xml", "seed003-calico", "pod_mtu_1450_blocks_8900_df", "",
     "name=\"eth0\" mtu=\"1450\" ipv4=\"192.168.1.10/24\"",
     "name=\"eth0\" mtu=\"8950\" ipv4=\"192.168.1.10/24\"", "ping.mtu"},
    {"suites/seed003_calico.xml", "seed003-calico", "pod_mtu_8950_passes_8900_df",
     "pod_mtu_8950_passes_8900_df", "<mtu node=\"worker3\" dev=\"cali0\" value=\"8950\"/>",
     "<mtu node=\"worker3\" dev=\"cali0\" value=\"1450\"/>", "ping.result"},
    {"suites/seed003_calico.xml", "seed003-calico", "pod_mtu_8950_passes_8900_df",
     "pod_mtu_8950_passes_8900_df", "<mtu node=\"client\" dev=\"eth0\" value=\"8950\"/>",
     "<mtu node=\"client\" dev=\"eth0\" value=\"9000\"/>", "ping.result", false,
     "pod_mtu_8950_passes_8900_df_pod_at_9000"},
    {"topologies/seed003_vlan_svi.xml", "seed003-svi", "svi_9000_jumbo_crosses", "",
     "name=\"vlan20\" mtu=\"9000\"", "name=\"vlan20\" mtu=\"1500\"", "ping.result"},
    {"suites/seed003_vlan_svi.xml", "seed003-svi", "svi_1500_frag_needed_then_restored",
     "svi_1500_frag_needed_then_restored", "dev=\"vlan20\" value=\"1500\"",
     "dev=\"vlan20\" value=\"9000\"", "route.pmtu"},
    {"suites/seed003_vlan_svi.xml", "seed003-svi", "ipv6_svi_1500_packet_too_big",
     "ipv6_svi_1500_packet_too_big", "dev=\"vlan20\" value=\"1500\"",
     "dev=\"vlan20\" value=\"9000\"", "ping.result"},
    {"suites/seed003_vlan_svi.xml", "seed003-svi", "rpf_strict_drops_mgmt_sourced_icmp",
     "rpf_strict_drops_mgmt_sourced_icmp", "rp_filter\" value=\"1\"", "rp_filter\" value=\"2\"",
     "counter.TcpExt.IPReversePathFilter.delta"},
    {"suites/seed003_vlan_svi.xml", "seed003-svi", "rpf_loose_learns_1500_from_mgmt",
     "rpf_loose_learns_1500_from_mgmt", "rp_filter\" value=\"2\"", "rp_filter\" value=\"1\"",
     "ping.icmp_from"},
    {"suites/seed003_vlan_svi.xml", "seed003-svi", "rpf_strict_with_inbound_ifaddr_on_switch",
     "rpf_strict_with_inbound_ifaddr_on_switch", "inbound_ifaddr\" value=\"1\"",
     "inbound_ifaddr\" value=\"0\"", "ping.result"},
    {"topologies/seed004_pmtu.xml", "seed004-pmtu", "exception_learned_expires_600s", "",
     "name=\"r-pc\" mtu=\"1000\"", "name=\"r-pc\" mtu=\"1400\"", "ping.mtu"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "route_mtu_lock_800", "route_mtu_lock_800",
     "lock=\"true\"", "lock=\"false\"", "route.locked"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "pmtu_disc_default_sets_df",
     "pmtu_disc_default_sets_df", "size=\"1400\">", "size=\"900\">", "ping.result"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "ip_no_pmtu_disc_clears_df",
     "ip_no_pmtu_disc_clears_df", "ip_no_pmtu_disc\" value=\"1\"", "ip_no_pmtu_disc\" value=\"0\"",
     "ping.result"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "short_mtu_expires_forgets",
     "short_mtu_expires_forgets", "mtu_expires\" value=\"2\"", "mtu_expires\" value=\"600\"",
     "route.exception"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "min_pmtu_locks_552", "min_pmtu_locks_552",
     "<mtu node=\"router\" dev=\"r-pc\" value=\"400\"/>\n      <mtu node=\"pc\" dev=\"enp4s0\" "
     "value=\"400\"/>",
     "<mtu node=\"router\" dev=\"r-pc\" value=\"800\"/>\n      <mtu node=\"pc\" dev=\"enp4s0\" "
     "value=\"800\"/>",
     "route.pmtu"},
    {"suites/seed004_linux_pmtu.xml", "seed004-pmtu", "min_pmtu_1000_locks_1000",
     "min_pmtu_1000_locks_1000", "min_pmtu\" value=\"1000\"", "min_pmtu\" value=\"552\"",
     "route.pmtu"},
    // Issue 4: link kinds. The GRE rows need a kernel with GRE: they run on the kernel lane.
    {"topologies/seed001_midonet_gre.xml", "seed001-midonet-gre",
     "gretap_underlay_1500_carries_1454", "", "key=\"46\"\n        csum=\"true\"", "csum=\"true\"",
     "link.mtu", true, nullptr, true},
    {"suites/seed001_midonet_gre.xml", "seed001-midonet-gre", "underlay_1546_carries_1500",
     "underlay_1546_carries_1500", "value=\"1546\"", "value=\"1545\"", "sweep.path_mtu", true,
     nullptr, true},
    {"topologies/seed001_midonet.xml", "seed001-midonet", "underlay_1500_carries_1450", "",
     "name=\"vx0\" vni=\"100\" local=\"172.16.0.1\"",
     "name=\"vx0\" mtu=\"1400\" vni=\"100\" local=\"172.16.0.1\"", "sweep.path_mtu"},
    {"suites/seed001_midonet.xml", "seed001-midonet", "underlay_1550_carries_1500",
     "underlay_1550_carries_1500", "value=\"1550\"", "value=\"1500\"", "sweep.path_mtu", true},
    {"suites/seed001_midonet.xml", "seed001-midonet", "lro_off_on_forwarding_uplink",
     "lro_off_on_forwarding_uplink", "state=\"off\"", "state=\"on\"", "offload.lro.applied"},
    {"suites/seed002_overheads.xml", "seed002-overheads", "vxlan_ipv4_underlay_50",
     "vxlan_ipv4_underlay_50", "to=\"b:vx4\"", "to=\"b:vx6\"", "overhead", true},
    {"topologies/seed002_overheads.xml", "seed002-overheads", "vxlan_ipv4_underlay_50", "",
     "dstport=\"4789\" df=\"set\" mtu=\"9000\" ipv4=\"10.4.0.2/24\"",
     "dstport=\"4789\" df=\"set\" mtu=\"1400\" ipv4=\"10.4.0.2/24\"", "sweep.overhead", false,
     "vxlan_ipv4_underlay_50_b_side_only"},
    {"suites/seed002_overheads.xml", "seed002-overheads", "vxlan_ipv6_underlay_70",
     "vxlan_ipv6_underlay_70", "to=\"b:vx6\"", "to=\"b:vx4\"", "overhead", true},
    {"topologies/seed002_overheads.xml", "seed002-overheads", "vxlan_derived_mtus", "",
     "name=\"vxd4\" vni=\"14\" local=\"172.16.0.1\"",
     "name=\"vxd4\" mtu=\"1400\" vni=\"14\" local=\"172.16.0.1\"", "sweep.path_mtu"},
    {"suites/seed002_overheads.xml", "seed002-overheads", "wireguard_ipv4_underlay_60",
     "wireguard_ipv4_underlay_60", "to=\"b:wg4\"", "to=\"b:wg6\"", "encap.overhead"},
    {"suites/seed002_overheads.xml", "seed002-overheads", "wireguard_ipv6_underlay_80",
     "wireguard_ipv6_underlay_80", "to=\"b:wg6\"", "to=\"b:wg4\"", "encap.overhead"},
    {"suites/seed002_fragmentation.xml", "seed002-fragmentation",
     "ipv4_router_fragments_without_df", "ipv4_router_fragments_without_df", "df=\"dont\"",
     "df=\"do\"", "ping.result"},
    {"suites/seed002_fragmentation.xml", "seed002-fragmentation",
     "ipv6_router_sends_ptb_sender_fragments", "ipv6_router_sends_ptb_sender_fragments",
     "df=\"dont\"", "df=\"do\"", "ping.replies"},
    {"topologies/seed000_liqo.xml", "seed000-liqo", "underlay_1500_wg_1440", "",
     "name=\"liqo.wg\" listen_port=\"51840\" mtu=\"1440\"\n        ipv4=\"10.80.0.1/30\"",
     "name=\"liqo.wg\" listen_port=\"51840\" mtu=\"1500\"\n        ipv4=\"10.80.0.1/30\"",
     "sweep.largest_payload"},
    // One gateway's tunnel MTU wrong: only the sweep from its own side can see it.
    {"topologies/seed000_liqo.xml", "seed000-liqo", "underlay_1500_wg_1440", "",
     "node=\"gw2\" name=\"liqo.wg\" listen_port=\"51840\" mtu=\"1440\"",
     "node=\"gw2\" name=\"liqo.wg\" listen_port=\"51840\" mtu=\"1500\"", "sweep.largest_payload",
     false, "underlay_1500_wg_1440_gw2_only"},
    {"suites/seed000_liqo.xml", "seed000-liqo", "underlay_9000_wg_8940", "underlay_9000_wg_8940",
     "<mtu node=\"gw2\" dev=\"liqo.wg\" value=\"8940\"/>",
     "<mtu node=\"gw2\" dev=\"liqo.wg\" value=\"9000\"/>", "sweep.largest_payload", false,
     "underlay_9000_wg_8940_gw2_only"},
    {"suites/seed000_liqo.xml", "seed000-liqo", "underlay_1500_wg_1500_fragments_outer",
     "underlay_1500_wg_1500_fragments_outer", "value=\"1500\"", "value=\"1440\"",
     "counter.Ip.FragOKs", true},
    {"suites/seed000_liqo.xml", "seed000-liqo", "underlay_9000_wg_8940", "underlay_9000_wg_8940",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"8940\"/>",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"9000\"/>", "sweep.largest_payload"},
    {"suites/seed000_liqo.xml", "seed000-liqo", "aks_1400_path_wg_1340", "aks_1400_path_wg_1340",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"1340\"/>",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"1440\"/>", "sweep.largest_payload"},
    {"suites/seed000_liqo.xml", "seed000-liqo", "aks_1400_path_wg_1440_loses_first_packet",
     "aks_1400_path_wg_1440_loses_first_packet", "<mtu node=\"ra\" dev=\"mid\" value=\"1400\"/>",
     "<mtu node=\"ra\" dev=\"mid\" value=\"1500\"/>", "ping.replies"},
    {"suites/seed000_liqo.xml", "seed000-liqo", "gce_1460_wg_1400", "gce_1460_wg_1400",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"1400\"/>",
     "<mtu node=\"gw1\" dev=\"liqo.wg\" value=\"1440\"/>", "sweep.largest_payload"},
    // Transport, capture and nftables cases (issue 3).
    {"topologies/tunnel_1400.xml", "seed002-mss-clamp", "no_clamp_syn_keeps_1460", "",
     "name=\"eth0\" mtu=\"1500\" ipv4=\"10.1.0.10/24\"",
     "name=\"eth0\" mtu=\"1400\" ipv4=\"10.1.0.10/24\"", "capture.tcp_syn.mss"},
    {"suites/seed002_mss_clamp.xml", "seed002-mss-clamp", "clamp_fixed_1360", "clamp_fixed_1360",
     "mss=\"1360\"", "mss=\"1460\"", "capture.tcp_syn.mss"},
    {"suites/seed002_mss_clamp.xml", "seed002-mss-clamp", "clamp_to_route_mtu_ipv4",
     "clamp_to_route_mtu_ipv4", "dev=\"tun0\"", "dev=\"lan0\"", "capture.tcp_syn.mss"},
    {"suites/seed002_mss_clamp.xml", "seed002-mss-clamp", "clamp_to_route_mtu_ipv6",
     "clamp_to_route_mtu_ipv6", "dev=\"tun0\"", "dev=\"lan0\"", "capture.tcp_syn.mss"},
    {"topologies/tunnel_1400.xml", "seed002-mss-clamp", "no_clamp_ipv6_syn_keeps_1440", "",
     "name=\"eth0\" mtu=\"1500\" ipv4=\"10.1.0.10/24\"",
     "name=\"eth0\" mtu=\"1400\" ipv4=\"10.1.0.10/24\"", "capture.tcp_syn.mss"},
    {"topologies/seed003_vlan_svi.xml", "seed003-tls", "tls_svi_9000_completes", "",
     "name=\"vlan20\" mtu=\"9000\"", "name=\"vlan20\" mtu=\"1500\"",
     "capture.icmp_frag_needed.count"},
    {"suites/seed003_tls_svi.xml", "seed003-tls", "tls_strict_rpf_black_hole",
     "tls_strict_rpf_black_hole", "rp_filter\" value=\"1\"", "rp_filter\" value=\"2\"",
     "tcp.stalled"},
    // A stall window must outlast the recovery a misconfiguration enables: black hole
    // detection (tcp_mtu_probing=1) gets through after 3.2 s here, 6.5 s in seed004.
    {"suites/seed003_tls_svi.xml", "seed003-tls", "tls_strict_rpf_black_hole",
     "tls_strict_rpf_black_hole",
     "<sysctl node=\"api\" name=\"net.ipv4.conf.all.rp_filter\" value=\"1\"/>",
     "<sysctl node=\"api\" name=\"net.ipv4.conf.all.rp_filter\" value=\"1\"/><sysctl "
     "node=\"api\" name=\"net.ipv4.tcp_mtu_probing\" value=\"1\"/>",
     "tcp.stalled", false, "tls_strict_rpf_black_hole_mtu_probing_1"},
    {"suites/seed003_tls_svi.xml", "seed003-tls", "tls_loose_rpf_pmtud_then_mss_1460",
     "tls_loose_rpf_pmtud_then_mss_1460", "rp_filter\" value=\"2\"", "rp_filter\" value=\"1\"",
     "tcp.completed"},
    {"suites/seed003_tls_svi.xml", "seed003-tls", "tls_inbound_ifaddr_fix",
     "tls_inbound_ifaddr_fix", "inbound_ifaddr\" value=\"1\"", "inbound_ifaddr\" value=\"0\"",
     "tcp.completed"},
    {"topologies/tunnel_1400.xml", "seed004-black-holes", "pmtud_control_completes", "",
     "name=\"tun0\" mtu=\"1400\"", "name=\"tun0\" mtu=\"1500\"", "tcp.client.pmtu", true},
    {"suites/seed004_black_holes.xml", "seed004-black-holes", "icmp_filtered_black_hole",
     "icmp_filtered_black_hole", "hook=\"output\"", "hook=\"input\"", "tcp.stalled"},
    {"suites/seed004_black_holes.xml", "seed004-black-holes", "icmp_filtered_black_hole",
     "icmp_filtered_black_hole", "<icmp-filter node=\"r1\" hook=\"output\" drop=\"frag-needed\"/>",
     "<icmp-filter node=\"r1\" hook=\"output\" drop=\"frag-needed\"/><sysctl node=\"client\" "
     "name=\"net.ipv4.tcp_mtu_probing\" value=\"1\"/>",
     "tcp.stalled", false, "icmp_filtered_black_hole_mtu_probing_1"},
    {"suites/seed004_black_holes.xml", "seed004-black-holes", "all_icmp_filtered",
     "all_icmp_filtered", "hook=\"output\" drop=\"all\"", "hook=\"output\" drop=\"frag-needed\"",
     "ping.result"},
    {"suites/seed004_black_holes.xml", "seed004-black-holes",
     "icmp_filtered_tcp_mtu_probing_completes", "icmp_filtered_tcp_mtu_probing_completes",
     "tcp_mtu_probing\" value=\"2\"", "tcp_mtu_probing\" value=\"0\"", "tcp.completed"},
    {"suites/seed004_black_holes.xml", "seed004-black-holes",
     "ip_no_pmtu_disc_tcp_fragmented_by_router", "ip_no_pmtu_disc_tcp_fragmented_by_router",
     "ip_no_pmtu_disc\" value=\"1\"", "ip_no_pmtu_disc\" value=\"0\"",
     "capture.ipv4_fragments.count"},
    {"suites/seed004_offloads.xml", "seed004-offloads", "tso_gso_on_capture_shows_super_packets",
     "tso_gso_on_capture_shows_super_packets", "<capture-start name=\"sent\"",
     "<set node=\"vm\" dev=\"ens9\" offload=\"tso\" state=\"off\"/><set node=\"vm\" "
     "dev=\"ens9\" offload=\"gso\" state=\"off\"/><capture-start name=\"sent\"",
     "capture.over_mtu.count"},
    {"suites/seed004_offloads.xml", "seed004-offloads", "tso_gso_off_capture_within_mtu",
     "tso_gso_off_capture_within_mtu", "state=\"off\"", "state=\"on\"", "capture.over_mtu.count",
     true},
    // Real CNI plugins (issue 14): the decisive setting is in the CNI configuration.
    {"topologies/cni/bridge_mtu1400.conflist", "cni-bridge-mtu", "pod_df_boundary_1400", "",
     "\"mtu\": 1400", "\"mtu\": 1500", "ping.result"},
    {"topologies/cni/bridge_mtu1400.conflist", "cni-bridge-mtu",
     "node_sends_frag_needed_for_the_pod", "", "\"mtu\": 1400", "\"mtu\": 1500", "ping.result"},
    {"topologies/cni/bridge_tuning1280.conflist", "cni-tuning-black-hole",
     "large_icmp_and_udp_vanish_tcp_completes", "", "\"mtu\": 1280", "\"mtu\": 1500",
     "ping.result"},
    {"topologies/cni/bridge_tuning1280.conflist", "cni-tuning-black-hole",
     "small_packets_cross_the_mismatch", "", "\"mtu\": 1280", "\"mtu\": 1500", "ping.result"},
    {"topologies/cni/ptp_mtu1400.conflist", "cni-ptp-pmtu",
     "node_frag_needed_pmtu_cached_tcp_completes", "", "\"mtu\": 1400", "\"mtu\": 1500",
     "ping.result"},
    {"suites/cni_ptp_pmtu.xml", "cni-ptp-pmtu", "within_the_smaller_mtu_crosses",
     "within_the_smaller_mtu_crosses", "size=\"1372\"", "size=\"1373\"", "ping.result"},
    {"topologies/cni/overlay_node1_mtu1500.conflist", "cni-vxlan-overlay",
     "pod_mtu_1500_cross_node_black_hole", "", "\"mtu\": 1500", "\"mtu\": 1450", "ping.result"},
    {"topologies/cni/overlay_node1_mtu1450.conflist", "cni-vxlan-overlay",
     "pod_mtu_1450_fixed_config_passes", "", "\"mtu\": 1450", "\"mtu\": 1500", "ping.result"},
    {"topologies/cni/macvlan_mtu9000.conf", "cni-macvlan-mtu", "macvlan_above_master_mtu_refused",
     "", "\"mtu\": 9000", "\"mtu\": 1450", "cni.result"},
    // Issue 14 item 2: each MSS clamp case, per backend, turns red when its clamp is removed,
    // made one-way, or (the incident case) added.
    {kMssFile, kMssSuite, "missing_clamp_black_holes_both_ways",
     "missing_clamp_black_holes_both_ways", "    </override>",
     "      <mss-clamp node=\"r1\"/>\n    </override>", "tcp.stalled"},
    {kMssFile, kMssSuite, "one_way_clamp_nftables", "one_way_clamp_nftables",
     "      <mss-clamp node=\"r1\" dev=\"tun0\" backend=\"nftables\"/>\n", "", "tcp.completed",
     false, "one_way_clamp_nftables_removed"},
    {kMssFile, kMssSuite, "one_way_clamp_nftables", "one_way_clamp_nftables",
     "dev=\"tun0\" backend=\"nftables\"", "backend=\"nftables\"", "capture.tcp_synack.mss", false,
     "one_way_clamp_nftables_made_both_ways"},
    {kMssFile, kMssSuite, "clamp_both_ways_nftables", "clamp_both_ways_nftables",
     "      <mss-clamp node=\"r1\" backend=\"nftables\"/>\n", "", "tcp.completed", false,
     "clamp_both_ways_nftables_removed"},
    {kMssFile, kMssSuite, "clamp_both_ways_nftables", "clamp_both_ways_nftables",
     "<mss-clamp node=\"r1\" backend=\"nftables\"/>",
     "<mss-clamp node=\"r1\" dev=\"tun0\" backend=\"nftables\"/>", "capture.tcp_synack.mss", false,
     "clamp_both_ways_nftables_made_one_way"},
    {kMssFile, kMssSuite, "one_way_clamp_iptables", "one_way_clamp_iptables",
     "      <mss-clamp node=\"r1\" dev=\"tun0\" backend=\"iptables\"/>\n", "", "tcp.completed",
     false, "one_way_clamp_iptables_removed"},
    {kMssFile, kMssSuite, "one_way_clamp_iptables", "one_way_clamp_iptables",
     "dev=\"tun0\" backend=\"iptables\"", "backend=\"iptables\"", "capture.tcp_synack.mss", false,
     "one_way_clamp_iptables_made_both_ways"},
    {kMssFile, kMssSuite, "clamp_both_ways_iptables", "clamp_both_ways_iptables",
     "      <mss-clamp node=\"r1\" backend=\"iptables\"/>\n", "", "tcp.completed", false,
     "clamp_both_ways_iptables_removed"},
    {kMssFile, kMssSuite, "clamp_both_ways_iptables", "clamp_both_ways_iptables",
     "<mss-clamp node=\"r1\" backend=\"iptables\"/>",
     "<mss-clamp node=\"r1\" dev=\"tun0\" backend=\"iptables\"/>", "capture.tcp_synack.mss", false,
     "clamp_both_ways_iptables_made_one_way"},
    // The edge's rule matching another TOS (0x08, maximize throughput): the echo takes 1500.
    {"topologies/dscp_policy_edge.xml", "dscp-policy-routing",
     "lowdelay_class_learns_the_vpn_path_mtu", "", "<rule dsfield=\"0x10\" table=\"100\"/>",
     "<rule dsfield=\"0x08\" table=\"100\"/>", "ping.result"},
    // The datagram unmarked: nothing meets the VPN's 1400 hop, bulk traffic keeps 1500.
    {"suites/dscp_policy_routing.xml", "dscp-policy-routing", "lowdelay_exception_caps_bulk_too",
     "lowdelay_exception_caps_bulk_too", "tos=\"0x10\"", "tos=\"0x00\"", "udp.icmp"},
};

// Names the parameter by its case, so test listings stay readable.
void PrintTo(const Mutation& m, std::ostream* os) {
  *os << m.suite_name << "/" << (m.label ? m.label : m.case_name);
}

class MutationTest : public ::testing::TestWithParam<Mutation> {
 protected:
  // `mtulab run` on the case, in the lane's kernel for a lane row; false: skip (why in `why`).
  bool Run(const Mutation& m, const TempDir& dir, const std::string& junit, ProcessResult& r,
           std::string& why) {
    std::vector<std::string> args = {
        "run", "--filter", std::string(m.suite_name) + "/" + m.case_name, "--junit", junit};
    if (m.lane) {
      const char* kernel = std::getenv(kLaneKernelEnv);
      if (kernel == nullptr || *kernel == '\0') {
        why = std::string("runs on the kernel lane: ci/kernel-lane.sh sets ") + kLaneKernelEnv;
        return false;
      }
      args.insert(args.end(), {"--kernel", kernel});
    }
    r = RunMtulab(args, dir.path());
    return true;
  }
};

TEST_P(MutationTest, FlippingTheDecisiveSettingMakesTheCaseFail) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const Mutation& m = GetParam();
  TempDir dir;
  CopyShippedFiles(dir.path());
  Mutate(dir.path() + "/" + m.suite, m.in_case, m.from, m.to, m.every);
  std::string junit = dir.path() + "/j.xml";
  ProcessResult r;
  if (std::string why; !Run(m, dir, junit, r, why)) GTEST_SKIP() << why;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), 1u) << r.out;
  EXPECT_EQ(cases[0].name, m.case_name);
  EXPECT_EQ(cases[0].outcome, "failure") << cases[0].message;
  EXPECT_NE(cases[0].body.find(m.expect_in_failure), std::string::npos) << cases[0].body;
}

// Also run the unmutated case: the mutation, not the setup, must be what fails.
TEST_P(MutationTest, TheUnmutatedCasePasses) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const Mutation& m = GetParam();
  TempDir dir;
  CopyShippedFiles(dir.path());
  std::string junit = dir.path() + "/j.xml";
  ProcessResult r;
  if (std::string why; !Run(m, dir, junit, r, why)) GTEST_SKIP() << why;
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  ASSERT_EQ(ParseJunit(junit).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(SeedCases, MutationTest, ::testing::ValuesIn(kMutations),
                         [](const ::testing::TestParamInfo<Mutation>& info) {
                           return std::string(info.param.label ? info.param.label
                                                               : info.param.case_name);
                         });

}  // namespace
}  // namespace mtulab::e2e
