// Every fact of the step registry is expected by at least one shipped case (suites/*.xml):
// a fact no case uses is documented but never shown to work on a real kernel (issue 12,
// "Done when"). Exempt below, each with its reason: facts kept only for reports, and (as a
// visible debt) the backlog of facts no case uses yet.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/config/loader.h"
#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

struct Exemption {
  const char* fact;  // "<step kind> <pattern>"
  const char* why;   // why no shipped case expects it
};

constexpr char kTiming[] =
    "a duration on a shared machine: speed is measured in bench/, never in a verdict";
constexpr char kBacklog[] = "backlog: not yet expected by a shipped case";
constexpr char kLinkSteps[] =
    "backlog: expected by bench/pmtu_sh/vti_link_*.xml (pmtu.sh's vti link tests, kernel lane) "
    "and checked on this host by tests/integration/probes_link_change_test.cc; no shipped suite "
    "yet";

constexpr Exemption kExempt[] = {
    // Kept for reports: no case's claim can rest on them.
    {"ping ping.cpu", "the CPU the step was pinned to, as asked (only with cpu): a read-back"},
    {"tcp tcp.duration_ms", kTiming},
    {"tcp tcp.connect_ms", kTiming},
    {"tcp tcp.last_progress_ms", kTiming},
    {"tcp tcp.throughput_mbps", kTiming},
    {"udp udp.duration_us", kTiming},
    {"delete-link delete.ms", kTiming},
    {"tcp tcp.<S>.connect.rcv_mss",
     "right after the handshake the kernel's first estimate is capped at 536 "
     "(tcp_initialize_rcv_mss: TCP_MSS_DEFAULT), whatever the path: measured 536 in "
     "seed002-mss-clamp/clamp_fixed_1360"},
    {"capture-stop capture.pcap_drops",
     "always 0 in a report: a drop makes the capture-stop an error"},
    {"capture-stop capture.kept_packets", "bookkeeping of the pcap file, not of the traffic"},
    // Backlog, NOT a reason: evidence facts no shipped case expects yet (issue 12 "Done
    // when"). Each is a debt: use it in a case whose claim it proves, then drop it here
    // (the second test insists). Listed so a new unused fact fails this test.
    {"pmtu route.src", kBacklog},
    {"pmtu route.advmss", kBacklog},
    {"link link.up", kBacklog},
    {"link link.carrier", kBacklog},
    {"link link.tx_packets", kBacklog},
    {"link link.tx_bytes", kBacklog},
    {"link link.tx_bytes.delta", kBacklog},
    {"link link.rx_packets", kBacklog},
    {"link link.rx_packets.delta", kBacklog},
    {"link link.rx_bytes", kBacklog},
    {"link link.rx_bytes.delta", kBacklog},
    {"link link.tx_dropped", kBacklog},
    {"link link.tx_dropped.delta", kBacklog},
    {"link link.rx_dropped", kBacklog},
    {"link link.offload.<G>.changeable", kBacklog},
    {"flush flush.ipv4_listed", kBacklog},
    {"flush flush.ipv6_listed", kBacklog},
    {"sweep sweep.probes", kBacklog},
    {"sweep sweep.failure", kBacklog},
    {"sweep sweep.underlay_mtu", kBacklog},
    {"encap encap.warmup_result", kBacklog},
    {"encap encap.underlay_packets", kBacklog},
    {"encap encap.windows", kBacklog},
    {"tcp tcp.errno", kBacklog},
    {"tcp tcp.<S>.rcv_mss", kBacklog},
    {"tcp tcp.<S>.advmss", kBacklog},
    {"tcp tcp.<S>.total_retrans", kBacklog},
    {"udp udp.last_result", kBacklog},
    {"udp udp.sent", kBacklog},
    {"udp udp.errors", kBacklog},
    {"udp udp.received_size", kBacklog},
    {"udp udp.icmp_type", kBacklog},
    {"udp udp.icmp_code", kBacklog},
    {"udp udp.errno", kBacklog},
    {"udp udp.path_mtu", kBacklog},
    {"capture-start capture.linktype", kBacklog},
    {"capture-start capture.if_mtu", kBacklog},
    {"capture-stop capture.bytes", kBacklog},
    {"capture-stop capture.if_mtu", kBacklog},
    {"capture-stop capture.<E>.all_agree", kBacklog},
    {"capture-stop capture.<H>.count", kBacklog},
    {"capture-stop capture.<H>.wscale", kBacklog},
    {"capture-stop capture.<H>.sack_permitted", kBacklog},
    {"capture-stop capture.<H>.from", kBacklog},
    {"capture-stop capture.<H>.to", kBacklog},
    {"capture-stop capture.linktype", kBacklog},
    {"delete-link delete.gone", kBacklog},
    {"add-link add_link.result", kLinkSteps},
    {"add-link add_link.errno", kLinkSteps},
    {"add-link add_link.error", kLinkSteps},
    {"add-link add_link.mtu", kLinkSteps},
    {"change-link change_link.result", kLinkSteps},
    {"change-link change_link.errno", kLinkSteps},
    {"change-link change_link.error", kLinkSteps},
    {"change-link change_link.mtu", kLinkSteps},
};

const std::map<std::string, std::string>& Exemptions() {
  static const auto* const kByFact = [] {
    auto* by_fact = new std::map<std::string, std::string>;
    for (const Exemption& e : kExempt) (*by_fact)[e.fact] = e.why;
    return by_fact;
  }();
  return *kByFact;
}

std::string Key(const std::string& kind, const std::string& pattern) {
  return kind + " " + pattern;
}

// The registry rows' facts that carry evidence, by the address of their FactSpec, as
// "<kind> <pattern>". `config` facts are left out as a class: they are what mtulab itself
// set or resolved, read back (the target, the size sent, the route as sent), which the
// evidence rules forbid as a case's evidence; they exist for reports.
std::map<const FactSpec*, std::string> RegistryFacts() {
  std::map<const FactSpec*, std::string> facts;
  for (const StepSpec& spec : StepSpecs()) {
    for (const FactSpec& f : spec.facts) {
      if (f.provenance != Provenance::kConfig) facts[&f] = Key(spec.name, f.pattern);
    }
  }
  return facts;
}

// Records the spec of every fact `step` expects (an <until>'s condition included).
void AddExpected(const Step& step, std::set<const FactSpec*>& used) {
  for (const Expectation& e : step.expects) used.insert(FindFactSpec(step, e.fact));
  if (const auto* until = std::get_if<UntilStep>(&step.body)) {
    for (const Step& inner : until->inner) {
      used.insert(FindFactSpec(inner, until->condition.fact));
      AddExpected(inner, used);
    }
  }
}

std::set<const FactSpec*> ExpectedByShippedCases() {
  std::set<const FactSpec*> used;
  for (const std::string& file : ListXmlFiles(std::string(MTULAB_SOURCE_DIR) + "/suites")) {
    Suite suite = LoadSuite(file);
    for (const Case& c : suite.cases) {
      for (const Step& step : c.steps) AddExpected(step, used);
    }
  }
  used.erase(nullptr);
  return used;
}

TEST(ShippedFactUseTest, EveryRegistryFactIsExpectedByAShippedCaseOrExempt) {
  std::set<const FactSpec*> used = ExpectedByShippedCases();
  std::vector<std::string> unused;
  for (const auto& [spec, key] : RegistryFacts()) {
    if (!used.count(spec) && !Exemptions().count(key)) unused.push_back(key);
  }
  std::string list;
  for (const std::string& key : unused) list += "\n  " + key;
  EXPECT_TRUE(unused.empty()) << unused.size()
                              << " registry facts no shipped case expects:" << list;
}

TEST(ShippedFactUseTest, EveryExemptionNamesARegistryFactNoShippedCaseExpects) {
  std::map<std::string, const FactSpec*> by_key;
  for (const auto& [spec, key] : RegistryFacts()) by_key[key] = spec;
  std::set<const FactSpec*> used = ExpectedByShippedCases();
  for (const auto& [key, why] : Exemptions()) {
    auto it = by_key.find(key);
    ASSERT_NE(it, by_key.end()) << "exemption '" << key << "' is not a registry fact";
    EXPECT_FALSE(used.count(it->second)) << "'" << key << "' is expected now: drop its exemption";
    EXPECT_FALSE(why.empty()) << key;
  }
}

}  // namespace
}  // namespace mtulab
