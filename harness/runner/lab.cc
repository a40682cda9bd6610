#include "harness/runner/lab.h"

#include <net/if.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <stdexcept>
#include <thread>

#include "harness/links/fou_port.h"
#include "harness/links/ipsec.h"
#include "harness/links/link_kind.h"
#include "harness/model/link_kinds.h"
#include "harness/runner/device_order.h"
#include "harness/runner/firewall.h"
#include "harness/runner/ipv6_ready.h"
#include "harness/sys/mpls_route.h"
#include "harness/sys/pin.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"

namespace mtulab {
namespace {

std::string Owner(const std::string& node) { return "node '" + node + "'"; }

// Fewer nodes than this per thread are not worth a thread.
constexpr size_t kNodesPerWorker = 4;

// Creates the namespace with the calling thread inside it just long enough to open the
// netlink socket and write the node's sysctls.
std::unique_ptr<LabNode> CreateNode(const Node& node) {
  Netns ns = Netns::Create();
  ScopedNetnsEnter in(ns);
  Rtnl rtnl(Owner(node.name));
  auto write = [&](const std::string& key, const std::string& value) {
    try {
      WriteSysctl(key, value);
    } catch (const SysError& e) {
      throw SysError(std::string(e.what()) + " (in " + Owner(node.name) + ")", e.error_code(),
                     "sysctl not applied");
    }
  };
  for (const auto& [key, value] : BaselineSysctls()) write(key, value);
  for (const Sysctl& s : node.sysctls) write(s.key, s.value);
  rtnl.SetUp(1, "lo");
  return std::unique_ptr<LabNode>(new LabNode{node.name, std::move(ns), std::move(rtnl), {}});
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& BaselineSysctls() {
  // New namespaces inherit IPv4 conf/{all,default} from the host (devconf_inherit_init_net=0);
  // pin everything a verdict may depend on so results never depend on the host.
  static const std::vector<std::pair<std::string, std::string>> kBaseline = {
      {"net.ipv4.ping_group_range", "0 2147483647"},
      {"net.ipv4.conf.all.rp_filter", "0"},
      {"net.ipv4.conf.default.rp_filter", "0"},
      {"net.ipv6.conf.all.accept_dad", "0"},
      {"net.ipv6.conf.default.accept_dad", "0"},
      {"net.ipv4.ip_forward", "0"},
      {"net.ipv6.conf.all.forwarding", "0"},
  };
  return kBaseline;
}

std::unique_ptr<Lab> Lab::Build(const Topology& topology,
                                const std::set<std::string>& pods_may_fail) {
  std::unique_ptr<Lab> lab(new Lab(topology));
  lab->CreateNodes();
  lab->CreateLinks();
  lab->CreateDevices();
  lab->AddPods(pods_may_fail);
  lab->ConfigureInterfaces();
  lab->WaitForCarrier();
  lab->WaitForIpv6Ready();
  lab->WaitForDevicesReady();
  lab->AddRoutes();
  lab->AddIpsec();
  for (const Node& n : topology.nodes) ApplyFirewall(n, lab->node(n.name).ns);
  lab->AddPodAddresses();
  return lab;
}

LabNode& Lab::node(const std::string& name) {
  for (auto& n : nodes_) {
    if (n->name == name) return *n;
  }
  throw std::out_of_range("no node '" + name + "' in the lab");
}

int Lab::IfIndex(const std::string& node_name, const std::string& ifname) {
  LabNode& n = node(node_name);
  auto it = n.ifindex.find(ifname);
  if (it == n.ifindex.end()) {
    ThrowErrno("finding interface '" + ifname + "' in " + Owner(node_name), ENODEV);
  }
  return it->second;
}

void Lab::CreateNodes() {
  // Creating a namespace is the largest single cost of a build (~1 ms of kernel work each,
  // mostly outside the RTNL lock), so several threads create them, taking nodes in
  // declaration order. The error reported is that of the first failing node in that
  // order: the one a serial build would have hit.
  const std::vector<Node>& nodes = topology_.nodes;
  std::vector<std::unique_ptr<LabNode>> made(nodes.size());
  std::vector<std::exception_ptr> errors(nodes.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (size_t i; !failed && (i = next++) < nodes.size();) {
      try {
        made[i] = CreateNode(nodes[i]);
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  size_t cpus = std::max(1u, std::thread::hardware_concurrency());
  size_t workers = std::min(cpus, (nodes.size() + kNodesPerWorker - 1) / kNodesPerWorker);
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  for (auto& n : made) {
    if (n) nodes_.push_back(std::move(n));  // the rest is torn down with the lab
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

void Lab::CreateLinks() {
  for (const Link& l : topology_.links) {
    const Endpoint& a = l.ends[0];
    const Endpoint& b = l.ends[1];
    LabNode& na = node(a.node);
    LabNode& nb = node(b.node);
    na.rtnl.AddVeth(a.ifname, a.mtu, b.ifname, b.mtu, nb.ns.fd(), Owner(b.node));
  }
}

void Lab::CreateDevices() {
  // Lower interfaces (dev, parent, ports) first; the loader rejected cycles.
  for (const Device* d : DeviceBuildOrder(topology_)) CreateDevice(*d);
}

DeviceSpec Lab::SpecOf(const Device& d) const {
  return DeviceSpec{d.kind, d.end.node, d.end.ifname, d.end.mtu, d.params, d.fdb, d.peers};
}

void Lab::CreateDevice(const Device& d) {
  const KindOps* ops = FindKind(d.kind);
  if (ops == nullptr) ThrowErrno("creating '" + d.end.ifname + "': unknown kind " + d.kind, EINVAL);
  LabNode& n = node(d.end.node);
  IfIndexOf ifindex_of = [&n](const std::string& ifname) { return n.rtnl.GetLink(ifname).ifindex; };
  if (ops->start != nullptr) {
    KindContext context{n.ns, n.rtnl, ifindex_of, topology_, secrets_};
    handles_.push_back(ops->start(context, SpecOf(d)));
    return;
  }
  ops->create(n.rtnl, SpecOf(d), ifindex_of);
}

void Lab::AddPods(const std::set<std::string>& may_fail) {
  if (topology_.pods.empty()) return;
  cni_state_ = std::make_unique<CniStateDir>();
  std::vector<Pod> built;
  for (const Pod& p : topology_.pods) {
    try {
      pod_networks_[p.end.node] =
          AddCniPod(p, node(p.host).ns, node(p.end.node).ns, cni_state_->path());
      built.push_back(p);
    } catch (const CniPluginError& e) {
      if (!may_fail.count(p.end.node)) throw;
      pod_networks_[p.end.node].error = e.plugin_message();  // and no interface to configure
    }
  }
  topology_.pods = std::move(built);
}

void Lab::AddPodAddresses() {
  for (Pod& p : topology_.pods) AddResultAddresses(pod_networks_.at(p.end.node), p);
}

const PodNetwork* Lab::PodNetworkOf(const std::string& pod) const {
  auto it = pod_networks_.find(pod);
  return it == pod_networks_.end() ? nullptr : &it->second;
}

bool Lab::HasChildProcesses() const {
  for (const auto& h : handles_) {
    if (h && h->pid() != 0) return true;
  }
  return false;
}

std::string MissingFeature(const Topology& topology) {
  for (const Device& d : topology.devices) {
    std::string reason;
    if (!KernelSupportsKind(d.kind, &reason)) return reason;
    if (!KernelSupportsTunnelEncap(d.kind, d.params, &reason)) return reason;
  }
  if (std::string missing = MissingCniPlugin(topology); !missing.empty()) return missing;
  if (std::string reason; !topology.ipsecs.empty() && !KernelSupportsEsp(&reason)) return reason;
  return FirewallMissingFeature(topology);
}

void Lab::ConfigureInterfaces() {
  for (auto& n : nodes_) {
    ScopedNetnsEnter in(n->ns);
    for (const Endpoint* e : topology_.EndpointsOf(n->name)) {
      unsigned index = ::if_nametoindex(e->ifname.c_str());
      if (index == 0) ThrowErrno("finding interface '" + e->ifname + "' in " + Owner(n->name));
      n->ifindex[e->ifname] = static_cast<int>(index);
      for (const Sysctl& s : e->sysctls) WriteSysctl(s.key, s.value);
      for (const Address& a : e->addresses) n->rtnl.AddAddress(index, e->ifname, a);
      n->rtnl.SetUp(static_cast<int>(index), e->ifname);
    }
  }
}

void Lab::WaitForCarrier() {
  // A veth cannot be created up; the carrier change is applied later by linkwatch and until
  // then packets are dropped. Asking for the link makes the kernel apply it (>= 6.8); before
  // 6.8 IFF_LOWER_UP shows before linkwatch has activated the qdisc (the kernel lane saw
  // 6.1 lose a case's first probe after a cold boot), so a veth end also waits for operstate
  // UP, which linkwatch sets under the same RTNL hold. Other kinds activate their qdisc in
  // dev_open and often stay operstate UNKNOWN. Poll instead of sleeping a fixed time.
  // bench/readiness_ab.sh's "before" arm: MTULAB_CARRIER_WAIT=lower-up waits for
  // IFF_LOWER_UP only, as mtulab did before the fix, to show what the fix changes.
  const char* wait = std::getenv("MTULAB_CARRIER_WAIT");
  const bool oper_up = wait == nullptr || std::string(wait) != "lower-up";
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  for (auto& n : nodes_) {
    for (const auto& [ifname, index] : n->ifindex) {
      const Device* d = topology_.FindDevice(n->name, ifname);
      const KindSchema* row = d != nullptr ? FindKindSchema(d->kind) : nullptr;
      if (row && row->carrier_needs && !d->params.count(row->carrier_needs)) continue;
      const bool veth = oper_up && d == nullptr;  // a <link> end; devices are the other kinds
      for (LinkState s = n->rtnl.GetLink(index); !s.lower_up || (veth && !s.oper_up);
           s = n->rtnl.GetLink(index)) {
        if (Clock::now() > deadline) {
          ThrowErrno("waiting for carrier on '" + ifname + "' in " + Owner(n->name) +
                         " (5 s)", ETIMEDOUT);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    }
  }
}

void Lab::WaitForIpv6Ready() {
  // A nodad address joins its solicited-node multicast group only when the kernel's addrconf
  // work runs after carrier-up; until then Neighbor Solicitations for it are dropped and the
  // sender retries only after RetransTimer (1 s). Wait until /proc/net/igmp6 shows them.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  for (auto& n : nodes_) {
    std::map<std::string, std::vector<std::string>> v6;
    for (const Endpoint* e : topology_.EndpointsOf(n->name)) {
      // L3 tunnels (ipip, sit, ip6tnl, gre, wireguard) are IFF_NOARP, a dummy (kL3Endpoint)
      // IFF_NOARP without IFF_MULTICAST: the kernel never joins solicited-node groups there
      // (addrconf_join_solict) and sends no NS to wait for (a dummy's wait timed out on 6.1
      // and 6.12).
      const Device* d = topology_.FindDevice(n->name, e->ifname);
      const KindSchema* row = d != nullptr ? FindKindSchema(d->kind) : nullptr;
      if (row != nullptr && (row->forwarding == Forwarding::kL3Tunnel ||
                             row->forwarding == Forwarding::kL3Endpoint)) {
        continue;
      }
      for (const Address& a : e->addresses) {
        if (a.family == Family::kIpv6) v6[e->ifname].push_back(IpToString(a.Ip()));
      }
    }
    if (v6.empty()) continue;
    ScopedNetnsEnter in(n->ns);
    for (;;) {
      std::vector<std::string> missing =
          MissingSolicitedNodeGroups(ReadFile("/proc/thread-self/net/igmp6"), v6);
      if (missing.empty()) break;
      if (Clock::now() > deadline) {
        ThrowErrno("waiting for IPv6 address " + missing[0] + " in " + Owner(n->name) +
                       " to join its solicited-node group (5 s)", ETIMEDOUT);
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
}

void Lab::WaitForDevicesReady() {
  // A kind's ready hook (wireguard: its listen port bound), all within one 5 s budget.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (const Device& d : topology_.devices) {
    const KindOps* ops = FindKind(d.kind);
    if (ops == nullptr || ops->ready == nullptr) continue;
    ops->ready(node(d.end.node).ns, SpecOf(d), deadline);
  }
}

void Lab::AddRoutes() {
  for (const Node& n : topology_.nodes) {
    LabNode& ln = node(n.name);
    for (const Route& r : n.routes) {
      RouteRequest request{&r, r.dev ? IfIndex(n.name, *r.dev) : 0, {}};
      for (const Nexthop& nh : r.nexthops) {
        request.nexthop_ifindex.push_back(nh.dev ? IfIndex(n.name, *nh.dev) : 0);
      }
      ln.rtnl.AddRoute(request);
    }
    for (const Rule& rule : n.rules) ln.rtnl.AddRule(rule);  // policy routing, after its routes
    for (const MplsRoute& r : n.mpls_routes) {
      // lo is ifindex 1 in every namespace (LOOPBACK_IFINDEX).
      AddMplsRoute(ln.rtnl, r, r.dev == "lo" ? 1 : IfIndex(n.name, r.dev));
    }
  }
}

void Lab::Pin(const std::string& prefix) {
  std::vector<std::string> pinned;
  try {
    for (auto& n : nodes_) {
      std::string path = PinNetns(n->ns, prefix + n->name);
      pinned.push_back(path);
    }
  } catch (...) {
    for (const std::string& p : pinned) UnpinNetns(p);
    throw;
  }
}

}  // namespace mtulab
