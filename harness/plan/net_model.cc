#include "harness/plan/net_model.h"

#include <algorithm>
#include <sstream>

namespace mtulab {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Candidate {
  int len = -1;
  uint32_t metric = 0;
  bool connected = false;
  RouteChoice choice;
};

bool Better(const Candidate& a, const Candidate& b) {
  if (a.len != b.len) return a.len > b.len;
  if (a.metric != b.metric) return a.metric < b.metric;
  return a.connected && !b.connected;
}

std::optional<Prefix> AddressPrefix(const Address& a) { return NetworkOf(a.prefix); }

}  // namespace

const std::string& Iface::kind() const {
  static const std::string kVeth = "veth";
  return device ? device->kind : kVeth;
}

const KindSchema* Iface::schema() const { return device ? FindKindSchema(device->kind) : nullptr; }

bool Iface::Is(Forwarding forwarding) const {
  const KindSchema* row = schema();
  return row != nullptr && row->forwarding == forwarding;
}

std::optional<std::string> Iface::Param(const char* key) const {
  if (device == nullptr) return std::nullopt;
  auto it = device->params.find(key);
  if (it == device->params.end()) return std::nullopt;
  return it->second;
}

std::optional<Family> ParamFamily(const Iface& iface, const char* key) {
  std::optional<std::string> text = iface.Param(key);
  if (!text) return std::nullopt;
  std::optional<IpAddr> ip = ParseIp(*text);
  if (!ip) return std::nullopt;
  return ip->family;
}

NetModel::NetModel(const Topology& topology) : topology_(topology) {
  for (const Link& l : topology.links) {
    for (int i = 0; i < 2; ++i) ifaces_.push_back(Iface{&l.ends[i], nullptr, &l, i});
  }
  for (const Device& d : topology.devices) ifaces_.push_back(Iface{&d.end, &d, nullptr, 0});
}

const Iface* NetModel::Find(const std::string& node, const std::string& ifname) const {
  for (const Iface& i : ifaces_) {
    if (i.node() == node && i.name() == ifname) return &i;
  }
  return nullptr;
}

std::vector<const Iface*> NetModel::IfacesOf(const std::string& node) const {
  std::vector<const Iface*> out;
  for (const Iface& i : ifaces_) {
    if (i.node() == node) out.push_back(&i);
  }
  return out;
}

const Iface* NetModel::VethPeer(const Iface& iface) const {
  if (iface.link == nullptr) return nullptr;
  const Endpoint& other = iface.link->ends[1 - iface.end_index];
  return Find(other.node, other.ifname);
}

const Iface* NetModel::MasterOf(const Iface& iface) const {
  for (const Iface& i : ifaces_) {
    if (!i.Is(Forwarding::kBridge) || i.node() != iface.node()) continue;
    for (const std::string& p : Words(i.Param("ports").value_or(""))) {
      if (p == iface.name()) return &i;
    }
  }
  return nullptr;
}

std::vector<const Iface*> NetModel::Ports(const Iface& bridge) const {
  std::vector<const Iface*> out;
  for (const std::string& p : Words(bridge.Param("ports").value_or(""))) {
    if (const Iface* port = Find(bridge.node(), p)) out.push_back(port);
  }
  return out;
}

std::vector<const Iface*> NetModel::Children(const Iface& iface, const std::string& kind) const {
  std::vector<const Iface*> out;
  for (const Iface& i : ifaces_) {
    if (i.kind() == kind && i.node() == iface.node() && i.Param("parent") == iface.name()) {
      out.push_back(&i);
    }
  }
  return out;
}

std::vector<const Iface*> NetModel::Children(const Iface& iface, Forwarding forwarding) const {
  std::vector<const Iface*> out;
  for (const Iface& i : ifaces_) {
    if (i.Is(forwarding) && i.node() == iface.node() && i.Param("parent") == iface.name()) {
      out.push_back(&i);
    }
  }
  return out;
}

const Iface* NetModel::Owner(const IpAddr& ip) const {
  for (const Iface& i : ifaces_) {
    for (const Address& a : i.end->addresses) {
      if (a.Ip() == ip) return &i;
    }
  }
  return nullptr;
}

bool NetModel::NodeOwns(const std::string& node, const IpAddr& ip) const {
  const Iface* owner = Owner(ip);
  return owner != nullptr && owner->node() == node;
}

const Iface* NetModel::ConnectedIface(const std::string& node, const IpAddr& ip) const {
  const Iface* best = nullptr;
  int best_len = -1;
  for (const Iface* i : IfacesOf(node)) {
    for (const Address& a : i->end->addresses) {
      std::optional<Prefix> net = AddressPrefix(a);
      if (a.family == ip.family && net && InPrefix(ip, *net) && net->len > best_len) {
        best = i;
        best_len = net->len;
      }
    }
  }
  return best;
}

std::optional<RouteChoice> NetModel::Lookup(const std::string& node, const IpAddr& dst,
                                            size_t nexthop) const {
  const Node* n = topology_.FindNode(node);
  if (n == nullptr) return std::nullopt;
  Candidate best;
  bool v4 = dst.family == Family::kIpv4;
  for (const Iface* i : IfacesOf(node)) {
    for (const Address& a : i->end->addresses) {
      std::optional<Prefix> net = AddressPrefix(a);
      if (a.family != dst.family || !net || !InPrefix(dst, *net)) continue;
      Candidate c{net->len, v4 ? 0u : 256u, true,
                  RouteChoice{nullptr, i->name(), std::nullopt, PrefixToString(*net)}};
      if (Better(c, best)) best = c;
    }
  }
  for (const Route& r : n->routes) {
    // The main table only: policy rules (<rule>) and the tables they use are not modelled.
    if (r.family != dst.family || r.Table() != Route::kMainTable) continue;
    if (r.dst && !InPrefix(dst, *r.dst)) continue;
    int len = r.dst ? r.dst->len : 0;
    Candidate c{len, r.metric.value_or(v4 ? 0u : 1024u), false,
                RouteChoice{&r, "", {}, r.DstText()}};
    // A multipath route: the kernel picks a nexthop per flow (a hash); the caller says which.
    const Nexthop* hop = r.nexthops.empty() ? nullptr : &r.nexthops[nexthop % r.nexthops.size()];
    const std::optional<std::string>& dev = hop ? hop->dev : r.dev;
    c.choice.gateway = hop ? hop->via : r.via;
    if (dev) {
      c.choice.dev = *dev;
    } else if (c.choice.gateway) {
      const Iface* on_link = ConnectedIface(node, *c.choice.gateway);
      if (on_link == nullptr) continue;  // the kernel refuses a gateway off every subnet
      c.choice.dev = on_link->name();
    }
    if (Better(c, best)) best = c;
  }
  if (best.len < 0) return std::nullopt;
  return best.choice;
}

std::optional<IpAddr> NetModel::FirstAddress(const Iface& iface, Family family) const {
  for (const Address& a : iface.end->addresses) {
    if (a.family == family) return a.Ip();
  }
  return std::nullopt;
}

std::optional<IpAddr> NetModel::SourceFor(const RouteChoice& choice, const std::string& node,
                                          Family family) const {
  if (choice.route && choice.route->src) return choice.route->src;
  const Iface* dev = Find(node, choice.dev);
  if (dev && choice.gateway) {
    for (const Address& a : dev->end->addresses) {
      std::optional<Prefix> net = AddressPrefix(a);
      if (a.family == family && net && InPrefix(*choice.gateway, *net)) return a.Ip();
    }
  }
  if (dev) {
    if (std::optional<IpAddr> ip = FirstAddress(*dev, family)) return ip;
  }
  // No address on the egress device: the kernel takes one from another interface.
  for (const Iface* i : IfacesOf(node)) {
    if (std::optional<IpAddr> ip = FirstAddress(*i, family)) return ip;
  }
  return std::nullopt;
}

std::optional<std::string> NetModel::Sysctl(const std::string& node, const std::string& key) const {
  std::optional<std::string> value;
  if (const Node* n = topology_.FindNode(node)) {
    for (const mtulab::Sysctl& s : n->sysctls) {
      if (s.key == key) value = s.value;
    }
  }
  for (const Iface* i : IfacesOf(node)) {
    for (const mtulab::Sysctl& s : i->end->sysctls) {
      if (s.key == key) value = s.value;
    }
  }
  return value;
}

std::optional<SourceLoc> NetModel::SysctlLoc(const std::string& node,
                                             const std::string& key) const {
  std::optional<SourceLoc> loc;
  if (const Node* n = topology_.FindNode(node)) {
    for (const mtulab::Sysctl& s : n->sysctls) {
      if (s.key == key) loc = s.loc;
    }
  }
  for (const Iface* i : IfacesOf(node)) {
    for (const mtulab::Sysctl& s : i->end->sysctls) {
      if (s.key == key) loc = s.loc;
    }
  }
  return loc;
}

long NetModel::SysctlInt(const std::string& node, const std::string& key, long fallback) const {
  std::optional<std::string> v = Sysctl(node, key);
  if (!v) return fallback;
  std::optional<int64_t> n = ParseSignedInteger(*v);
  return n ? static_cast<long>(*n) : fallback;
}

bool NetModel::Forwards(const std::string& node, Family family) const {
  if (family == Family::kIpv6) return SysctlInt(node, "net.ipv6.conf.all.forwarding", 0) == 1;
  return SysctlInt(node, "net.ipv4.ip_forward", 0) == 1 ||
         SysctlInt(node, "net.ipv4.conf.all.forwarding", 0) == 1;
}

long NetModel::RpFilter(const std::string& node, const std::string& ifname) const {
  long all = SysctlInt(node, "net.ipv4.conf.all.rp_filter", 0);
  long dflt = SysctlInt(node, "net.ipv4.conf.default.rp_filter", 0);
  long dev = SysctlInt(node, "net.ipv4.conf." + ifname + ".rp_filter", dflt);
  return std::max(all, dev);
}

}  // namespace mtulab
