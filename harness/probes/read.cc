// Reads a sysctl and an interface's MTU, state and addresses inside a node, writing nothing;
// names the backend of the node's MSS clamps.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>

#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"

namespace mtulab {
namespace {

struct FreeIfaddrs {
  void operator()(ifaddrs* list) const { freeifaddrs(list); }
};

std::string AddressText(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  const void* raw =
      sa->sa_family == AF_INET
          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr)
          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
  return inet_ntop(sa->sa_family, raw, buf, sizeof buf) != nullptr ? buf : "";
}

// Counts and first addresses of `ifname` by family and scope (the caller is in the node).
void ReadAddresses(const std::string& node, const std::string& ifname, Facts& f) {
  ifaddrs* raw = nullptr;
  if (getifaddrs(&raw) != 0) ThrowErrno("listing the addresses of node '" + node + "'");
  std::unique_ptr<ifaddrs, FreeIfaddrs> list(raw);
  int v4 = 0, v6 = 0, global = 0, link_local = 0;
  for (const ifaddrs* a = list.get(); a != nullptr; a = a->ifa_next) {
    if (a->ifa_addr == nullptr || ifname != a->ifa_name) continue;
    std::string text = AddressText(a->ifa_addr);
    if (a->ifa_addr->sa_family == AF_INET) {
      if (v4++ == 0) f.Set("read.addr.ipv4.first", text);
    } else if (a->ifa_addr->sa_family == AF_INET6) {
      ++v6;
      const in6_addr& ip = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_addr;
      if (IN6_IS_ADDR_LINKLOCAL(&ip)) {
        if (link_local++ == 0) f.Set("read.addr.ipv6.link_local", text);
      } else if (!IN6_IS_ADDR_LOOPBACK(&ip) && !IN6_IS_ADDR_MULTICAST(&ip)) {
        if (global++ == 0) f.Set("read.addr.ipv6.global", text);
      }
    }
  }
  f.Set("read.addr.ipv4.count", v4);
  f.Set("read.addr.ipv6.count", v6);
  f.Set("read.addr.ipv6.global.count", global);
  f.Set("read.addr.ipv6.link_local.count", link_local);
}

// The sysctl's value and whether its entry exists; opened read-only, never written.
void ReadSysctlFacts(const std::string& node, const std::string& key, Facts& f) {
  std::string path = SysctlPath(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT && errno != ENOTDIR) {
      ThrowErrno("looking up " + path + " in node '" + node + "'");
    }
    f.SetBool("read.sysctl." + key + ".exists", false);
    return;
  }
  f.SetBool("read.sysctl." + key + ".exists", true);
  // A write-only entry (net.ipv4.route.flush) exists but has no value to read.
  if (S_ISREG(st.st_mode) && (st.st_mode & S_IRUSR) != 0) {
    f.Set("read.sysctl." + key, ReadSysctl(key));
  }
}

// The backend(s) of the node's MSS clamps as the lab applied them (what mtulab configured).
void ReadClampBackend(const Topology& topology, const std::string& node, Facts& f) {
  const Node* n = topology.FindNode(node);
  if (n == nullptr) return;
  bool nft = false, ipt = false;
  for (const MssClamp& c : n->mss_clamps) {
    nft = nft || c.backend == MssClamp::Backend::kNftables;
    ipt = ipt || c.backend == MssClamp::Backend::kIptables;
  }
  if (nft && ipt) {
    f.Set("read.mss_clamp.backend", "nftables+iptables");
  } else if (nft || ipt) {
    f.Set("read.mss_clamp.backend", nft ? "nftables" : "iptables");
  }
}

}  // namespace

Facts RunRead(ProbeContext& ctx, const ReadStateStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  Facts f;
  ReadClampBackend(ctx.lab.topology(), step.node, f);
  if (step.dev) {
    LinkState s = node.rtnl.GetLink(ctx.lab.IfIndex(step.node, *step.dev));
    f.Set("read.mtu", s.mtu);
    f.SetBool("read.up", s.admin_up);
    f.SetBool("read.carrier", s.lower_up);
  }
  ScopedNetnsEnter in(node.ns);
  if (step.dev) ReadAddresses(step.node, *step.dev, f);
  if (step.sysctl) ReadSysctlFacts(step.node, *step.sysctl, f);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(ReadStateStep, RunRead);

}  // namespace mtulab
