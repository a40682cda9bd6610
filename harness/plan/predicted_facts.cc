#include "harness/plan/predicted_facts.h"

#include <algorithm>
#include <map>

#include "harness/model/config_error.h"
#include "harness/model/facts.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"
#include "harness/plan/net_model.h"
#include "harness/plan/predictor.h"

namespace mtulab {
namespace {

FactPrediction Value(uint32_t value, std::string explanation) {
  return FactPrediction{std::to_string(value), std::move(explanation), ""};
}

FactPrediction Error(std::string error) {
  return FactPrediction{std::nullopt, "", std::move(error)};
}

// The first limit a `packet`-byte echo meets, following what its DF mode does at each one.
FactPrediction FirstError(const NetModel& model, const PingStep& s, const Prediction& p,
                          const std::string& fact) {
  bool v4 = p.family == Family::kIpv4;
  uint32_t packet = s.size + EchoHeaderBytes(p.family);
  bool strict = s.df == DfMode::kDo || s.df == DfMode::kProbe;
  bool df = strict || (s.df != DfMode::kDont && !p.hops[0].route_mtu_locked &&
                       !(v4 && s.df == DfMode::kDefault &&
                         model.SysctlInt(s.from, "net.ipv4.ip_no_pmtu_disc", 0) == 1));
  std::string size = "a " + std::to_string(packet) + "-byte echo";
  for (size_t h = 0; h < p.hops.size(); ++h) {
    for (const Limit& l : p.hops[h].limits) {
      if (l.bytes >= packet) continue;
      bool fragments = l.kind == LimitKind::kLocal ? !strict : (v4 && !df);
      if (fragments) {  // fragmented here; IPv4 fragments carry no DF, IPv6 ones go on
        if (v4) return Error(size + " is fragmented at " + l.Where() + ": no error carries an mtu");
        packet = l.bytes;
        continue;
      }
      std::string at = " (" + size + " meets " + l.why + ")";
      if (l.kind == LimitKind::kLocal) {
        if (fact == "ping.icmp_from") return Error(size + " fails locally with EMSGSIZE" + at);
        return Value(l.bytes, "local EMSGSIZE" + at);
      }
      bool routers_icmp = !l.icmp_from.empty() && l.kind != LimitKind::kIcmpLost;
      if (l.kind == LimitKind::kIcmp || (l.kind == LimitKind::kTunnel && routers_icmp)) {
        std::string what = v4 ? "frag-needed" : "Packet Too Big";
        if (fact == "ping.mtu") return Value(l.bytes, what + " from " + p.hops[h].node + at);
        return FactPrediction{l.icmp_from,
                              what + " from " + l.icmp_from + ", " + l.icmp_from_why + at, ""};
      }
      if (l.kind == LimitKind::kTunnel && p.hops[h].node == s.from && !p.hops[h].bridged) {
        // Measured: echo 1 only lowers the route's PMTU (skb_tunnel_check_pmtu); echo 2 fails.
        if (fact == "ping.mtu" && s.count >= 2) {
          return Value(l.bytes, "echo 1 lowers the route's PMTU, echo 2 fails with EMSGSIZE" + at);
        }
        return Error(size + " meets " + l.why +
                     ", which lowers the route's PMTU without an error "
                     "on the socket: only a second echo reports an mtu, from no ICMP source");
      }
      if (l.kind == LimitKind::kTunnel) {
        return Error(size + " meets " + l.why + ", whose ICMP is not predicted");
      }
      if (l.kind == LimitKind::kIcmpLost)
        return Error(size + " meets " + l.why + ", but " + l.note);
      return Error(size + " is dropped without ICMP by " + l.why);
    }
  }
  return Error(size + " fits the predicted path (" + p.Explain() + "): no error carries an mtu");
}

// The model follows the main table only: a node with policy rules may route elsewhere.
std::optional<FactPrediction> RulesUnmodelled(const NetModel& model, const std::string& from) {
  const Node* node = model.topology().FindNode(from);
  if (node == nullptr || node->rules.empty()) return std::nullopt;
  return Error("the model does not follow policy-routing rules (<rule> on node '" + from + "')");
}

FactPrediction Predict(const NetModel& model, const PingStep& s, const std::string& fact) {
  if (auto unmodelled = RulesUnmodelled(model, s.from)) return *unmodelled;
  Prediction p = PredictPath(model, s.from, s.to.text, s.family.value_or(Family::kIpv4));
  if (!p.ok) return Error(p.error);
  return FirstError(model, s, p, fact);
}

FactPrediction Predict(const NetModel& model, const PmtuStep& s, const std::string& fact) {
  if (s.oif) return Error("the model does not follow oif=\"" + *s.oif + "\"");
  if (auto unmodelled = RulesUnmodelled(model, s.from)) return *unmodelled;
  Prediction p = PredictPath(model, s.from, s.to.text, s.family.value_or(Family::kIpv4));
  if (!p.ok) return Error(p.error);
  if (fact == "route.locked") {
    return FactPrediction{p.learned_locked ? "true" : "false", p.Explain(), ""};
  }
  return Value(p.learned_pmtu, p.Explain());
}

// Echo replies leave without DF: they are fragmented on the way back, and only a silent
// drop below the fragment size limits them.
FactPrediction SweepPathMtu(const NetModel& model, const SweepStep& s, const Prediction& fwd) {
  std::optional<IpAddr> dst = ParseIp(fwd.destination);
  const Iface* owner = dst ? model.Owner(*dst) : nullptr;
  if (owner == nullptr) return Error("no interface owns " + fwd.destination);
  Prediction rev = PredictPath(model, owner->node(), fwd.source, fwd.family);
  if (!rev.ok) return Error("the echo replies cannot come back: " + rev.error);
  uint32_t path = fwd.pmtu;
  std::string explanation = fwd.Explain();
  std::string why;
  if (std::optional<uint32_t> back = FragmentingLimit(rev, &why); back && *back < path) {
    path = *back;
    explanation = "pmtu " + std::to_string(path) + " = replies dropped without ICMP at " + why;
  }
  uint32_t hdr = EchoHeaderBytes(fwd.family);
  if (path < s.min + hdr || path > s.max + hdr) {
    return Error("the predicted path MTU " + std::to_string(path) + " (" + explanation +
                 ") is outside what the sweep can find: payloads " + std::to_string(s.min) + ".." +
                 std::to_string(s.max) + " are path MTUs " + std::to_string(s.min + hdr) + ".." +
                 std::to_string(s.max + hdr));
  }
  return Value(path, explanation);
}

FactPrediction Predict(const NetModel& model, const SweepStep& s, const std::string& fact) {
  if (s.df != DfMode::kDo && s.df != DfMode::kProbe) {
    return Error("the sweep sends without DF (df=\"" + std::string(DfModeName(s.df)) +
                 "\"): only a DF sweep has a predicted path MTU");
  }
  Prediction fwd = PredictPath(model, s.from, s.to.text, s.family.value_or(Family::kIpv4));
  if (!fwd.ok) return Error(fwd.error);
  FactPrediction path = SweepPathMtu(model, s, fwd);
  if (!path.value || fact == "sweep.path_mtu") return path;
  uint32_t mtu = static_cast<uint32_t>(ParseUnsigned(*path.value).value_or(0));
  if (fact == "sweep.largest_payload")
    return Value(mtu - EchoHeaderBytes(fwd.family), path.explanation);
  if (!s.underlay || !s.underlay->node) return Error("the sweep has no underlay=\"node:ifname\"");
  const Iface* under = model.Find(*s.underlay->node, *s.underlay->ifname);
  MtuValue under_mtu = under ? model.Mtu(*under) : MtuValue{std::nullopt, "", "not defined"};
  if (!under_mtu.bytes) return Error("underlay " + s.underlay->text + ": " + under_mtu.error);
  std::string why = under->Label() + " (" + under_mtu.why + ")";
  if (fact == "sweep.underlay_mtu") return Value(*under_mtu.bytes, why);
  if (*under_mtu.bytes < mtu) return Error("the underlay MTU is below the predicted path MTU");
  return Value(*under_mtu.bytes - mtu, why + " - " + path.explanation);
}

FactPrediction Predict(const NetModel& model, const EncapStep& s, const std::string&) {
  Prediction p = PredictPath(model, s.from, s.to.text, s.family.value_or(Family::kIpv4));
  if (!p.ok) return Error(p.error);
  for (const PathHop& hop : p.hops) {
    if (hop.encap.empty() || hop.underlay.empty()) continue;
    const PathHop& out = hop.underlay.front();
    if (out.node != s.underlay.node.value_or("") || out.ifname != s.underlay.ifname.value_or("")) {
      continue;
    }
    return Value(hop.overhead, hop.ifname + " on " + hop.node + " is " + hop.encap + " over " +
                                   out.ifname + " (overhead table)");
  }
  return Error("the predicted path from " + s.from +
               " crosses no encapsulation whose outer "
               "packets leave through " +
               s.underlay.text);
}

FactPrediction Predict(const NetModel& model, const LinkStep& s, const std::string&) {
  const Iface* iface = model.Find(s.node, s.dev);
  if (iface == nullptr) return Error("interface " + s.dev + " on " + s.node + " is not defined");
  MtuValue mtu = model.Mtu(*iface);
  if (!mtu.bytes) return Error(iface->Label() + ": " + mtu.error);
  return Value(*mtu.bytes, iface->Label() + " (" + mtu.why + ")");
}

template <typename T>
FactPrediction Predict(const NetModel&, const T&, const std::string& fact) {
  return Error("fact '" + fact + "' has no predicted value");
}

std::string AllPredictable() {
  std::string out;
  for (const StepSpec& spec : StepSpecs()) {
    for (const std::string& f : PredictableFacts(spec.name)) out += (out.empty() ? "" : ", ") + f;
  }
  return out;
}

std::string Unpredictable(const Step& step, const std::string& fact) {
  const std::vector<std::string>& facts = PredictableFacts(step.Kind());
  if (facts.empty()) {
    return std::string("<") + step.Kind() + "> has no predicted facts (\"predicted\" works for " +
           AllPredictable() + ")";
  }
  std::string list;
  for (const std::string& f : facts) list += (list.empty() ? "" : ", ") + f;
  return "fact '" + fact + "' has no predicted value (for <" + step.Kind() + ">: " + list + ")";
}

// The flush of a pmtu step's sender earlier in the case, if any.
const Step* FlushedBefore(const Step& step, const std::map<std::string, const Step*>& flushed) {
  const auto* pmtu = std::get_if<PmtuStep>(&step.body);
  if (pmtu == nullptr) return nullptr;
  auto it = flushed.find(pmtu->from);
  return it == flushed.end() ? nullptr : it->second;
}

void ResolveCase(const Topology& topology, Case& c, Diagnostics& diags) {
  NetModel model(topology);
  const Step* changed = nullptr;
  std::map<std::string, const Step*> flushed;  // node -> its first flush
  for (Step& step : c.steps) {
    for (Expectation& x : step.expects) {
      if (!x.predicted_from) continue;
      std::string head = std::string(x.Attribute()) + "=\"predicted\": ";
      const std::vector<std::string>& facts = PredictableFacts(step.Kind());
      FactPrediction f;
      if (std::find(facts.begin(), facts.end(), x.fact) == facts.end()) {
        f.error = Unpredictable(step, x.fact);
      } else if (changed != nullptr) {
        f.error = "cannot follow " + changed->Describe() +
                  ", which changes the topology during "
                  "the case (the model knows the topology as the case starts)";
      } else if (const Step* flush = FlushedBefore(step, flushed)) {
        f.error = "cannot follow " + flush->Describe() +
                  ": after a flush the cache holds only "
                  "what later steps teach it";
      } else {
        f = PredictFact(model, step, x.fact);
        if (f.value && x.op != Expectation::Op::kEquals && !ParseInteger(*f.value)) {
          f = Error(x.fact + " is not a number");
        }
      }
      if (!f.value) {
        diags.Add(x.value_loc, head + f.error);
        continue;
      }
      x.values = {*f.value};
      x.predicted_from = f.explanation;
      const FactSpec* spec = FindFactSpec(step, x.fact);
      std::string problem = TypeExpectation(x, spec ? spec->type : FactType::kText);
      if (!problem.empty()) diags.Add(x.value_loc, head + "the predictor's " + problem);
    }
    const auto* set = std::get_if<SetStep>(&step.body);
    bool mutates = (set && (set->mtu || set->sysctl)) ||
                   std::holds_alternative<DeleteLinkStep>(step.body) ||
                   std::holds_alternative<RouteReplaceStep>(step.body) ||
                   std::holds_alternative<AddLinkStep>(step.body) ||
                   std::holds_alternative<ChangeLinkStep>(step.body);
    if (mutates && changed == nullptr) changed = &step;
    if (const auto* flush = std::get_if<FlushStep>(&step.body)) flushed.emplace(flush->node, &step);
  }
}

}  // namespace

const std::vector<std::string>& PredictableFacts(const std::string& step_kind) {
  // From the registry: the facts marked predictable, per kind.
  static const std::map<std::string, std::vector<std::string>> kFacts = [] {
    std::map<std::string, std::vector<std::string>> facts;
    for (const StepSpec& spec : StepSpecs()) {
      for (const FactSpec& f : spec.facts) {
        if (f.predictable) facts[spec.name].push_back(f.pattern);
      }
    }
    return facts;
  }();
  static const std::vector<std::string> kNone;
  auto it = kFacts.find(step_kind);
  return it == kFacts.end() ? kNone : it->second;
}

FactPrediction PredictFact(const NetModel& model, const Step& step, const std::string& fact) {
  return std::visit([&](const auto& body) { return Predict(model, body, fact); }, step.body);
}

void ResolvePredicted(Suite& suite, Diagnostics& diags) {
  for (Case& c : suite.cases) {
    bool any = false;
    for (const Step& step : c.steps) {
      for (const Expectation& x : step.expects) any = any || x.predicted_from.has_value();
    }
    if (!any) continue;
    try {
      ResolveCase(ApplyOverrides(suite.topology, c), c, diags);
    } catch (const ConfigError&) {
      // The overrides name something missing: already reported by the loader.
    }
  }
}

void ResolvePredicted(Suite& suite) {
  Diagnostics diags;
  ResolvePredicted(suite, diags);
  diags.ThrowIfAny();
}

}  // namespace mtulab
