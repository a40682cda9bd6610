#include "harness/cli/probe_flags.h"

#include <set>

#include "harness/model/values.h"

namespace mtulab {
namespace {

std::string CheckName(const std::string& name, const std::string& text) {
  if (!IsName(name, "_.-", 64) || IsDotName(name)) {
    return "'" + text + "': the name '" + name + "' must match [A-Za-z0-9_.-]{1,64}";
  }
  return "";
}

std::string CheckAddr(const std::string& addr, const std::string& text) {
  if (!ParseIp(addr)) return "'" + text + "': '" + addr + "' is not an IPv4 or IPv6 address";
  return "";
}

// Splits "NAME=REST"; false when there is no '=' or nothing after it.
bool SplitAtEquals(const std::string& text, std::string* name, std::string* rest) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq + 1 == text.size()) return false;
  *name = text.substr(0, eq);
  *rest = text.substr(eq + 1);
  return true;
}

}  // namespace

std::string ParseNodeArg(const std::string& text, bool with_addr, NodeArg* out) {
  std::string rest;
  if (!SplitAtEquals(text, &out->name, &rest)) {
    return "'" + text + "': expected NAME=NETNS_PATH" + (with_addr ? "[@ADDR]" : "");
  }
  if (std::string bad = CheckName(out->name, text); !bad.empty()) return bad;
  size_t at = with_addr ? rest.rfind('@') : std::string::npos;
  out->path = rest.substr(0, at);
  if (at != std::string::npos) {
    out->addr = rest.substr(at + 1);
    if (std::string bad = CheckAddr(*out->addr, text); !bad.empty()) return bad;
  }
  if (out->path.empty() || out->path[0] != '/') {
    return "'" + text +
           "': the namespace path must be absolute (/run/netns/NAME, "
           "/proc/PID/ns/net)";
  }
  return "";
}

std::string ParsePeerArg(const std::string& text, PeerArg* out) {
  if (!SplitAtEquals(text, &out->name, &out->addr)) return "'" + text + "': expected NAME=ADDR";
  if (std::string bad = CheckName(out->name, text); !bad.empty()) return bad;
  return CheckAddr(out->addr, text);
}

std::string ParseSweepRange(const std::string& text, SweepRange* out) {
  size_t colon = text.find(':');
  std::optional<uint64_t> lo, hi;
  if (colon != std::string::npos) {
    lo = ParseUnsigned(text.substr(0, colon));
    hi = ParseUnsigned(text.substr(colon + 1));
  }
  if (!lo || !hi || *lo < 68 || *hi > 65535 || *lo > *hi) {
    return "'" + text + "': expected LO:HI, packet sizes with 68 <= LO <= HI <= 65535";
  }
  out->lo = static_cast<unsigned>(*lo);
  out->hi = static_cast<unsigned>(*hi);
  return "";
}

std::string DuplicateName(const std::vector<NodeArg>& nodes, const std::vector<PeerArg>& peers,
                          const std::string& self) {
  std::set<std::string> seen;
  if (!self.empty()) seen.insert(self);
  for (const NodeArg& n : nodes) {
    if (!seen.insert(n.name).second) return n.name;
  }
  for (const PeerArg& p : peers) {
    if (!seen.insert(p.name).second) return p.name;
  }
  return "";
}

}  // namespace mtulab
