#include "harness/runner/ipv6_ready.h"

#include <cstdio>
#include <set>
#include <sstream>
#include <utility>

#include "harness/model/values.h"

namespace mtulab {

std::string SolicitedNodeGroupHex(const std::string& ipv6_address) {
  std::optional<IpAddr> ip = ParseIp(ipv6_address);
  if (!ip || ip->family != Family::kIpv6) return "";
  const std::array<uint8_t, 16>& a = ip->bytes;
  char out[33];
  std::snprintf(out, sizeof out, "ff0200000000000000000001ff%02x%02x%02x", a[13], a[14], a[15]);
  return out;
}

std::vector<std::string> MissingSolicitedNodeGroups(
    const std::string& igmp6, const std::map<std::string, std::vector<std::string>>& addresses) {
  std::set<std::pair<std::string, std::string>> joined;  // (ifname, group)
  std::istringstream in(igmp6);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string index, ifname, group;
    if (words >> index >> ifname >> group) joined.emplace(ifname, group);
  }
  std::vector<std::string> missing;
  for (const auto& [ifname, list] : addresses) {
    for (const std::string& a : list) {
      if (!joined.count({ifname, SolicitedNodeGroupHex(a)})) missing.push_back(ifname + " " + a);
    }
  }
  return missing;
}

}  // namespace mtulab
