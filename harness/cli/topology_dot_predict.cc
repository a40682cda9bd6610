// What the topology pictures mark, from the predictor: bottlenecks, derived MTUs, and the
// values a case's overrides changed.
#include "harness/cli/topology_dot_predict.h"

#include <set>
#include <variant>

#include "harness/plan/net_model.h"
#include "harness/plan/predictor.h"

namespace mtulab {
namespace {

// The predicted bottleneck of each distinct probe of `cases`, on `topology`.
std::vector<DotHighlight> Bottlenecks(const Topology& topology,
                                      const std::vector<const Case*>& cases) {
  std::vector<DotHighlight> out;
  std::set<std::string> seen;
  NetModel model(topology);
  auto probe = [&](const std::string& from, const Target& to, std::optional<Family> family) {
    Family f = family.value_or(Family::kIpv4);
    std::string what = from + " -> " + to.text + " " + FamilyName(f);
    if (!seen.insert(what).second) return;
    Prediction p = PredictPath(model, from, to.text, f);
    if (!p.ok || p.bottleneck >= p.hops.size()) return;
    const PathHop& hop = p.hops[p.bottleneck];
    out.push_back(DotHighlight{hop.node, hop.ifname, what + ": " + p.Explain()});
  };
  for (const Case* c : cases) {
    for (const Step& step : c->steps) {
      std::visit(
          [&](const auto& s) {
            if constexpr (requires { s.from; s.to.text; s.family; }) probe(s.from, s.to, s.family);
          },
          step.body);
    }
  }
  return out;
}

// The MTU the kernel will give each interface the topology leaves unset, when the model
// can tell.
std::map<DotKey, std::pair<uint32_t, std::string>> DerivedMtus(const Topology& topology) {
  std::map<DotKey, std::pair<uint32_t, std::string>> out;
  NetModel model(topology);
  for (const Iface& iface : model.ifaces()) {
    if (iface.end->mtu) continue;
    MtuValue m = model.Mtu(iface);
    if (m.bytes) out[{iface.node(), iface.name()}] = {*m.bytes, m.why};
  }
  return out;
}

// "sysctl net.ipv4.ip_forward=0", "route 10.0.0.0/8 via ... mtu 1400", ...: a non-MTU
// override as the picture lists it on its node.
std::string OverrideText(const MtuOverride&) { return ""; }
std::string OverrideText(const SysctlOverride& o) {
  return "sysctl " + o.sysctl.key + "=" + o.sysctl.value;
}
std::string OverrideText(const RouteOverride& o) { return "route " + o.route.Describe(); }
std::string OverrideText(const IcmpFilterOverride& o) {
  return "icmp-filter drops " + o.filter.drop + (o.filter.dev ? " via " + *o.filter.dev : "");
}
std::string OverrideText(const MssClampOverride& o) {
  return "mss-clamp " + (o.clamp.mss ? std::to_string(*o.clamp.mss) : std::string("to path MTU")) +
         (o.clamp.dev ? " on " + *o.clamp.dev : "");
}
std::string OverrideText(const FirewallRemoveOverride& o) {
  return o.what == FirewallRemoveOverride::What::kIcmpFilters ? "no icmp-filter" : "no mss-clamp";
}

}  // namespace

std::vector<DotHighlight> PredictedBottlenecks(const Suite& suite) {
  std::vector<const Case*> cases;
  for (const Case& c : suite.cases) cases.push_back(&c);
  return Bottlenecks(suite.topology, cases);
}

DotAnnotations SuiteAnnotations(const Suite& suite) {
  DotAnnotations a;
  a.bottlenecks = PredictedBottlenecks(suite);
  a.derived_mtu = DerivedMtus(suite.topology);
  return a;
}

DotAnnotations CaseAnnotations(const Suite& suite, const Case& c, const Topology& applied) {
  DotAnnotations a;
  a.bottlenecks = Bottlenecks(applied, {&c});
  a.derived_mtu = DerivedMtus(applied);
  std::map<DotKey, std::pair<uint32_t, std::string>> before = DerivedMtus(suite.topology);
  for (const Override& o : c.overrides) {
    if (const auto* mtu = std::get_if<MtuOverride>(&o.body)) {
      const Endpoint* end = suite.topology.FindEndpoint(mtu->node, mtu->ifname);
      DotKey key{mtu->node, mtu->ifname};
      std::string was = "default";
      if (end != nullptr && end->mtu) {
        was = std::to_string(*end->mtu);
      } else if (auto d = before.find(key); d != before.end()) {
        was = std::to_string(d->second.first);
      }
      a.changed_mtu[key] = was;
      continue;
    }
    std::string node = std::visit([](const auto& b) { return b.node; }, o.body);
    a.changed_node[node].push_back(
        std::visit([](const auto& b) { return OverrideText(b); }, o.body));
  }
  return a;
}

}  // namespace mtulab
