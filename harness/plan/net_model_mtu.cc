// NetModel::Mtu: an explicit mtu, else what the MtuRule of the kind's row derives.
#include "harness/plan/net_model.h"
#include "harness/plan/overheads.h"

namespace mtulab {
namespace {

constexpr int kMaxDepth = 16;           // interfaces stacked on interfaces; deeper means a cycle
constexpr uint32_t kEthDataLen = 1500;  // ether_setup(): veth
constexpr uint32_t kMinMtu = 68;        // the smallest MTU an IPv4 device may have

// The underlay family of an overlay or tunnel: of remote, else group, else local; IPv4.
Family UnderlayFamily(const Iface& iface) {
  return ParamFamily(iface, "remote")
      .value_or(ParamFamily(iface, "group").value_or(ParamFamily(iface, "local").value_or(Family::kIpv4)));
}

}  // namespace

MtuValue NetModel::Mtu(const Iface& iface) const { return MtuAt(iface, 0); }

MtuValue NetModel::MtuAt(const Iface& iface, int depth) const {
  if (depth > kMaxDepth) return MtuValue{std::nullopt, "", "interfaces stacked in a cycle"};
  const KindSchema* row = iface.schema();
  bool clamped = row && row->mtu == MtuRule::kDevMinusOverhead && iface.Param("dev");
  if (iface.end->mtu && !clamped) {
    return MtuValue{iface.end->mtu, "mtu " + std::to_string(*iface.end->mtu), ""};
  }
  return DerivedMtu(iface, depth);
}

MtuValue NetModel::DerivedMtu(const Iface& iface, int depth) const {
  const std::string& kind = iface.kind();
  if (iface.device == nullptr) return MtuValue{kEthDataLen, "veth default 1500", ""};
  const KindSchema* row = iface.schema();
  switch (row ? row->mtu : MtuRule::kUnpredicted) {
    case MtuRule::kFixed:
      return MtuValue{row->default_mtu, row->mtu_why, ""};
    case MtuRule::kSmallestPort:
      return SmallestPortMtu(iface, depth);
    case MtuRule::kParent:
      return ParentMtu(iface, depth);
    case MtuRule::kDevMinusOverhead:
      return DevMinusOverheadMtu(iface, depth);
    case MtuRule::kDefaultMinusOverhead:
      return DefaultMinusOverheadMtu(iface);
    case MtuRule::kUnpredicted:
      break;
  }
  return MtuValue{std::nullopt, "",
                  kind +
                      " without mtu: the kernel derives it from a route lookup at creation, "
                      "which the model does not predict; set mtu"};
}

MtuValue NetModel::SmallestPortMtu(const Iface& bridge, int depth) const {
  const KindSchema& row = *bridge.schema();
  std::optional<uint32_t> low;
  std::string why = row.mtu_why;
  for (const Iface* port : Ports(bridge)) {
    MtuValue m = MtuAt(*port, depth + 1);
    if (!m.bytes) return m;
    if (!low || *m.bytes < *low) {
      low = m.bytes;
      why = "smallest port " + port->name() + " " + std::to_string(*m.bytes);
    }
  }
  return MtuValue{low.value_or(row.default_mtu), why, ""};
}

MtuValue NetModel::ParentMtu(const Iface& iface, int depth) const {
  const Iface* parent = Find(iface.node(), iface.Param("parent").value_or(""));
  if (parent == nullptr) return MtuValue{std::nullopt, "", "parent is not defined"};
  MtuValue m = MtuAt(*parent, depth + 1);
  if (m.bytes) m.why = "parent " + parent->name() + " " + std::to_string(*m.bytes);
  return m;
}

MtuValue NetModel::DevMinusOverheadMtu(const Iface& iface, int depth) const {
  const KindSchema& row = *iface.schema();
  std::optional<uint32_t> oh = EncapOverhead(iface, UnderlayFamily(iface));
  std::optional<std::string> dev = iface.Param("dev");
  if (!dev) return MtuValue{row.default_mtu, row.mtu_why, ""};
  if (!oh) return MtuValue{std::nullopt, "", iface.kind() + " overhead is not predicted"};
  const Iface* lower = Find(iface.node(), *dev);
  if (lower == nullptr) return MtuValue{std::nullopt, "", "dev is not defined"};
  MtuValue m = MtuAt(*lower, depth + 1);
  if (!m.bytes) return m;
  uint32_t max = *m.bytes > *oh + kMinMtu ? *m.bytes - *oh : kMinMtu;
  std::string derived = lower->name() + " " + std::to_string(*m.bytes) + " - " +
                        std::to_string(*oh) + " " + iface.kind();
  std::optional<uint32_t> set = iface.end->mtu;
  if (set && *set <= max) return MtuValue{set, "mtu " + std::to_string(*set), ""};
  if (set) {
    return MtuValue{max, "mtu " + std::to_string(*set) + " clamped by the kernel to " + derived,
                    ""};
  }
  return MtuValue{max, "derived: " + derived, ""};
}

MtuValue NetModel::DefaultMinusOverheadMtu(const Iface& iface) const {
  const KindSchema& row = *iface.schema();
  const std::string& kind = iface.kind();
  std::optional<uint32_t> oh = EncapOverhead(iface, UnderlayFamily(iface));
  if (!oh) return MtuValue{std::nullopt, "", "ip6" + kind + " without mtu is not predicted"};
  // mtulab creates tunnels before any address or route exists, so ip_tunnel_bind_dev()
  // finds no underlay device and starts from ETH_DATA_LEN.
  return MtuValue{row.default_mtu - *oh,
                  "derived: " + std::to_string(row.default_mtu) + " - " + std::to_string(*oh) +
                      " " + kind + ", no underlay route yet when mtulab creates it",
                  ""};
}

}  // namespace mtulab
