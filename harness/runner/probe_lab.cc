// LabView over namespaces mtulab did not create (mtulab probe).
#include "harness/runner/probe_lab.h"

#include <stdexcept>

#include "harness/sys/netns_inventory.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// One case's view: the namespaces (reopened) with a netlink socket each.
class ProbeView : public LabView {
 public:
  explicit ProbeView(const Topology& topology) : topology_(topology) {}

  void Add(const std::string& name, const Netns& master) {
    Netns ns = Netns::Open("/proc/self/fd/" + std::to_string(master.fd()));
    ScopedNetnsEnter in(ns);
    Rtnl rtnl("node '" + name + "'");
    nodes_.push_back(std::make_unique<LabNode>(LabNode{name, std::move(ns), std::move(rtnl), {}}));
  }

  const Topology& topology() const override { return topology_; }
  bool ExternalTargets() const override { return true; }

  LabNode& node(const std::string& name) override {
    for (auto& n : nodes_) {
      if (n->name == name) return *n;
    }
    throw std::out_of_range("no node '" + name + "' in this probe run");
  }

  int IfIndex(const std::string& node_name, const std::string& ifname) override {
    LabNode& n = node(node_name);
    auto it = n.ifindex.find(ifname);
    if (it != n.ifindex.end()) return it->second;
    int index = n.rtnl.GetLink(ifname).ifindex;  // throws SysError naming it when unknown
    n.ifindex[ifname] = index;
    return index;
  }

 private:
  const Topology& topology_;
  std::vector<std::unique_ptr<LabNode>> nodes_;
};

}  // namespace

void DescribeNamespace(const std::string& name, const Netns& ns, Topology& topology) {
  std::vector<InterfaceInfo> interfaces;
  {
    ScopedNetnsEnter in(ns);
    Rtnl rtnl("node '" + name + "'");
    interfaces = ListInterfaces(rtnl);
  }
  topology.nodes.push_back(Node{.name = name});
  for (InterfaceInfo& i : interfaces) {
    Device d;
    d.kind = "existing";
    d.end.node = name;
    d.end.ifname = i.name;
    d.end.mtu = i.mtu;
    d.end.addresses = std::move(i.addresses);
    topology.devices.push_back(std::move(d));
  }
}

ProbeNamespaces ProbeNamespaces::Open(const std::vector<ProbeNodeSpec>& nodes) {
  ProbeNamespaces out;
  out.topology_.name = "probe";
  for (const ProbeNodeSpec& spec : nodes) {
    try {
      Netns ns = spec.path.empty() ? Netns::Current() : OpenNetworkNamespace(spec.path);
      DescribeNamespace(spec.name, ns, out.topology_);
      out.namespaces_.emplace_back(spec.name, std::move(ns));
    } catch (const SysError& e) {
      throw SysError("node '" + spec.name + "': " + e.what(), e.error_code(), "probe open");
    }
  }
  return out;
}

std::unique_ptr<LabView> ProbeNamespaces::View() const {
  auto view = std::make_unique<ProbeView>(topology_);
  for (const auto& [name, ns] : namespaces_) view->Add(name, ns);
  return view;
}

}  // namespace mtulab
