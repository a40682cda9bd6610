#include "harness/sys/netns_inventory.h"

#include <arpa/inet.h>
#include <linux/nsfs.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <sched.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <memory>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct CacheFree {
  void operator()(nl_cache* c) const { nl_cache_free(c); }
};
using Cache = std::unique_ptr<nl_cache, CacheFree>;

// "10.0.0.1/24" of a cached address, or "" for one that is not IPv4/IPv6.
std::string AddressText(rtnl_addr* a, Family* family) {
  nl_addr* local = rtnl_addr_get_local(a);
  int af = rtnl_addr_get_family(a);
  if (local == nullptr || (af != AF_INET && af != AF_INET6)) return "";
  char buf[INET6_ADDRSTRLEN] = {};
  if (::inet_ntop(af, nl_addr_get_binary_addr(local), buf, sizeof buf) == nullptr) return "";
  *family = af == AF_INET ? Family::kIpv4 : Family::kIpv6;
  return std::string(buf) + "/" + std::to_string(rtnl_addr_get_prefixlen(a));
}

const char* NsTypeName(int type) {
  switch (type) {
    case CLONE_NEWNS:
      return "a mount namespace";
    case CLONE_NEWUTS:
      return "a UTS namespace";
    case CLONE_NEWIPC:
      return "an IPC namespace";
    case CLONE_NEWUSER:
      return "a user namespace";
    case CLONE_NEWPID:
      return "a PID namespace";
    case CLONE_NEWCGROUP:
      return "a cgroup namespace";
    default:
      return "another kind of namespace";
  }
}

}  // namespace

std::vector<InterfaceInfo> ListInterfaces(Rtnl& rtnl) {
  nl_cache* raw = nullptr;
  if (int err = rtnl_link_alloc_cache(rtnl.sock(), AF_UNSPEC, &raw); err < 0) {
    ThrowNl("listing the interfaces of " + rtnl.owner(), err);
  }
  Cache links(raw);
  raw = nullptr;
  if (int err = rtnl_addr_alloc_cache(rtnl.sock(), &raw); err < 0) {
    ThrowNl("listing the addresses of " + rtnl.owner(), err);
  }
  Cache addrs(raw);
  std::vector<InterfaceInfo> out;
  for (nl_object* o = nl_cache_get_first(links.get()); o; o = nl_cache_get_next(o)) {
    auto* l = reinterpret_cast<rtnl_link*>(o);
    out.push_back({rtnl_link_get_ifindex(l),
                   rtnl_link_get_name(l),
                   rtnl_link_get_mtu(l),
                   (rtnl_link_get_flags(l) & IFF_UP) != 0,
                   {}});
  }
  for (nl_object* o = nl_cache_get_first(addrs.get()); o; o = nl_cache_get_next(o)) {
    auto* a = reinterpret_cast<rtnl_addr*>(o);
    Family family = Family::kIpv4;
    std::string text = AddressText(a, &family);
    if (text.empty() || rtnl_addr_get_scope(a) == RT_SCOPE_LINK) continue;
    for (InterfaceInfo& i : out) {
      if (i.ifindex == rtnl_addr_get_ifindex(a)) i.addresses.push_back({family, text, {}});
    }
  }
  return out;
}

Netns OpenNetworkNamespace(const std::string& path) {
  Netns ns = Netns::Open(path);
  int type = ::ioctl(ns.fd(), NS_GET_NSTYPE);
  if (type < 0 && errno == ENOTTY) {
    ThrowErrno(path + ": not a namespace file (expected /run/netns/NAME or /proc/PID/ns/net)",
               EINVAL);
  }
  if (type < 0) ThrowErrno("reading the namespace type of " + path + " (NS_GET_NSTYPE)");
  if (type != CLONE_NEWNET) {
    ThrowErrno(path + ": " + NsTypeName(type) + ", not a network namespace", EINVAL);
  }
  return ns;
}

}  // namespace mtulab
