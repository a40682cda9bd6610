#ifndef MTULAB_RUNNER_LAB_H_
#define MTULAB_RUNNER_LAB_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/links/link_kind.h"
#include "harness/model/topology.h"
#include "harness/probes/lab_view.h"
#include "harness/runner/cni_pod.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// Owns the kernel objects of one built topology: a namespace per node and everything in
/// them. Destruction closes the netlink sockets and then the namespace fds; the kernel then
/// deletes the namespaces with their links (veth peers included). Never throws on teardown.
/// The probes see it through LabView.
class Lab : public LabView {
 public:
  /// Builds `topology` in fresh anonymous namespaces: baseline and node sysctls, veth links,
  /// other link kinds in dependency order (WireGuard with keys generated where not given),
  /// pods (their CNI ADD chains), interface sysctls, addresses, links up (waiting for carrier and
  /// for IPv6 addresses to answer Neighbor Solicitations), routes, IPsec states and policies. A pod
  /// in `pods_may_fail` whose CNI ADD fails is recorded (PodNetworkOf(pod)->error) and left without
  /// an interface; any other failure throws SysError naming the failed operation; whatever was
  /// built is released.
  static std::unique_ptr<Lab> Build(const Topology& topology,
                                    const std::set<std::string>& pods_may_fail = {});

  // LabView (harness/probes/lab_view.h).
  const Topology& topology() const override { return topology_; }
  LabNode& node(const std::string& name) override;
  int IfIndex(const std::string& node, const std::string& ifname) override;
  const PodNetwork* PodNetworkOf(const std::string& pod) const override;
  void AddDevice(const Device& device) override;     // runner/lab_links.cc
  void ChangeDevice(const Device& device) override;  // runner/lab_links.cc

  /// True when the lab runs helper processes (wireguard-go) that die with mtulab.
  bool HasChildProcesses() const;

  /// Bind-mounts every node's namespace at /run/netns/<prefix><node> (for `mtulab up`).
  /// Throws SysError; on failure removes what it pinned.
  void Pin(const std::string& prefix);

 private:
  explicit Lab(Topology topology) : topology_(std::move(topology)) {}
  void CreateNodes();
  void CreateLinks();
  void CreateDevices();
  void CreateDevice(const Device& device);
  DeviceSpec SpecOf(const Device& device) const;
  void ConfigureInterfaces();
  void WaitForCarrier();
  void WaitForIpv6Ready();
  void WaitForDevicesReady();
  // The routes, then the policy-routing rules, of each node.
  void AddRoutes();
  void AddIpsec();  // <ipsec> states, policies, ESP-in-UDP sockets (runner/lab_ipsec.cc)
  void AddPods(const std::set<std::string>& may_fail);  // CNI ADD chains (runner/cni_pod.h)
  void AddPodAddresses();  // the ADD results' addresses into topology_, for targets

  Topology topology_;
  std::vector<std::unique_ptr<LabNode>> nodes_;  // declaration order
  std::map<std::string, std::string> secrets_;   // generated keys (KindContext; never reported)
  std::unique_ptr<CniStateDir> cni_state_;       // plugin state; removed with the lab
  std::map<std::string, PodNetwork> pod_networks_;
  std::vector<UniqueFd> ipsec_sockets_;  // ESP-in-UDP receive sockets, one per encap end
  // Declared after nodes_ so they are destroyed first: wireguard-go stops before its
  // namespace goes away.
  std::vector<std::unique_ptr<LinkHandle>> handles_;
};

/// Why this kernel (or machine) cannot build `topology`, e.g. "kernel lacks gre (Operation
/// not supported)"; empty when it can. Probes each kind once per process.
std::string MissingFeature(const Topology& topology);

/// The sysctls every namespace gets before the topology's own (see README.md, "XML reference").
const std::vector<std::pair<std::string, std::string>>& BaselineSysctls();

}  // namespace mtulab

#endif  // MTULAB_RUNNER_LAB_H_
