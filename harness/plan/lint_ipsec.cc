// Lint of IPsec: a vti / vti6 carries traffic only through xfrm policies whose mark is its
// key between its two addresses (an <ipsec>), and an <ipsec> with a mark matches only what
// such a vti marks.
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/lint_internal.h"

namespace mtulab {
namespace {

bool IsVti(const Device& d) { return d.kind == "vti" || d.kind == "vti6"; }

uint32_t KeyOf(const Device& d) {
  auto it = d.params.find("key");
  return it == d.params.end() ? 0 : static_cast<uint32_t>(std::stoul(it->second));
}

std::optional<IpAddr> ParamIp(const Device& d, const char* name) {
  auto it = d.params.find(name);
  return it == d.params.end() ? std::nullopt : ParseIp(it->second);
}

// `t` has an end on `d`'s node at its local address and the other end at its remote one,
// and marks its policies with d's key.
bool Carries(const Ipsec& t, const Device& d) {
  std::optional<IpAddr> local = ParamIp(d, "local"), remote = ParamIp(d, "remote");
  if (!t.mark || *t.mark != KeyOf(d) || !local || !remote) return false;
  for (int i = 0; i < 2; ++i) {
    if (t.ends[i].node == d.end.node && t.ends[i].addr == *local && t.ends[1 - i].addr == *remote) {
      return true;
    }
  }
  return false;
}

Finding VtiWithoutIpsec(const Device& d) {
  Finding f;
  f.loc = d.loc;
  f.check = "ipsec";
  f.message = d.kind + " '" + d.end.ifname + "' on node '" + d.end.node + "' (key " +
              std::to_string(KeyOf(d)) + ") has no <ipsec> with mark " + std::to_string(KeyOf(d)) +
              " between its local and remote addresses";
  f.wire =
      "packets routed into it find no xfrm policy with its mark and are dropped "
      "(XfrmOutNoStates / XfrmOutPolBlock): nothing crosses the tunnel";
  f.fix = "add <ipsec mark=\"" + std::to_string(KeyOf(d)) +
          "\"> with ends at its local and remote addresses, or leave the vti out";
  return f;
}

Finding IpsecWithoutVti(const Ipsec& t) {
  Finding f;
  f.loc = t.loc;
  f.check = "ipsec";
  f.message = t.Describe() + " marks its policies " + std::to_string(*t.mark) +
              " but no vti on its ends has that key";
  f.wire =
      "only packets carrying that mark take the tunnel: unmarked traffic between the "
      "nodes is sent in the clear";
  f.fix = "give the vti between the two addresses key=\"" + std::to_string(*t.mark) +
          "\", or drop mark to protect all traffic between the ends";
  return f;
}

}  // namespace

void CheckIpsec(const Topology& topology, std::vector<Finding>& out) {
  for (const Device& d : topology.devices) {
    if (!IsVti(d)) continue;
    bool carried = false;
    for (const Ipsec& t : topology.ipsecs) carried = carried || Carries(t, d);
    if (!carried) out.push_back(VtiWithoutIpsec(d));
  }
  for (const Ipsec& t : topology.ipsecs) {
    if (!t.mark) continue;
    bool used = false;
    for (const Device& d : topology.devices) used = used || (IsVti(d) && Carries(t, d));
    if (!used) out.push_back(IpsecWithoutVti(t));
  }
}

}  // namespace mtulab
