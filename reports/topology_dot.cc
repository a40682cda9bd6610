#include "reports/topology_dot.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>


namespace mtulab {
namespace {

constexpr int kMaxNotes = 3;  // bottleneck notes shown per interface
constexpr char kBottleneckFill[] = "#f8d7da";
constexpr char kBottleneckLine[] = "#c0392b";
constexpr char kChangedFill[] = "#fff3bf";  // a value the case's overrides changed

// No bold inside a line of a label: mtulab draws without Graphviz's pango plugin
// (reports/graphviz_svg.h), and the built-in metrics size bold text as regular, so a bold
// span would overlap the next one in the browser.

// Text for a DOT HTML-like label.
std::string Html(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c >= 0x20 || c == '\t') {
      out += char(c);
    }
  }
  return out;
}

std::string Small(const std::string& html) { return "<font point-size=\"8\">" + html + "</font>"; }

using Key = DotKey;

struct Layout {
  std::map<std::string, int> node_index;
  std::map<Key, std::string> port;  // "n3:i1"
  std::map<Key, std::vector<std::string>> notes;
  const DotAnnotations* annotations = nullptr;
};

std::string MtuText(const std::optional<uint32_t>& mtu) {
  return mtu ? "mtu " + std::to_string(*mtu) : "mtu default";
}

// The MTU the interface will have: set, else derived by the model, else unknown.
std::optional<uint32_t> EffectiveMtu(const Endpoint& end, const Layout& layout) {
  if (end.mtu) return end.mtu;
  auto d = layout.annotations->derived_mtu.find({end.node, end.ifname});
  if (d == layout.annotations->derived_mtu.end()) return std::nullopt;
  return d->second.first;
}

// The interface's MTU as the row shows it: set, derived ("mtu 1450 (derived: ...)") or
// "default" when the model cannot tell; a changed one says what it was.
std::string MtuCell(const Endpoint& end, const Layout& layout) {
  const DotAnnotations& a = *layout.annotations;
  Key key{end.node, end.ifname};
  std::string text = Html(MtuText(end.mtu));
  if (auto d = a.derived_mtu.find(key); !end.mtu && d != a.derived_mtu.end()) {
    text = "mtu " + std::to_string(d->second.first) + " " +
           Small("<i>(" + Html(d->second.second) + ")</i>");
  }
  if (auto c = a.changed_mtu.find(key); c != a.changed_mtu.end()) {
    text = "<u>" + text + "</u> " + Small("changed by the case (was " + Html(c->second) + ")");
  }
  return text;
}

// "vxlan 100 over uplink0", "bridge ports vx0 eth1", "macvlan on eth0".
std::string DeviceText(const Device& d) {
  auto param = [&](const char* name) {
    auto it = d.params.find(name);
    return it == d.params.end() ? std::string() : it->second;
  };
  std::string text = d.kind;
  if (!param("vni").empty()) text += " " + param("vni");
  if (!param("id").empty()) text += " " + param("id");
  if (!param("dev").empty()) text += " over " + param("dev");
  if (!param("parent").empty()) text += " on " + param("parent");
  if (!param("ports").empty()) text += " ports " + param("ports");
  return text;
}

std::string AddressText(const Endpoint& end) {
  std::string text;
  for (const Address& a : end.addresses) text += (text.empty() ? "" : " ") + a.text;
  return text;
}

std::string InterfaceRow(const Topology& t, const Endpoint& end, const std::string& port,
                         const Layout& layout) {
  const Device* device = t.FindDevice(end.node, end.ifname);
  std::string cell = Html(end.ifname);
  if (device != nullptr) cell += " " + Html(DeviceText(*device));
  cell += " · " + MtuCell(end, layout);
  if (std::string addresses = AddressText(end); !addresses.empty()) {
    cell += "<br/>" + Small(Html(addresses));
  }
  std::string fill;
  if (layout.annotations->changed_mtu.count({end.node, end.ifname})) {
    fill = std::string(" bgcolor=\"") + kChangedFill + "\"";
  }
  auto it = layout.notes.find({end.node, end.ifname});
  if (it != layout.notes.end()) {
    fill = std::string(" bgcolor=\"") + kBottleneckFill + "\"";
    const std::vector<std::string>& notes = it->second;
    for (size_t i = 0; i < notes.size() && i < size_t(kMaxNotes); ++i) {
      cell += "<br/>" + Small("bottleneck: " + Html(notes[i]));
    }
    if (notes.size() > size_t(kMaxNotes)) {
      cell += "<br/>" + Small("+" + std::to_string(notes.size() - kMaxNotes) + " more paths");
    }
  }
  return "<tr><td port=\"" + port + "\" align=\"left\" balign=\"left\"" + fill + ">" + cell + "</td></tr>";
}

bool Forwards(const Node& n) {
  for (const Sysctl& s : n.sysctls) {
    if (s.key == "net.ipv4.ip_forward" && s.value == "1") return true;
  }
  return false;
}

// Routes with MTU settings, policy rules, ICMP filters and MSS clamps: what shapes the path
// MTU here.
std::vector<std::string> NodeNotes(const Node& n) {
  std::vector<std::string> notes;
  for (const Route& r : n.routes) {
    if (r.mtu || r.advmss) notes.push_back("route " + r.Describe());
  }
  for (const Rule& r : n.rules) notes.push_back("rule " + r.Describe());  // policy routing
  static const char* kHooks[] = {"input", "output", "forward"};
  for (const IcmpFilter& f : n.icmp_filters) {
    notes.push_back("icmp-filter drops " + f.drop + " on " + kHooks[int(f.hook)] +
                    (f.dev ? " via " + *f.dev : ""));
  }
  for (const MssClamp& c : n.mss_clamps) {
    notes.push_back("mss-clamp " + (c.mss ? std::to_string(*c.mss) : std::string("to path MTU")) +
                    (c.dev ? " on " + *c.dev : "") +
                    (c.family ? std::string(" ") + FamilyName(*c.family) : ""));
  }
  return notes;
}

std::string NodeStatement(const Topology& t, const Node& n, int index, const Layout& layout) {
  std::string title = Html(n.name) + (Forwards(n) ? " (forwarding)" : "");
  std::string rows = "<tr><td bgcolor=\"#dde6f0\">" + title + "</td></tr>";
  for (const Endpoint* end : t.EndpointsOf(n.name)) {
    const std::string& port = layout.port.at({n.name, end->ifname});
    rows += InterfaceRow(t, *end, port.substr(port.find(':') + 1), layout);
  }
  for (const std::string& note : NodeNotes(n)) {
    rows += "<tr><td align=\"left\">" + Small("<i>" + Html(note) + "</i>") + "</td></tr>";
  }
  auto changed = layout.annotations->changed_node.find(n.name);
  if (changed != layout.annotations->changed_node.end()) {
    for (const std::string& note : changed->second) {
      rows += std::string("<tr><td align=\"left\" bgcolor=\"") + kChangedFill + "\">" +
              Small("changed by the case: " + Html(note)) + "</td></tr>";
    }
  }
  return "  n" + std::to_string(index) +
         " [label=<<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"3\">" +
         rows + "</table>>];\n";
}

std::string VethEdge(const Link& link, const Layout& layout) {
  const Endpoint& a = link.ends[0];
  const Endpoint& b = link.ends[1];
  auto pa = layout.port.find({a.node, a.ifname});
  auto pb = layout.port.find({b.node, b.ifname});
  if (pa == layout.port.end() || pb == layout.port.end()) return "";
  std::vector<std::string> attrs;
  std::optional<uint32_t> ma = EffectiveMtu(a, layout), mb = EffectiveMtu(b, layout);
  if (ma != mb) {
    attrs.push_back("label=\"" + MtuText(ma) + " ≠ " + MtuText(mb) + "\"");
    attrs.push_back("fontcolor=\"#b9770e\"");
  }
  if (layout.notes.count({a.node, a.ifname}) || layout.notes.count({b.node, b.ifname})) {
    attrs.push_back(std::string("color=\"") + kBottleneckLine + "\"");
    attrs.push_back("penwidth=3");
  }
  std::string list;
  for (const std::string& attr : attrs) list += (list.empty() ? "" : ", ") + attr;
  return "  " + pa->second + " -- " + pb->second + (list.empty() ? "" : " [" + list + "]") + ";\n";
}

// The node owning interface address `ip`, or "".
std::string OwnerOf(const Topology& t, const std::string& text) {
  std::optional<IpAddr> ip = ParseIp(text);
  for (const Node& n : t.nodes) {
    for (const Endpoint* end : t.EndpointsOf(n.name)) {
      for (const Address& a : end->addresses) {
        if (a.Ip() == ip) return n.name;
      }
    }
  }
  return "";
}

// Tunnel peers as (device, device) pairs, each pair once.
std::vector<std::pair<const Device*, const Device*>> TunnelPairs(const Topology& t) {
  std::vector<std::pair<const Device*, const Device*>> pairs;
  std::set<std::pair<const Device*, const Device*>> seen;
  auto add = [&](const Device* a, const Device* b) {
    if (a == nullptr || b == nullptr || a == b) return;
    if (seen.insert({std::min(a, b), std::max(a, b)}).second) pairs.emplace_back(a, b);
  };
  for (const Device& d : t.devices) {
    for (const WgPeer& p : d.peers) {
      if (p.node && p.dev) add(&d, t.FindDevice(*p.node, *p.dev));
    }
    std::vector<std::string> remotes = d.fdb;
    if (auto it = d.params.find("remote"); it != d.params.end()) remotes.push_back(it->second);
    for (const std::string& remote : remotes) {
      std::string owner = OwnerOf(t, remote);
      for (const Device& other : t.devices) {
        auto vni = [](const Device& x) {
          auto v = x.params.find("vni");
          return v == x.params.end() ? std::string() : v->second;
        };
        if (other.end.node == owner && other.kind == d.kind && vni(other) == vni(d)) {
          add(&d, &other);
        }
      }
    }
  }
  return pairs;
}

Layout MakeLayout(const Topology& t, const DotAnnotations& annotations) {
  const std::vector<DotHighlight>& bottlenecks = annotations.bottlenecks;
  Layout layout;
  layout.annotations = &annotations;
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    layout.node_index[t.nodes[i].name] = int(i);
    int k = 0;
    for (const Endpoint* end : t.EndpointsOf(t.nodes[i].name)) {
      layout.port[{t.nodes[i].name, end->ifname}] =
          "n" + std::to_string(i) + ":i" + std::to_string(k++);
    }
  }
  for (const DotHighlight& h : bottlenecks) {
    std::vector<std::string>& notes = layout.notes[{h.node, h.ifname}];
    if (std::find(notes.begin(), notes.end(), h.note) == notes.end()) notes.push_back(h.note);
  }
  return layout;
}

}  // namespace

std::string TopologyDot(const Topology& topology, const DotAnnotations& annotations) {
  Layout layout = MakeLayout(topology, annotations);
  std::string out = "graph topology {\n";
  out += "  graph [rankdir=LR, nodesep=0.3, ranksep=0.9, fontname=\"Helvetica\"];\n";
  out += "  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (size_t i = 0; i < topology.nodes.size(); ++i) {
    out += NodeStatement(topology, topology.nodes[i], int(i), layout);
  }
  for (const Link& link : topology.links) out += VethEdge(link, layout);
  for (const auto& [a, b] : TunnelPairs(topology)) {
    auto pa = layout.port.find({a->end.node, a->end.ifname});
    auto pb = layout.port.find({b->end.node, b->end.ifname});
    if (pa == layout.port.end() || pb == layout.port.end()) continue;
    out += "  " + pa->second + " -- " + pb->second + " [style=dashed, color=\"#2e86c1\", label=\"" +
           Html(a->kind) + "\", fontcolor=\"#2e86c1\"];\n";
  }
  return out + "}\n";
}

}  // namespace mtulab
