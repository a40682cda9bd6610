// Lint checks over predicted paths: lost ICMP errors, MSS clamps, locked route MTUs.
#include <map>
#include <set>

#include "harness/plan/lint_internal.h"

namespace mtulab {
namespace {

std::string N(uint32_t n) { return std::to_string(n); }

// The limit that stops PMTU discovery of `p`, if `l` is it.
bool Blocks(const Prediction& p, const Limit& l) {
  return p.black_hole && l.bytes < p.learned_pmtu && l.bytes == p.pmtu;
}

std::string IcmpFix(const Limit& l, const std::string& router, const std::string& sender) {
  if (l.lost_cause == "rp_filter") {
    return "set net.ipv4.icmp_errors_use_inbound_ifaddr=1 on " + router +
           " (ICMP from the address the packet came in on), or send its ICMP from an address " +
           sender + " routes back the same way, or use rp_filter=2 (loose) on " + sender;
  }
  if (l.lost_cause == "icmp-filter") {
    return "let ICMP type 3 code 4 (IPv6: type 2) through that icmp-filter";
  }
  return "give " + router + " a route back to " + sender;
}

// Every ordered node pair's path, for each address of the far node.
std::vector<std::pair<std::string, std::string>> Pairs(const NetModel& model) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Node& from : model.topology().nodes) {
    for (const Iface& i : model.ifaces()) {
      if (i.node() == from.name) continue;
      for (const Address& a : i.end->addresses) out.emplace_back(from.name, IpToString(a.Ip()));
    }
  }
  return out;
}

// The MSS a SYN from the path's sender carries: the route's advmss, else its MTU - headers.
uint32_t AdvertisedMss(const NetModel& model, const std::string& from, const Prediction& p) {
  std::optional<IpAddr> dst = ParseIp(p.destination);
  std::optional<RouteChoice> r = dst ? model.Lookup(from, *dst) : std::nullopt;
  if (r && r->route && r->route->advmss) return *r->route->advmss;
  uint32_t mtu = p.hops[0].limits[0].bytes, hdr = TcpHeaderBytes(p.family);
  return mtu > hdr ? mtu - hdr : 0;
}

// What mss="pmtu" clamps to: the smaller MTU of the routes out (toward the SYN's target)
// and back (toward its source), as the README's mss-clamp row says.
uint32_t RouteMtuBothWays(const NetModel& model, const std::string& node, const PathHop& out,
                          const Prediction& p) {
  uint32_t mtu = out.limits[0].bytes;
  std::optional<IpAddr> src = ParseIp(p.source);
  std::optional<RouteChoice> back = src ? model.Lookup(node, *src) : std::nullopt;
  const Iface* dev = back ? model.Find(node, back->dev) : nullptr;
  if (dev == nullptr) return mtu;
  std::optional<uint32_t> back_mtu =
      back->route && back->route->mtu ? back->route->mtu : model.Mtu(*dev).bytes;
  return back_mtu ? std::min(mtu, *back_mtu) : mtu;
}

Finding IcmpFinding(const PathTable::Entry& e, const PathHop& hop, const Limit& l, bool blocks) {
  Finding f;
  f.loc = l.icmp_blame;
  f.severity = blocks ? Severity::kError : Severity::kWarning;
  f.check = "icmp-source";
  f.message = hop.node + "'s ICMP errors toward " + e.from + " (" + e.p.source + ")";
  if (!l.icmp_from.empty()) f.message += " come from " + l.icmp_from + " (" + l.icmp_from_why + ")";
  f.message += " and never arrive: " + l.note;
  if (blocks) {
    f.wire = "packets from " + e.from + " to " + e.to + " above " + N(l.bytes) + " bytes (" +
             l.why +
             ") get a frag-needed that never arrives: a PMTU discovery black hole; large "
             "DF packets (a TLS certificate, full-size TCP segments) vanish while small ones pass";
  } else {
    f.wire = "no packet from " + e.from +
             " needs it with these MTUs, but every frag-needed, TTL "
             "exceeded or unreachable " +
             hop.node + " sends " + e.from + " is lost: the day " + hop.ifname + " on " + hop.node +
             " becomes the bottleneck, " + e.from + " black-holes";
  }
  f.fix = IcmpFix(l, hop.node, e.from);
  return f;
}

}  // namespace

PathTable::PathTable(const NetModel& model) : model_(model) {
  for (const auto& [from, to] : Pairs(model)) {
    std::optional<IpAddr> ip = ParseIp(to);
    if (!ip || IsLinkLocal(*ip)) continue;
    Prediction p = PredictPath(model, from, to, ip->family);
    if (p.ok) paths_.push_back(Entry{from, to, std::move(p)});
  }
}

const Prediction* PathTable::Find(const std::string& node, const std::string& address) {
  for (const Entry& e : paths_) {
    if (e.from == node && e.to == address) return &e.p;
  }
  auto key = std::make_pair(node, address);
  auto it = extra_.find(key);
  if (it == extra_.end()) {
    std::optional<IpAddr> ip = ParseIp(address);
    Prediction p = ip ? PredictPath(model_, node, address, ip->family) : Prediction{};
    it = extra_.emplace(key, std::move(p)).first;
  }
  return it->second.ok ? &it->second : nullptr;
}

// One finding per router, setting and severity; the senders it also hits are listed.
void CheckIcmpSources(PathTable& paths, std::vector<Finding>& out) {
  std::set<std::string> seen;           // router, sender, note
  std::map<std::string, size_t> group;  // router, blame, severity -> index in out
  std::map<size_t, std::vector<std::string>> also;
  for (const PathTable::Entry& e : paths.paths()) {
    for (const PathHop& hop : e.p.hops) {
      for (const Limit& l : hop.limits) {
        if (l.kind != LimitKind::kIcmpLost) continue;
        bool blocks = Blocks(e.p, l);
        std::string sender = e.from + " (" + e.p.source + ")";
        if (!seen.insert(hop.node + "\n" + sender + "\n" + (blocks ? "!" : "")).second) continue;
        std::string key = hop.node + "\n" + l.icmp_blame.ToString() + (blocks ? "!" : "");
        if (auto it = group.find(key); it != group.end()) {
          also[it->second].push_back(sender);
          continue;
        }
        group.emplace(key, out.size());
        out.push_back(IcmpFinding(e, hop, l, blocks));
      }
    }
  }
  for (const auto& [index, senders] : also) {
    std::string list;
    for (const std::string& s : senders) list += (list.empty() ? "" : ", ") + s;
    out[index].message += "; the same toward " + list;
  }
}

void CheckMssClamps(const NetModel& model, PathTable& paths, std::vector<Finding>& out) {
  for (const Node& node : model.topology().nodes) {
    for (const MssClamp& clamp : node.mss_clamps) {
      for (const PathTable::Entry& e : paths.paths()) {
        const PathHop* at = nullptr;
        for (size_t h = 1; h < e.p.hops.size() && at == nullptr; ++h) {
          const PathHop& hop = e.p.hops[h];
          if (hop.node == node.name && !hop.bridged && (!clamp.dev || *clamp.dev == hop.ifname)) {
            at = &hop;
          }
        }
        if (at == nullptr || (clamp.family && *clamp.family != e.p.family)) continue;
        uint32_t hdr = TcpHeaderBytes(e.p.family);
        uint32_t value = clamp.mss.value_or(RouteMtuBothWays(model, node.name, *at, e.p) - hdr);
        uint32_t syn = std::min(AdvertisedMss(model, e.from, e.p), value);
        // The SYN's MSS bounds what the far end sends back: the path from it to the sender.
        std::optional<IpAddr> dst = ParseIp(e.p.destination);
        const Iface* owner = dst ? model.Owner(*dst) : nullptr;
        const Prediction* back = owner ? paths.Find(owner->node(), e.p.source) : nullptr;
        if (back == nullptr || back->pmtu <= hdr || syn + hdr <= back->pmtu) continue;
        Finding f;
        f.loc = clamp.loc;
        f.severity = back->black_hole ? Severity::kError : Severity::kWarning;
        f.check = "mss-clamp";
        f.message =
            "the MSS clamp on " + node.name + " (" +
            (clamp.mss ? "mss " + N(*clamp.mss) : "route MTU of " + at->ifname + " - " + N(hdr)) +
            ") leaves SYNs from " + e.from + " to " + e.to + " at MSS " + N(syn) +
            ", above what the path back from " + owner->node() + " carries: " + N(back->pmtu) +
            " (" + back->BottleneckLimit().why + ") - " + N(hdr) + " = " + N(back->pmtu - hdr);
        f.wire = owner->node() + " sends " + e.from + " full segments of " + N(syn + hdr) +
                 " bytes, which only cross if PMTU discovery works" +
                 (back->black_hole ? " (it does not here: a black hole)" : "");
        f.fix = "clamp to " + N(back->pmtu - hdr) + ": mss=\"" + N(back->pmtu - hdr) + "\"";
        out.push_back(std::move(f));
        break;
      }
    }
  }
}

void CheckMtuLocks(const NetModel& model, PathTable& paths, std::vector<Finding>& out) {
  for (const Node& node : model.topology().nodes) {
    for (const Route& route : node.routes) {
      if (!route.mtu_lock || !route.mtu) continue;
      const Limit* worst = nullptr;
      uint32_t rest = UINT32_MAX;
      for (const PathTable::Entry& e : paths.paths()) {
        std::optional<IpAddr> dst = ParseIp(e.to);
        std::optional<RouteChoice> r = dst ? model.Lookup(node.name, *dst) : std::nullopt;
        if (e.from != node.name || !r || r->route != &route) continue;
        for (size_t h = 0; h < e.p.hops.size(); ++h) {
          for (size_t i = h == 0 ? 1 : 0; i < e.p.hops[h].limits.size(); ++i) {
            const Limit& l = e.p.hops[h].limits[i];
            if (l.bytes < rest) rest = l.bytes, worst = &l;
          }
        }
      }
      Finding f;
      f.loc = route.loc;
      f.check = "mtu-lock";
      f.message = "route " + route.Describe() + " on " + node.name +
                  " locks its MTU: path MTU discovery is off for it";
      f.fix = "drop lock=\"true\" (mtu " + N(*route.mtu) +
              " stays a ceiling that PMTU discovery can lower)";
      bool v4 = route.family == Family::kIpv4;
      if (worst != nullptr && *route.mtu > rest) {
        f.severity = v4 ? Severity::kWarning : Severity::kError;
        f.wire = v4 ? "packets up to " + N(*route.mtu) +
                          " bytes leave without DF and are "
                          "fragmented where the path carries only " +
                          N(rest) + " (" + worst->why + ")"
                    : "Packet Too Big cannot lower a locked route: IPv6 packets above " + N(rest) +
                          " vanish (" + worst->why + ")";
        f.fix += ", or set mtu=\"" + N(rest) + "\"";
      } else {
        f.wire =
            std::string(v4 ? "packets leave without DF, so " : "") +
            "a path that later shrinks below " + N(*route.mtu) + " is never learned: " +
            (v4 ? "routers fragment silently" : "Packet Too Big is ignored and packets vanish") +
            (worst ? " (the path carries " + N(rest) + " today)" : "");
      }
      out.push_back(std::move(f));
    }
  }
}

}  // namespace mtulab
