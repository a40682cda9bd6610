#include "harness/runner/machine_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include "harness/links/ipsec.h"
#include "harness/links/link_kind.h"
#include "harness/links/wireguard.h"

namespace mtulab {

std::map<std::string, std::string> MachineFacts(const Case& c) {
  std::map<std::string, std::string> facts;
  const std::string kind_prefix = "link_kind.";
  for (const Requirement& r : c.requirements) {
    if (facts.count(r.fact)) continue;
    if (r.fact == "kernel.version") {
      utsname u{};
      uname(&u);
      facts[r.fact] = u.release;
    } else if (r.fact == "kernel.mpls") {
      // Present once mpls_router is loaded (per namespace; the host's answers for all).
      facts[r.fact] = ::access("/proc/sys/net/mpls/platform_labels", F_OK) == 0 ? "true" : "false";
    } else if (r.fact == "xfrm.esp") {
      facts[r.fact] = KernelSupportsEsp(nullptr) ? "true" : "false";
    } else if (r.fact == "wireguard.impl") {
      facts[r.fact] = KernelHasWireguard() ? "kernel" : "go";
    } else if (r.fact.rfind(kind_prefix, 0) == 0) {
      std::string reason;
      std::string kind = r.fact.substr(kind_prefix.size());
      facts[r.fact] = kind == "veth" || KernelSupportsKind(kind, &reason) ? "true" : "false";
    }
  }
  return facts;
}

}  // namespace mtulab
