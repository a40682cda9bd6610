// Whether a router's frag-needed / Packet Too Big reaches the sender: the source address the
// router's kernel picks, the way back, reverse-path filters and ICMP filters on that way.
#include "harness/plan/path_walker.h"

namespace mtulab {
namespace {

constexpr int kMaxDepth = 4;

// Every filter drops frag-needed: "frag-needed" names it, "errors" and "all" include it.
const IcmpFilter* MatchFilter(const NetModel& model, const std::string& node, IcmpFilter::Hook hook,
                              const std::string& dev) {
  const Node* n = model.topology().FindNode(node);
  if (n == nullptr) return nullptr;
  for (const IcmpFilter& f : n->icmp_filters) {
    if (f.hook == hook && (!f.dev || *f.dev == dev)) return &f;
  }
  return nullptr;
}

const char* HookName(IcmpFilter::Hook hook) {
  switch (hook) {
    case IcmpFilter::Hook::kInput:
      return "input";
    case IcmpFilter::Hook::kOutput:
      return "output";
    case IcmpFilter::Hook::kForward:
      return "forward";
  }
  return "?";
}

// The interface the path leaves `node` by, or "".
std::string EgressOf(const Prediction& path, const std::string& node) {
  for (const PathHop& hop : path.hops) {
    if (hop.node == node && !hop.bridged) return hop.ifname;
  }
  return "";
}

// The ICMP source address the router's kernel picks (icmp_send()).
void ChooseSource(const NetModel& model, const std::string& router, const Iface* inbound,
                  const RouteChoice& back, const IpAddr& to, IcmpReturn& r) {
  bool v4 = to.family == Family::kIpv4;
  if (v4 && inbound && model.SysctlInt(router, "net.ipv4.icmp_errors_use_inbound_ifaddr", 0) != 0) {
    r.source = model.FirstAddress(*inbound, Family::kIpv4);
    r.source_why = "the address of " + inbound->name() +
                   ", where the packet came in (icmp_errors_use_inbound_ifaddr=1)";
  }
  if (r.source) return;
  r.source = model.SourceFor(back, router, to.family);
  if (back.route && back.route->src) {
    r.source_route = back.route;
    r.source_why = "the src of its route " + back.route->Describe();
  } else {
    r.source_why = "the address of " + back.dev + ", its interface toward " + IpToString(to);
  }
}

// Reverse-path filter of `at`'s node for a packet from `source` arriving on `at`.
bool PassesRpFilter(const NetModel& model, const Iface& at, const IpAddr& source,
                    const std::string& head, IcmpReturn& r) {
  if (source.family != Family::kIpv4) return true;
  long rpf = model.RpFilter(at.node(), at.name());
  if (rpf != 1 && rpf != 2) return true;
  std::optional<RouteChoice> route = model.Lookup(at.node(), source);
  if (route && (rpf == 2 || route->dev == at.name())) return true;
  std::string src = IpToString(source);
  r.cause = IcmpReturn::Cause::kRpFilter;
  if (r.source_route) {
    r.blame = r.source_route->loc;
  } else {
    std::string key = "net.ipv4.conf." + at.name() + ".rp_filter";
    if (model.SysctlInt(at.node(), key, 0) != rpf) key = "net.ipv4.conf.all.rp_filter";
    r.blame = model.SysctlLoc(at.node(), key).value_or(SourceLoc{});
  }
  r.dropped_at = at.node();
  r.lost = head + " is dropped by " + at.node() + "'s " + (rpf == 1 ? "strict" : "loose") +
           " rp_filter on " + at.name() + " (" +
           (route ? at.node() + " reaches " + src + " via " + route->dev
                  : at.node() + " has no route to " + src) +
           ")";
  return false;
}

bool PassesFilter(const NetModel& model, const std::string& node, IcmpFilter::Hook hook,
                  const std::string& dev, const std::string& head, IcmpReturn& r) {
  const IcmpFilter* filter = MatchFilter(model, node, hook, dev);
  if (filter == nullptr) return true;
  r.cause = IcmpReturn::Cause::kIcmpFilter;
  r.blame = filter->loc;
  r.dropped_at = node;
  r.lost =
      head + " is dropped by an icmp-filter on " + node + " (" + HookName(hook) + " " + dev + ")";
  return false;
}

}  // namespace

IcmpReturn CheckIcmpReturn(const NetModel& model, const std::string& router, const Iface* inbound,
                           const IpAddr& to, int depth, int* budget) {
  IcmpReturn r;
  if (depth >= kMaxDepth) {
    r.delivered = true;  // deep inside nested overlays: assume the ICMP arrives
    return r;
  }
  std::string head = std::string(to.family == Family::kIpv4 ? "frag-needed" : "Packet Too Big") +
                     " from " + router;
  r.cause = IcmpReturn::Cause::kNoPath;
  r.dropped_at = router;
  if (const Node* n = model.topology().FindNode(router)) r.blame = n->loc;
  std::optional<RouteChoice> back = model.Lookup(router, to);
  if (!back) {
    r.lost = head + " is lost: " + router + " has no route back to " + IpToString(to);
    return r;
  }
  ChooseSource(model, router, inbound, *back, to, r);
  if (!r.source) {
    r.lost = head + " is lost: " + router + " has no address to send it from";
    return r;
  }
  head += " (" + IpToString(*r.source) + ")";
  Prediction path;
  PathWalker walker(model, depth + 1, /*icmp_checks=*/false, budget);
  if (!walker.Walk(router, to, r.source, path)) {
    r.lost = head + " cannot reach " + IpToString(to) + ": " + path.error;
    return r;
  }
  if (!PassesFilter(model, router, IcmpFilter::Hook::kOutput, path.hops[0].ifname, head, r)) {
    return r;
  }
  const std::vector<const Iface*>& arrivals = walker.arrivals();
  for (size_t i = 0; i < arrivals.size(); ++i) {
    const Iface& at = *arrivals[i];
    bool last = i + 1 == arrivals.size();
    if (!PassesRpFilter(model, at, *r.source, head, r)) return r;
    IcmpFilter::Hook hook = last ? IcmpFilter::Hook::kInput : IcmpFilter::Hook::kForward;
    std::string dev = last ? at.name() : EgressOf(path, at.node());
    if (!PassesFilter(model, at.node(), hook, dev, head, r)) return r;
  }
  r.cause = IcmpReturn::Cause::kNone;
  r.dropped_at.clear();
  r.delivered = true;
  return r;
}

}  // namespace mtulab
