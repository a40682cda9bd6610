#include "harness/model/step_input.h"

#include <charconv>
#include <cstdio>
#include <utility>

#include "harness/model/values.h"

namespace mtulab {

std::string ReadNodeRef(StepInput& in, const char* attr) {
  std::string node = in.Required(attr);
  const Topology* topology = in.topology();
  if (topology != nullptr && in.Has(attr) && topology->FindNode(node) == nullptr) {
    std::string hint = in.NodeSuggestion(node);
    in.AttrError(attr, "node '" + node + "' is not defined" + hint);
  }
  return node;
}

void CheckDevRef(StepInput& in, const char* attr, const std::string& node, const std::string& dev) {
  const Topology* topology = in.topology();
  if (topology == nullptr || topology->FindNode(node) == nullptr) return;
  if (topology->FindEndpoint(node, dev) == nullptr) {
    in.AttrError(attr, "interface '" + dev + "' is not defined on node '" + node + "'");
  }
}

std::optional<Target> ReadIfRef(StepInput& in, const char* attr) {
  std::optional<std::string> u = in.Get(attr);
  if (!u) return std::nullopt;
  size_t colon = u->find(':');
  if (colon == std::string::npos) {
    in.AttrError(attr, std::string(attr) + "=\"" + *u + "\" must be node:ifname");
    return std::nullopt;
  }
  Target t{*u, u->substr(0, colon), u->substr(colon + 1)};
  const Topology* topology = in.topology();
  if (topology != nullptr && topology->FindEndpoint(*t.node, *t.ifname) == nullptr) {
    in.AttrError(attr, std::string(attr) + " '" + *u + "' is not an interface of the topology");
  }
  return t;
}

DfMode ReadDf(StepInput& in) {
  std::optional<std::string> df = in.Get("df");
  if (!df) return DfMode::kDefault;
  if (*df == "do") return DfMode::kDo;
  if (*df == "want") return DfMode::kWant;
  if (*df == "dont") return DfMode::kDont;
  if (*df == "probe") return DfMode::kProbe;
  in.AttrError("df", "df=\"" + *df + "\" must be one of do, want, dont, probe");
  return DfMode::kDefault;
}

std::optional<uint8_t> ReadTos(StepInput& in) {
  std::optional<std::string> text = in.Get("tos");
  if (!text) return std::nullopt;
  std::optional<uint8_t> tos = ParseTosByte(*text);
  if (!tos) {
    in.AttrError("tos", "tos=\"" + *text + "\" is not a TOS byte: 0x00..0xff or 0..255");
  }
  return tos;
}

std::string DescribeTos(const std::optional<uint8_t>& tos) {
  if (!tos) return "";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", *tos);
  return std::string(" tos ") + hex;
}

namespace {

// node:ifname of a target: the node and interface exist, and it has an address of `family`
// (a pod's comes from its CNI result, at build time).
void CheckTargetRef(StepInput& in, const Target& target, Family family) {
  const Topology* topology = in.topology();
  if (topology == nullptr) return;
  const Endpoint* end = topology->FindEndpoint(*target.node, *target.ifname);
  if (topology->FindNode(*target.node) == nullptr) {
    in.AttrError("to",
                 "node '" + *target.node + "' is not defined" + in.NodeSuggestion(*target.node));
  } else if (end == nullptr) {
    in.AttrError(
        "to", "interface '" + *target.ifname + "' is not defined on node '" + *target.node + "'");
  } else if (end->FirstAddress(family) == nullptr && topology->FindPod(*target.node) == nullptr) {
    // A pod's addresses come from its CNI result, at build time.
    in.AttrError("to", "interface '" + *target.ifname + "' on node '" + *target.node + "' has no " +
                           FamilyName(family) + " address");
  }
}

}  // namespace

Target::Target(std::string text, std::optional<std::string> node, std::optional<std::string> ifname)
    : text(std::move(text)), node(std::move(node)), ifname(std::move(ifname)) {
  if (!this->node) ip = ParseIp(this->text);
}

Target ReadTarget(StepInput& in, Family& family) {
  Target target;
  target.text = in.Required("to");
  std::optional<Family> attr = in.FamilyOf("family");
  family = attr.value_or(Family::kIpv4);
  if (!in.Has("to")) return target;
  target.ip = ParseIp(target.text);
  if (const std::optional<IpAddr>& ip = target.ip) {
    if (attr && *attr != ip->family) {
      in.AttrError("family", "to=\"" + target.text + "\" is an " + FamilyName(ip->family) +
                                 " address but family=\"" + FamilyName(*attr) + "\"");
    }
    family = ip->family;
    if (std::optional<std::string> unusable = UnusableAddress(*ip)) {
      in.AttrError("to", "to=\"" + target.text + "\" " + *unusable + " and cannot be a target");
    }
    return target;
  }
  size_t colon = target.text.find(':');
  if (colon == std::string::npos) {
    in.AttrError("to", "to=\"" + target.text + "\" is not an address or node:ifname");
    return target;
  }
  target.node = target.text.substr(0, colon);
  target.ifname = target.text.substr(colon + 1);
  CheckTargetRef(in, target, family);
  return target;
}

std::string FormatSeconds(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

std::string WithFamily(std::string text, const std::optional<Family>& family) {
  if (family) text += std::string(" ") + FamilyName(*family);
  return text;
}

const std::vector<std::string>& LinkStepParams() {
  static const std::vector<std::string> kNames = {"local", "remote",  "key", "dev",
                                                  "vni",   "dstport", "ttl", "parent"};
  return kNames;
}

std::map<std::string, std::string> ReadLinkStepParams(StepInput& in, const KindSchema& kind,
                                                      const std::string& what) {
  std::vector<std::string> names;
  for (const std::string& name : LinkStepParams()) {
    if (!in.Has(name.c_str())) continue;
    if (FindParam(kind, name) == nullptr) {
      in.AttrError(name.c_str(), what + ": " + kind.kind + " has no attribute '" + name + "'");
      continue;
    }
    names.push_back(name);
  }
  return in.ReadKindParams(kind, names);
}

void CheckEndFamilies(StepInput& in, const std::map<std::string, std::string>& params,
                      const std::string& what) {
  auto family_of = [&](const char* key) -> std::optional<Family> {
    auto it = params.find(key);
    std::optional<IpAddr> ip = it != params.end() ? ParseIp(it->second) : std::nullopt;
    return ip ? std::optional<Family>(ip->family) : std::nullopt;
  };
  std::optional<Family> local = family_of("local");
  std::optional<Family> peer = family_of("remote");
  if (!peer) peer = family_of("group");
  if (local && peer && *local != *peer) {
    in.Error(what + ": local and remote addresses are of different families");
  }
}

}  // namespace mtulab
