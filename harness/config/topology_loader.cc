#include <sstream>

#include "harness/config/firewall_reader.h"
#include "harness/config/ipsec_reader.h"
#include "harness/config/limits.h"
#include "harness/config/loader_internal.h"
#include "harness/model/link_kinds.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

std::vector<std::string> SplitSpaces(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

void ReadAddresses(Element& e, const char* attr, Family family, Endpoint& end) {
  std::optional<std::string> text = e.Get(attr);
  if (!text) return;
  for (const std::string& word : SplitSpaces(*text)) {
    std::string error;
    std::optional<Prefix> prefix = ParsePrefix(word, family, error);
    std::optional<std::string> unusable = prefix ? UnusableAddress(prefix->addr) : std::nullopt;
    if (unusable) {
      e.AttrError(attr, std::string(attr) + "=\"" + word + "\": " + IpToString(prefix->addr) +
                            " " + *unusable + " and cannot be an interface's address");
    } else if (prefix) {
      end.addresses.push_back(Address(*prefix, word, e.AttrLoc(attr)));
    } else {
      e.AttrError(attr, std::string(attr) + "=\"" + word + "\"" + error);
    }
  }
}

// The attributes every interface has: node, name, mtu, ipv4, ipv6.
Endpoint ReadEndAttributes(Element& e) {
  Endpoint end;
  end.loc = e.loc();
  end.node = e.Required("node");
  if (e.Has("name")) {
    end.ifname = *e.Get("name");
    if (std::optional<std::string> problem = CheckIfname(end.ifname)) e.AttrError("name", *problem);
  } else {
    e.Required("name");
  }
  end.mtu = e.Uint("mtu", 68, 65535);
  ReadAddresses(e, "ipv4", Family::kIpv4, end);
  ReadAddresses(e, "ipv6", Family::kIpv6, end);
  return end;
}

Endpoint ReadEnd(Element& e) {
  Endpoint end = ReadEndAttributes(e);
  for (pugi::xml_node child : e.Children({"sysctl"})) {
    Element s = e.Child(child, {"name", "value"});
    if (std::optional<Sysctl> sysctl = ReadSysctl(s, &end.ifname)) end.sysctls.push_back(*sysctl);
  }
  return end;
}

std::string SupportedKinds() {
  std::vector<std::string> kinds = {"veth"};
  for (const KindSchema& k : KindSchemas()) kinds.push_back(k.kind);
  return JoinNames(kinds);
}

std::optional<Link> ReadLink(Element& e) {
  Link link;
  link.loc = e.loc();
  std::vector<pugi::xml_node> ends = e.Children({"end"});
  if (ends.size() != 2) {
    e.Error("<link> needs exactly 2 <end> elements, found " + std::to_string(ends.size()));
  }
  for (size_t i = 0; i < ends.size(); ++i) {
    Element end = e.Child(ends[i], {"node", "name", "mtu", "ipv4", "ipv6"});
    Endpoint endpoint = ReadEnd(end);
    if (i < 2) link.ends[i] = std::move(endpoint);
  }
  if (ends.size() != 2) return std::nullopt;
  return link;
}

Node ReadNode(Element& e) {
  Node node;
  node.loc = e.loc();
  node.name = e.Required("name");
  if (e.Has("name") && !IsName(node.name, "_-", 32)) {
    e.AttrError("name", "node name '" + node.name + "' must match [A-Za-z0-9_-]{1,32}");
  }
  if (e.Bool("forwarding").value_or(false)) {
    node.sysctls.push_back(Sysctl{"net.ipv4.ip_forward", "1", node.loc});
    node.sysctls.push_back(Sysctl{"net.ipv6.conf.all.forwarding", "1", node.loc});
  }
  std::vector<std::string> children = {"sysctl", "route", "mpls-route", "rule"};
  for (const std::string& name : FirewallNodeChildren()) children.push_back(name);
  for (pugi::xml_node child : e.Children(children)) {
    if (std::string(child.name()) == "sysctl") {
      Element s = e.Child(child, {"name", "value"});
      if (std::optional<Sysctl> sysctl = ReadSysctl(s, nullptr)) node.sysctls.push_back(*sysctl);
    } else if (std::string(child.name()) == "rule") {
      Element r = e.Child(child, kRuleAttrs);
      r.Children({});
      if (std::optional<Rule> rule = ReadRule(r, node.name)) node.rules.push_back(*rule);
    } else if (std::string(child.name()) == "mpls-route") {
      Element r = e.Child(child, {"label", "dev"});
      if (std::optional<MplsRoute> route = ReadMplsRoute(r)) {
        node.mpls_routes.push_back(*route);
      }
    } else if (std::string(child.name()) != "route") {
      ReadFirewallChild(e, child, node);
    } else {
      Element r = e.Child(child, kRouteAttrs);
      if (std::optional<Route> route = ReadRoute(r, node.name)) node.routes.push_back(*route);
    }
  }
  return node;
}

}  // namespace

std::optional<Sysctl> ReadSysctl(Element& e, const std::string* ifname) {
  bool complete = e.Has("name") && e.Has("value");
  std::string name = e.Required("name");
  std::string value = e.Required("value");
  if (!complete) return std::nullopt;
  std::string key = name;
  if (ifname == nullptr && name.rfind("net.", 0) != 0) {
    e.AttrError("name", "sysctl name '" + name + "' must start with 'net.'");
    return std::nullopt;
  }
  if (ifname != nullptr) {
    bool v4 = name.rfind("ipv4.", 0) == 0, v6 = name.rfind("ipv6.", 0) == 0;
    bool mpls = name.rfind("mpls.", 0) == 0;  // net.mpls.conf.DEV.input
    if ((!v4 && !v6 && !mpls) || name.size() == 5) {
      e.AttrError("name", "interface sysctl name '" + name +
                              "' must be 'ipv4.KEY', 'ipv6.KEY' or 'mpls.KEY'");
      return std::nullopt;
    }
    key = "net." + name.substr(0, 4) + ".conf." + *ifname + "." + name.substr(5);
  }
  if (std::optional<std::string> problem = CheckSysctlKey(name)) {
    e.AttrError("name", *problem);
    return std::nullopt;
  }
  if (std::optional<std::string> problem = CheckSysctlValue(name, value)) {
    e.AttrError("value", *problem);
    return std::nullopt;
  }
  return Sysctl{key, value, e.loc()};
}

bool CheckTopologySize(const XmlFile& file, Diagnostics& diags) {
  size_t nodes = 0, links = 0;
  for (pugi::xml_node child : file.root().children()) {
    std::string name = child.name();
    if ((name == "node" || name == "pod") && ++nodes == kMaxNodes + 1) {
      diags.Add(file.LocOf(child), "node " + std::to_string(nodes) +
                                       ": a topology may have at most " +
                                       std::to_string(kMaxNodes) + " nodes");
      return false;
    }
    if (name == "link" && ++links == kMaxLinks + 1) {
      diags.Add(file.LocOf(child), "link " + std::to_string(links) +
                                       ": a topology may have at most " +
                                       std::to_string(kMaxLinks) +
                                       " links (veth and single-node links together)");
      return false;
    }
  }
  return true;
}

Topology ReadTopology(const XmlFile& file, Diagnostics& diags) {
  Topology topology;
  topology.file = file.path();
  pugi::xml_node root = file.root();
  topology.loc = file.LocOf(root);
  if (std::string(root.name()) != "topology") {
    diags.Add(topology.loc,
              std::string("expected root element <topology>, found <") + root.name() + ">");
    return topology;
  }
  // xmlns:xsi + xsi:noNamespaceSchemaLocation let editors find schemas/topology.xsd.
  Element e(file, diags, root, {"name", "xmlns:xsi", "xsi:noNamespaceSchemaLocation"});
  topology.name = e.Required("name");
  if (e.Has("name") && !IsName(topology.name, "_.-", 32)) {
    e.AttrError("name", "topology name '" + topology.name + "' must match [A-Za-z0-9_.-]{1,32}");
  }
  for (pugi::xml_node child : e.Children({"node", "link", "pod", "ipsec"})) {
    if (std::string(child.name()) == "ipsec") {
      Element i = e.Child(child, IpsecAttributes());
      ReadIpsec(i, topology);
    } else if (std::string(child.name()) == "pod") {
      Element p = e.Child(child, PodAttributes());
      ReadPod(p, file.path(), topology);
    } else if (std::string(child.name()) == "node") {
      Element n = e.Child(child, {"name", "forwarding"});
      topology.nodes.push_back(ReadNode(n));
    } else {
      std::string kind = child.attribute("kind").empty() ? "veth" : child.attribute("kind").value();
      if (kind == "veth") {
        Element l = e.Child(child, {"kind"});
        if (std::optional<Link> link = ReadLink(l)) topology.links.push_back(*link);
      } else if (FindKindSchema(kind) != nullptr) {
        Element l = e.Child(child, DeviceAttributes(kind));
        Endpoint end = ReadEndAttributes(l);
        if (std::optional<Device> d = ReadDevice(l, kind, end)) topology.devices.push_back(*d);
      } else {
        Element l = e.Child(child, DeviceAttributes(kind));
        std::vector<std::string> known = {"veth"};
        for (const KindSchema& k : KindSchemas()) known.push_back(k.kind);
        std::optional<std::string> close = ClosestName(kind, known);
        l.AttrError("kind", "link kind '" + kind + "' is not known" +
                                (close ? "; did you mean '" + *close + "'?" : "") +
                                " (known: " + SupportedKinds() + ")");
      }
    }
  }
  return topology;
}

}  // namespace mtulab
