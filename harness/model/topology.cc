#include "harness/model/topology.h"

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "harness/model/link_kinds.h"

namespace mtulab {

Address::Address(Prefix parsed, std::string text, SourceLoc loc)
    : family(parsed.addr.family), text(std::move(text)), loc(std::move(loc)), prefix(parsed) {}

Address::Address(Family family, std::string text, SourceLoc loc)
    : family(family), text(std::move(text)), loc(std::move(loc)) {
  std::string error;
  std::optional<Prefix> parsed = ParsePrefix(this->text, family, error);
  if (!parsed) throw std::invalid_argument("address \"" + this->text + "\"" + error);
  prefix = *parsed;
}

const char* MssClampBackendName(MssClamp::Backend backend) {
  return backend == MssClamp::Backend::kIptables ? "iptables" : "nftables";
}

const Address* Endpoint::FirstAddress(Family family) const {
  for (const Address& a : addresses) {
    if (a.family == family) return &a;
  }
  return nullptr;
}

std::string Route::DstText() const { return dst ? PrefixToString(*dst) : "default"; }

std::string Route::Describe() const {
  std::string s = DstText();
  for (size_t i = 0; i < mpls_labels.size(); ++i) {
    s += (i == 0 ? " encap mpls " : "/") + std::to_string(mpls_labels[i]);
  }
  if (via) s += " via " + IpToString(*via);
  if (dev) s += " dev " + *dev;
  if (src) s += " src " + IpToString(*src);
  if (metric) s += " metric " + std::to_string(*metric);
  if (mtu) s += std::string(" mtu ") + (mtu_lock ? "lock " : "") + std::to_string(*mtu);
  if (advmss) s += " advmss " + std::to_string(*advmss);
  if (table) s += " table " + std::to_string(*table);
  for (const Nexthop& nh : nexthops) {
    s += " nexthop";
    if (nh.via) s += " via " + IpToString(*nh.via);
    if (nh.dev) s += " dev " + *nh.dev;
    s += " weight " + std::to_string(nh.weight);
  }
  return s;
}

std::string Rule::Describe() const {
  std::string s;
  if (priority) s += "priority " + std::to_string(*priority) + " ";
  s += family == Family::kIpv4 ? "ipv4" : "ipv6";
  if (from) s += " from " + PrefixToString(*from);
  if (to) s += " to " + PrefixToString(*to);
  if (dsfield) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", *dsfield);
    s += std::string(" dsfield ") + hex;
  }
  if (fwmark) s += " fwmark " + std::to_string(*fwmark);
  return s + " lookup " + std::to_string(table);
}

const Node* Topology::FindNode(const std::string& name) const {
  for (const Node& n : nodes) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

Node* Topology::FindNode(const std::string& name) {
  return const_cast<Node*>(static_cast<const Topology*>(this)->FindNode(name));
}

std::vector<std::string> Device::DependsOn() const {
  std::vector<std::string> out;
  const KindSchema* row = FindKindSchema(kind);
  if (row == nullptr) return out;
  for (const ParamSpec& p : row->params) {  // the interface attributes of the kind's row
    if (p.type != ParamType::kIfname && p.type != ParamType::kIfnameList) continue;
    auto it = params.find(p.name);
    if (it == params.end()) continue;
    std::istringstream words(it->second);
    for (std::string w; words >> w;) out.push_back(w);
  }
  return out;
}

const Endpoint* Topology::FindEndpoint(const std::string& node, const std::string& ifname) const {
  for (const Link& l : links) {
    for (const Endpoint& e : l.ends) {
      if (e.node == node && e.ifname == ifname) return &e;
    }
  }
  const Device* d = FindDevice(node, ifname);
  if (d != nullptr) return &d->end;
  const Pod* pod = FindPod(node);
  return pod != nullptr && pod->end.ifname == ifname ? &pod->end : nullptr;
}

const Pod* Topology::FindPod(const std::string& name) const {
  for (const Pod& p : pods) {
    if (p.end.node == name) return &p;
  }
  return nullptr;
}

Pod* Topology::FindPod(const std::string& name) {
  return const_cast<Pod*>(static_cast<const Topology*>(this)->FindPod(name));
}

const Device* Topology::FindDevice(const std::string& node, const std::string& ifname) const {
  for (const Device& d : devices) {
    if (d.end.node == node && d.end.ifname == ifname) return &d;
  }
  return nullptr;
}

Endpoint* Topology::FindEndpoint(const std::string& node, const std::string& ifname) {
  return const_cast<Endpoint*>(static_cast<const Topology*>(this)->FindEndpoint(node, ifname));
}

std::vector<const Endpoint*> Topology::EndpointsOf(const std::string& node) const {
  std::vector<const Endpoint*> out;
  for (const Link& l : links) {
    for (const Endpoint& e : l.ends) {
      if (e.node == node) out.push_back(&e);
    }
  }
  for (const Device& d : devices) {
    if (d.end.node == node) out.push_back(&d.end);
  }
  if (const Pod* pod = FindPod(node)) out.push_back(&pod->end);
  return out;
}

std::string Ipsec::Describe() const {
  return "ipsec " + ends[0].text + " (" + ends[0].node + ") <-> " + ends[1].text + " (" +
         ends[1].node + ")";
}

}  // namespace mtulab
