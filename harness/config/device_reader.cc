// <link kind="vxlan" node=".." name=".." ...>: single-node interfaces, read per the kind's
// schema (harness/model/link_kinds.h).
#include <sstream>

#include "harness/config/loader_internal.h"
#include "harness/model/link_kinds.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool IsWgKey(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() != 44 || text[43] != '=') return false;
  for (size_t i = 0; i < 43; ++i) {
    if (kAlphabet.find(text[i]) == std::string::npos) return false;
  }
  return true;
}

// Checks one kind attribute; returns the value to store, or nullopt (reported).
std::optional<std::string> ReadParam(Element& e, const std::string& what, const ParamSpec& p) {
  if (!e.Has(p.name)) {
    if (p.required) e.Required(p.name);
    return std::nullopt;
  }
  std::string value = *e.Get(p.name);
  std::string shown = std::string(p.name) + "=\"" + value + "\"";
  switch (p.type) {
    case ParamType::kUint: {
      std::optional<uint32_t> n = e.Uint(p.name, p.min, p.max);
      return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
    }
    case ParamType::kAddress:
      if (std::optional<IpAddr> ip = ParseIp(value)) return IpToString(*ip);
      e.AttrError(p.name, what + ": " + shown + " is not an IP address");
      return std::nullopt;
    case ParamType::kIfname:
    case ParamType::kIfnameList: {
      std::vector<std::string> names = Words(value);
      if (names.empty() || (p.type == ParamType::kIfname && names.size() != 1)) {
        e.AttrError(p.name, what + ": " + shown + " must name " +
                                (p.type == ParamType::kIfname ? "one interface" : "interfaces"));
        return std::nullopt;
      }
      for (const std::string& n : names) {
        if (std::optional<std::string> problem = CheckIfname(n)) {
          e.AttrError(p.name, what + ": " + *problem);
          return std::nullopt;
        }
      }
      return value;
    }
    case ParamType::kEnum:
      for (const std::string& c : p.choices) {
        if (value == c) return value;
      }
      e.AttrError(p.name, what + ": " + shown + " must be one of " + JoinNames(p.choices));
      return std::nullopt;
    case ParamType::kBool: {
      std::optional<bool> b = e.Bool(p.name);
      return b ? std::optional<std::string>(*b ? "true" : "false") : std::nullopt;
    }
    case ParamType::kWgKey:
      if (IsWgKey(value)) return value;
      // Never echo key material into an error.
      e.AttrError(p.name, what + ": " + p.name + " is not a base64 32-byte WireGuard key");
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<WgPeer> ReadPeer(Element& e, const std::string& what) {
  WgPeer peer;
  peer.loc = e.loc();
  peer.node = e.Get("node");
  peer.dev = e.Get("dev");
  peer.public_key = e.Get("public_key");
  peer.endpoint = e.Get("endpoint");
  if (peer.endpoint) peer.endpoint_addr = ParseSocketAddr(*peer.endpoint);
  peer.keepalive = e.Uint("keepalive", 0, 65535);
  bool by_ref = peer.node && peer.dev;
  if (by_ref == peer.public_key.has_value() || (peer.node.has_value() != peer.dev.has_value())) {
    e.Error(what + ": <peer> needs either node + dev (a wireguard device of the topology) "
                   "or public_key");
    return std::nullopt;
  }
  if (peer.public_key && !IsWgKey(*peer.public_key)) {
    e.AttrError("public_key", what + ": public_key is not a base64 32-byte WireGuard key");
    return std::nullopt;
  }
  for (const std::string& p : Words(e.Get("allowed_ips").value_or(""))) {
    std::string error;
    Family family = p.find(':') != std::string::npos ? Family::kIpv6 : Family::kIpv4;
    std::optional<Prefix> prefix = ParsePrefix(p, family, error);
    if (!prefix) {
      e.AttrError("allowed_ips", what + ": allowed_ips entry '" + p + "' is not ADDR/LEN");
      return std::nullopt;
    }
    peer.allowed_ips.push_back(p);
    peer.allowed.push_back(*prefix);
  }
  return peer;
}

void ReadDeviceChildren(Element& e, const KindSchema& schema, const std::string& what,
                        Device& d) {
  std::vector<std::string> allowed = {"sysctl"};
  if (schema.takes_fdb) allowed.push_back("fdb");
  if (schema.takes_peers) allowed.push_back("peer");
  for (pugi::xml_node child : e.Children(allowed)) {
    std::string name = child.name();
    if (name == "sysctl") {
      Element s = e.Child(child, {"name", "value"});
      if (std::optional<Sysctl> sc = ReadSysctl(s, &d.end.ifname)) d.end.sysctls.push_back(*sc);
    } else if (name == "fdb") {
      Element f = e.Child(child, {"dst"});
      std::string dst = f.Required("dst");
      if (std::optional<IpAddr> ip = ParseIp(dst)) {
        d.fdb.push_back(IpToString(*ip));
      } else if (!dst.empty()) {
        f.AttrError("dst", what + ": fdb dst=\"" + dst + "\" is not an IP address");
      }
    } else {
      Element p = e.Child(child, {"node", "dev", "public_key", "endpoint", "allowed_ips",
                                  "keepalive"});
      if (std::optional<WgPeer> peer = ReadPeer(p, what)) d.peers.push_back(*peer);
    }
  }
}

}  // namespace

std::vector<std::string> DeviceAttributes(const std::string& kind) {
  std::vector<std::string> names = {"kind", "node", "name", "mtu", "ipv4", "ipv6"};
  if (const KindSchema* schema = FindKindSchema(kind)) {
    for (const ParamSpec& p : schema->params) names.push_back(p.name);
  }
  return names;
}

std::map<std::string, std::string> ReadKindParams(Element& e, const KindSchema& schema,
                                                  const std::vector<std::string>& names) {
  std::map<std::string, std::string> params;
  std::string what = std::string(schema.kind) + " '" + e.Get("name").value_or("") + "'";
  for (const std::string& name : names) {
    const ParamSpec* p = FindParam(schema, name);
    if (p == nullptr || !e.Has(p->name)) continue;
    if (std::optional<std::string> v = ReadParam(e, what, *p)) params[p->name] = *v;
  }
  return params;
}

std::optional<Device> ReadDevice(Element& e, const std::string& kind, Endpoint end) {
  const KindSchema* schema = FindKindSchema(kind);
  Device d;
  d.kind = kind;
  d.loc = e.loc();
  d.end = std::move(end);
  std::string what = kind + " '" + d.end.ifname + "'";
  for (const ParamSpec& p : schema->params) {
    if (std::optional<std::string> v = ReadParam(e, what, p)) d.params[p.name] = *v;
  }
  ReadDeviceChildren(e, *schema, what, d);
  return d;
}

}  // namespace mtulab
