#include "harness/plan/predictor.h"

#include <cstdint>

#include "harness/plan/net_model.h"
#include "harness/plan/path_walker.h"

namespace mtulab {
namespace {

bool Fragments(LimitKind kind, Family family) {
  switch (kind) {
    case LimitKind::kLocal:
    case LimitKind::kIcmp:
    case LimitKind::kTunnel:
      return true;
    case LimitKind::kIcmpLost:
      return family == Family::kIpv4;  // an IPv4 router fragments without telling anyone
    case LimitKind::kSilent:
      return false;
  }
  return false;
}

// The first limit that stops PMTU discovery at `learned`.
const Limit* Blocker(const Prediction& p) {
  for (const PathHop& hop : p.hops) {
    for (const Limit& l : hop.limits) {
      if (l.bytes < p.learned_pmtu &&
          (l.kind == LimitKind::kSilent || l.kind == LimitKind::kIcmpLost)) {
        return &l;
      }
    }
  }
  return nullptr;
}

constexpr size_t kMaxMultipathWalks = 32;

struct Walked {
  Prediction p;
  std::vector<PathWalker::Multipath> multipath;
};

Walked WalkWith(const NetModel& model, const std::string& from, const IpAddr& dst,
                const Prediction& start, const std::vector<size_t>& nexthops) {
  Walked w{start, {}};
  PathWalker walker(model, 0, true);
  walker.FollowNexthops(nexthops);
  if (walker.Walk(from, dst, std::nullopt, w.p)) Summarize(w.p, model, from);
  w.multipath = walker.multipath();
  return w;
}

std::string NexthopText(const PathWalker::Multipath& m) {
  const Nexthop& n = m.route->nexthops[m.nexthop];
  return "nexthop " + (n.via ? "via " + IpToString(*n.via) : "dev " + n.dev.value_or("?")) +
         " on " + m.node;
}

// A multipath route sends each flow down one nexthop by its hash: the path is predicted only
// when every nexthop leads to the same path MTU and the same PMTU discovery.
Prediction PredictEveryNexthop(const NetModel& model, const std::string& from, const IpAddr& dst,
                               const Prediction& start) {
  std::vector<std::vector<size_t>> queue = {{}};
  std::vector<Walked> walks;
  for (size_t i = 0; i < queue.size(); ++i) {
    if (walks.size() == kMaxMultipathWalks) {
      Prediction p = start;
      p.error =
          "more than " + std::to_string(kMaxMultipathWalks) + " ways through multipath routes";
      return p;
    }
    walks.push_back(WalkWith(model, from, dst, start, queue[i]));
    const std::vector<PathWalker::Multipath>& met = walks.back().multipath;
    for (size_t j = queue[i].size(); j < met.size(); ++j) {
      for (size_t alt = 1; alt < met[j].route->nexthops.size(); ++alt) {
        std::vector<size_t> next = queue[i];
        next.resize(j, 0);
        next.push_back(alt);
        queue.push_back(next);
      }
    }
  }
  Prediction& first = walks[0].p;
  if (walks.size() == 1) return first;
  bool agree = true;
  std::string each;
  for (const Walked& w : walks) {
    const Prediction& q = w.p;
    agree = agree && q.ok && first.ok && q.pmtu == first.pmtu &&
            q.learned_pmtu == first.learned_pmtu && q.black_hole == first.black_hole;
    std::string route;
    for (const PathWalker::Multipath& m : w.multipath)
      route += (route.empty() ? "" : ", ") + NexthopText(m);
    each += "; " + route + ": " + q.Explain();
  }
  const PathWalker::Multipath& m = walks[0].multipath[0];
  if (!agree) {
    Prediction p = start;
    p.error = "route " + m.route->Describe() + " on " + m.node +
              " is multipath and its nexthops lead to different paths (a flow's hash picks one)" +
              each;
    return p;
  }
  first.note =
      "every nexthop of multipath route " + m.route->Describe() + " on " + m.node + " agrees";
  return first;
}

}  // namespace

const char* LimitKindName(LimitKind kind) {
  switch (kind) {
    case LimitKind::kLocal:
      return "local";
    case LimitKind::kIcmp:
      return "icmp";
    case LimitKind::kIcmpLost:
      return "icmp-lost";
    case LimitKind::kTunnel:
      return "tunnel";
    case LimitKind::kSilent:
      return "silent";
  }
  return "?";
}

uint32_t EchoHeaderBytes(Family family) { return family == Family::kIpv4 ? 28 : 48; }
uint32_t TcpHeaderBytes(Family family) { return family == Family::kIpv4 ? 40 : 60; }

std::string Prediction::Explain() const {
  if (!ok) return error;
  std::string out = "pmtu " + std::to_string(pmtu) + " = " + BottleneckLimit().why;
  std::string learned = std::to_string(learned_pmtu);
  if (black_hole) {
    const Limit* b = Blocker(*this);
    out += "; PMTUD stays at " + learned + ": ";
    if (b == nullptr) {
      out += "larger packets vanish";
    } else if (!b->note.empty()) {
      out += b->note;
    } else {
      out += b->Where() + " drops larger packets without ICMP";
    }
  } else if (learned_locked) {
    out += "; the sender caches mtu lock " + learned +
           (hops[0].route_mtu_locked ? " (the route's lock)" : " (route/min_pmtu)");
  }
  if (!note.empty()) out += "; " + note;
  for (const PathHop& hop : hops) {
    if (hop.fragments_above && *hop.fragments_above < pmtu) {
      out += "; " + hop.ifname + " on " + hop.node + " fragments its outer packets above " +
             std::to_string(*hop.fragments_above);
    }
  }
  return out;
}

std::optional<uint32_t> FragmentingLimit(const Prediction& p, std::string* why) {
  uint32_t fragment = UINT32_MAX;
  std::optional<uint32_t> result;
  for (const PathHop& hop : p.hops) {
    for (const Limit& l : hop.limits) {
      if (Fragments(l.kind, p.family)) {
        fragment = std::min(fragment, l.bytes);
      } else if (fragment > l.bytes && (!result || l.bytes < *result)) {
        result = l.bytes;
        if (why) *why = l.Where();
      }
    }
  }
  return result;
}

Prediction PredictPath(const Topology& topology, const std::string& from_node,
                       const std::string& to_address, Family family) {
  NetModel model(topology);
  return PredictPath(model, from_node, to_address, family);
}

Prediction PredictPath(const NetModel& model, const std::string& from_node,
                       const std::string& to_address, Family family) {
  Prediction p;
  p.family = family;
  if (model.topology().FindNode(from_node) == nullptr) {
    p.error = "node '" + from_node + "' is not defined";
    return p;
  }
  std::optional<IpAddr> dst = ParseIp(to_address);
  size_t colon = to_address.find(':');
  if (!dst && colon != std::string::npos) {
    const Iface* iface = model.Find(to_address.substr(0, colon), to_address.substr(colon + 1));
    if (iface == nullptr) {
      p.error = "'" + to_address + "' names no interface";
      return p;
    }
    dst = model.FirstAddress(*iface, family);
    if (!dst) {
      p.error = iface->Label() + " has no " + FamilyName(family) + " address";
      return p;
    }
  }
  if (!dst) {
    p.error = "'" + to_address + "' is not an address or node:ifname";
    return p;
  }
  if (dst->family != family) {
    p.error = to_address + " is not an " + std::string(FamilyName(family)) + " address";
    return p;
  }
  return PredictEveryNexthop(model, from_node, *dst, p);
}

}  // namespace mtulab
