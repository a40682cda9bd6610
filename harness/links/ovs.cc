// ovs: an Open vSwitch kernel datapath (module openvswitch, loaded on demand through its
// generic netlink family aliases) built as pmtu.sh's ovs-dpctl.py builds it: the datapath
// (its internal port is the link), a netdev vport for `port`, a vxlan / geneve tunnel vport
// and flows between them (ovs_msg.h). The datapath is deleted with the lab.
#include <linux/openvswitch.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>

#include <cerrno>
#include <memory>
#include <string>

#include "harness/links/link_add.h"
#include "harness/links/link_kind.h"
#include "harness/links/ovs_msg.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr uint32_t kPortNo = 1;
constexpr uint32_t kTunnelPortNo = 2;
constexpr uint16_t kVxlanPort = 4789;
constexpr uint16_t kGenevePort = 6081;

struct SockFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
struct CbPut {
  void operator()(nl_cb* cb) const { nl_cb_put(cb); }
};

int OnAck(nl_msg*, void* acked) {
  *static_cast<bool*>(acked) = true;
  return NL_STOP;
}

// Reads until the kernel acks the last request. OVS answers a new datapath or vport with a
// message of its own before the ack, in a datagram of its own: nl_wait_for_ack would return
// after that reply and leave the ack (or the error) to the next request.
int WaitForAck(nl_sock* sk) {
  std::unique_ptr<nl_cb, CbPut> cb(nl_cb_alloc(NL_CB_DEFAULT));
  if (!cb) return -NLE_NOMEM;
  bool acked = false;
  nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, OnAck, &acked);
  int err = 0;
  while (!acked && err >= 0) err = nl_recvmsgs(sk, cb.get());
  return err;
}

// A NETLINK_GENERIC socket of the namespace current when it is opened: the datapath it
// creates lives there.
class GenlSocket : public NetlinkSender {
 public:
  explicit GenlSocket(std::string owner) : owner_(std::move(owner)), sk_(nl_socket_alloc()) {
    std::string what = "opening a generic netlink socket in " + owner_;
    if (!sk_) ThrowNl(what, -NLE_NOMEM);
    int err = genl_connect(sk_.get());
    if (err < 0) ThrowNl(what, err);
  }
  const std::string& owner() const override { return owner_; }
  void SendAndAck(nl_msg* msg, const std::string& what) override {
    int err = nl_send_auto(sk_.get(), msg);
    if (err >= 0) err = WaitForAck(sk_.get());
    if (err < 0) ThrowNl(what, err);
  }
  void SetMtu(int, const std::string& name, uint32_t) override {
    ThrowErrno("setting the mtu of '" + name + "' over generic netlink", EOPNOTSUPP);
  }
  ovs::Families Resolve() {
    return {Family(OVS_DATAPATH_FAMILY), Family(OVS_VPORT_FAMILY), Family(OVS_FLOW_FAMILY)};
  }

 private:
  int Family(const char* name) {
    int id = genl_ctrl_resolve(sk_.get(), name);  // the kernel loads openvswitch for it
    if (id < 0) ThrowNl("resolving generic netlink family " + std::string(name), id);
    return id;
  }

  std::string owner_;
  std::unique_ptr<nl_sock, SockFree> sk_;
};

// Owns the datapath: deleting it removes its vports and the tunnel device.
class OvsDatapath : public LinkHandle {
 public:
  OvsDatapath(std::unique_ptr<GenlSocket> genl, int family, std::string name)
      : genl_(std::move(genl)), family_(family), name_(std::move(name)) {}
  ~OvsDatapath() override {
    std::string what = "deleting ovs datapath '" + name_ + "' in " + genl_->owner();
    try {
      genl_->SendAndAck(ovs::BuildDatapathDel(family_, name_, what).get(), what);
    } catch (const SysError&) {
      // The namespace going away deletes it too.
    }
  }
  int pid() const override { return 0; }
  GenlSocket& genl() { return *genl_; }

 private:
  std::unique_ptr<GenlSocket> genl_;
  int family_;
  std::string name_;
};

std::unique_ptr<LinkHandle> StartOvs(const KindContext& context, const DeviceSpec& spec) {
  std::unique_ptr<GenlSocket> genl;
  {
    ScopedNetnsEnter in(context.ns);
    genl = std::make_unique<GenlSocket>("node '" + spec.node + "'");
  }
  ovs::Families families = genl->Resolve();
  std::string what = CreatingWhat("ovs datapath", spec.ifname, genl->owner());
  genl->SendAndAck(ovs::BuildDatapathNew(families.datapath, spec.ifname, what).get(), what);
  auto datapath = std::make_unique<OvsDatapath>(std::move(genl), families.datapath, spec.ifname);
  ovs::Populate(datapath->genl(), context.rtnl, families, spec, context.ifindex_of);
  return datapath;
}

bool OvsSupported(std::string* reason) {
  static const std::string kWhyNot = [] {
    try {
      GenlSocket("the ovs support check").Resolve();
      return std::string();
    } catch (const SysError& e) {
      return "kernel lacks ovs (" + std::string(e.what()) + ")";
    }
  }();
  *reason = kWhyNot;
  return kWhyNot.empty();
}

}  // namespace

namespace ovs {

Tunnel TunnelOf(const DeviceSpec& spec) {
  Tunnel t;
  t.geneve = Required(spec, "tunnel", EnumParam(spec, "tunnel", {{"vxlan", 0}, {"geneve", 1}}));
  t.local = Required(spec, "local", AddressParam(spec, "local"));
  t.remote = Required(spec, "remote", AddressParam(spec, "remote"));
  t.vni = Required(spec, "vni", UintParam(spec, "vni"));
  uint32_t port = UintParam(spec, "dstport").value_or(t.geneve ? kGenevePort : kVxlanPort);
  t.dstport = static_cast<uint16_t>(port);
  t.ttl = static_cast<uint8_t>(UintParam(spec, "ttl").value_or(64));
  return t;
}

void Populate(NetlinkSender& genl, NetlinkSender& rtnl, const Families& families,
              const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  Tunnel t = TunnelOf(spec);
  const std::string where = " of ovs datapath '" + spec.ifname + "' in " + genl.owner();
  int dp = ifindex_of(spec.ifname);
  if (spec.mtu) rtnl.SetMtu(dp, spec.ifname, *spec.mtu);
  Vport port{kPortNo, OVS_VPORT_TYPE_NETDEV, TextParam(spec, "port"), std::nullopt};
  Vport tunnel{kTunnelPortNo, t.geneve ? OVS_VPORT_TYPE_GENEVE : OVS_VPORT_TYPE_VXLAN,
               TunnelDeviceName(t), t.dstport};
  for (const Vport& v : {port, tunnel}) {
    std::string what = "adding vport " + std::to_string(v.port_no) + " '" + v.name + "'" + where;
    genl.SendAndAck(BuildVportNew(families.vport, dp, v, what).get(), what);
  }
  if (std::optional<uint32_t> mtu = UintParam(spec, "tunnel_mtu")) {
    rtnl.SetMtu(ifindex_of(tunnel.name), tunnel.name, *mtu);
  }
  for (const Flow& f : CrossConnect(port.port_no, tunnel.port_no)) {
    std::string what = "adding flow in_port " + std::to_string(f.in_port) + " ethertype " +
                       std::to_string(f.eth_type) + where;
    genl.SendAndAck(BuildFlowNew(families.flow, dp, f, t, what).get(), what);
  }
}

}  // namespace ovs

MTULAB_REGISTER_LINK_KIND(ovs, nullptr, StartOvs, OvsSupported);

}  // namespace mtulab
