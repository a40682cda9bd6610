#include "harness/config/loader_internal.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// Parses `to`: "default" (family decided later) or a prefix with zero host bits.
bool ReadDestination(Element& e, Route& route, std::optional<Family>& family) {
  std::string to = e.Required("to");
  if (!e.Has("to")) return false;
  if (to == "default") return true;  // route.dst stays unset
  Family guess = to.find(':') != std::string::npos ? Family::kIpv6 : Family::kIpv4;
  std::string error;
  std::optional<Prefix> prefix = ParsePrefix(to, guess, error);
  if (!prefix) {
    if (error.rfind(": prefix length", 0) != 0) {
      error = " is not 'default' or an address with prefix length";
    }
    e.AttrError("to", "to=\"" + to + "\"" + error);
    return false;
  }
  Prefix network = NetworkOf(*prefix);
  if (!(network.addr == prefix->addr)) {
    e.AttrError("to", "route to " + to + " has host bits set (did you mean " +
                          PrefixToString(network) + "?)");
    return false;
  }
  route.dst = network;
  family = guess;
  return true;
}

// Parses a bare address attribute (`via`, `src`) into canonical text.
std::optional<IpAddr> ReadIp(Element& e, const char* attr) {
  std::optional<std::string> text = e.Get(attr);
  if (!text) return std::nullopt;
  std::optional<IpAddr> ip = ParseIp(*text);
  if (!ip) e.AttrError(attr, std::string(attr) + "=\"" + *text + "\" is not an IP address");
  std::optional<std::string> unusable = ip ? UnusableAddress(*ip) : std::nullopt;
  if (unusable) {
    e.AttrError(attr, std::string(attr) + "=\"" + *text + "\" " + *unusable + " and cannot be " +
                          (std::string(attr) == "via" ? "a gateway" : "a source address"));
    return std::nullopt;
  }
  return ip;
}

// Settles the route's family from `to`, `family`, `via`; false (reported) on a conflict.
bool SettleFamily(Element& e, const std::string& prefix, std::optional<Family> from_to,
                  const std::optional<IpAddr>& via, Route& route) {
  std::optional<Family> attr = e.FamilyOf("family");
  if (from_to && attr && *from_to != *attr) {
    e.AttrError("family", "route to " + route.DstText() + " is " + FamilyName(*from_to) +
                              " but family=\"" + FamilyName(*attr) + "\"");
    return false;
  }
  std::optional<Family> family = from_to ? from_to : attr;
  if (!family && via) family = via->family;
  if (!family) {
    if (!e.Has("family")) e.Error("route to default without 'via' needs attribute 'family'");
    return false;
  }
  route.family = *family;
  if (via && via->family != *family) {
    e.AttrError("via", prefix + "gateway " + IpToString(*via) + " is not an " +
                           FamilyName(*family) + " address");
    return false;
  }
  return true;
}

// Reads the <nexthop via dev weight> children of a multipath route; false (reported) when one
// is unusable. The route's family is settled.
bool ReadNexthops(Element& e, const std::vector<pugi::xml_node>& children,
                  const std::string& prefix, Route& route) {
  bool ok = true;
  for (pugi::xml_node child : children) {
    Element x = e.Child(child, {"via", "dev", "weight"});
    x.Children({});
    Nexthop nh;
    nh.loc = x.loc();
    std::optional<IpAddr> via = ReadIp(x, "via");
    if (x.Has("via") && !via) ok = false;
    if (via && via->family != route.family) {
      x.AttrError("via", prefix + "nexthop gateway " + IpToString(*via) + " is not an " +
                             FamilyName(route.family) + " address");
      ok = false;
    }
    nh.via = via;
    nh.dev = x.Get("dev");
    if (!x.Has("via") && !nh.dev) {
      x.Error(prefix + "<nexthop> needs 'via' or 'dev'");
      ok = false;
    }
    nh.weight = x.Uint("weight", 1, 256).value_or(nh.weight);
    route.nexthops.push_back(nh);
  }
  if (!route.nexthops.empty() && (e.Has("via") || e.Has("dev"))) {
    e.Error(prefix + "'via' and 'dev' go on each <nexthop> of a multipath route");
    ok = false;
  }
  return ok;
}

// Parses `mpls="100/200"`: the label stack an MPLS encap route pushes, outermost first
// (`ip route add ... encap mpls 100/200`); false (reported) when unusable.
bool ReadMplsLabels(Element& e, const std::string& prefix, Route& route) {
  std::optional<std::string> text = e.Get("mpls");
  if (!text) return true;
  std::vector<uint32_t> labels;
  size_t start = 0;
  while (start <= text->size()) {
    size_t slash = text->find('/', start);
    std::string part = text->substr(start, slash == std::string::npos ? slash : slash - start);
    std::optional<uint64_t> label = ParseUnsigned(part);
    if (!label || *label < kMplsFirstUnreservedLabel || *label > kMplsMaxLabel) {
      e.AttrError("mpls", prefix + "mpls=\"" + *text + "\": '" + part + "' is not a label " +
                              std::to_string(kMplsFirstUnreservedLabel) + ".." +
                              std::to_string(kMplsMaxLabel) + " (labels are separated by '/')");
      return false;
    }
    labels.push_back(static_cast<uint32_t>(*label));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (labels.size() > kMplsMaxLabels) {
    e.AttrError("mpls", prefix + "mpls=\"" + *text + "\" pushes " + std::to_string(labels.size()) +
                            " labels; the kernel takes at most " + std::to_string(kMplsMaxLabels));
    return false;
  }
  if (!route.nexthops.empty()) {
    e.AttrError("mpls", prefix + "'mpls' is not supported on a multipath route");
    return false;
  }
  route.mpls_labels = std::move(labels);
  return true;
}

}  // namespace

const std::vector<std::string> kRouteAttrs = {"to",     "family", "via",  "dev",    "src",
                                              "metric", "mtu",    "lock", "advmss", "mpls"};

std::optional<Route> ReadRoute(Element& e, const std::string& node, bool leaf) {
  std::vector<pugi::xml_node> nexthops;
  if (leaf) nexthops = e.Children({"nexthop"});
  Route route;
  route.loc = e.loc();
  std::optional<Family> from_to;
  bool ok = ReadDestination(e, route, from_to);
  // As before typing: an unreadable `to` leaves the text empty ("route  on node ...").
  const std::string prefix = "route " + (ok ? route.DstText() : "") + " on node '" + node + "': ";
  std::optional<IpAddr> via = ReadIp(e, "via");
  std::optional<IpAddr> src = ReadIp(e, "src");
  if (e.Has("via") && !via) ok = false;
  if (e.Has("src") && !src) ok = false;
  if (ok) ok = SettleFamily(e, prefix, from_to, via, route);
  route.via = via;
  route.src = src;
  if (ok && src && src->family != route.family) {
    e.AttrError("src", prefix + "src " + IpToString(*src) + " is not an " +
                           FamilyName(route.family) + " address");
    ok = false;
  }
  route.dev = e.Get("dev");
  if (!ok) {
    // The route is unusable, but a misspelled <nexthop> attribute is still worth reporting.
    for (pugi::xml_node child : nexthops) e.Child(child, {"via", "dev", "weight"}).Children({});
  } else if (!nexthops.empty()) {
    ok = ReadNexthops(e, nexthops, prefix, route);
  } else if (!via && !route.dev) {
    e.Error(prefix + "needs 'via' or 'dev'");
    ok = false;
  }
  route.metric = e.Uint("metric", 0, UINT32_MAX);
  route.mtu = e.Uint("mtu", 68, 65535);
  route.advmss = e.Uint("advmss", 0, 65535);
  route.mtu_lock = e.Bool("lock").value_or(false);
  if (route.mtu_lock && !e.Has("mtu")) {
    e.AttrError("lock", prefix + "lock=\"true\" needs 'mtu'");
    ok = false;
  }
  if (ok) ok = ReadMplsLabels(e, prefix, route);
  if (!ok) return std::nullopt;
  return route;
}

std::optional<MplsRoute> ReadMplsRoute(Element& e) {
  e.Children({});
  MplsRoute route;
  route.loc = e.loc();
  e.Required("label");
  std::optional<uint32_t> label = e.Uint("label", kMplsFirstUnreservedLabel, kMplsMaxLabel);
  route.dev = e.Required("dev");
  if (!label || !e.Has("dev")) return std::nullopt;
  route.label = *label;
  return route;
}

}  // namespace mtulab
