// Changing an existing link through its kind's own RTM_NEWLINK: the kind builds the request it
// would create the link with, and the sender below turns it into a change of the existing
// interface (no NLM_F_CREATE/NLM_F_EXCL, ifi_index set, no IFLA_IFNAME), as `ip link set NAME
// type KIND ...` sends it. The kernel then runs the kind's changelink and do_setlink (IFLA_MTU).
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cerrno>
#include <cstring>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

class ChangingSender : public NetlinkSender {
 public:
  ChangingSender(NetlinkSender& inner, int ifindex) : inner_(inner), ifindex_(ifindex) {}

  const std::string& owner() const override { return inner_.owner(); }
  void SendAndAck(nl_msg* msg, const std::string& what) override {
    std::string doing = what;
    if (TurnIntoChange(msg, ifindex_) && doing.rfind("creating ", 0) == 0) {
      doing = "changing " + doing.substr(9);
    }
    inner_.SendAndAck(msg, doing);
  }
  void SetMtu(int ifindex, const std::string& name, uint32_t mtu) override {
    inner_.SetMtu(ifindex, name, mtu);
  }

 private:
  NetlinkSender& inner_;
  int ifindex_;
};

}  // namespace

bool TurnIntoChange(nl_msg* msg, int ifindex) {
  nlmsghdr* hdr = nlmsg_hdr(msg);
  if (hdr->nlmsg_type != RTM_NEWLINK || (hdr->nlmsg_flags & NLM_F_CREATE) == 0) return false;
  hdr->nlmsg_flags &= ~(NLM_F_CREATE | NLM_F_EXCL);
  static_cast<ifinfomsg*>(nlmsg_data(hdr))->ifi_index = ifindex;
  // No IFLA_IFNAME: before 6.2 do_setlink refuses even an unchanged name on an up link
  // (dev_change_name: EBUSY, measured on 6.1); ip(8) names the link by index only.
  if (nlattr* name = nlmsg_find_attr(hdr, sizeof(ifinfomsg), IFLA_IFNAME)) {
    char* start = reinterpret_cast<char*>(name);
    const int size = nla_total_size(nla_len(name));
    char* end = reinterpret_cast<char*>(hdr) + hdr->nlmsg_len;
    std::memmove(start, start + size, static_cast<size_t>(end - (start + size)));
    hdr->nlmsg_len -= static_cast<uint32_t>(size);
  }
  return true;
}

void ChangeDevice(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of,
                  int ifindex) {
  const KindOps* ops = FindKind(spec.kind);
  if (ops == nullptr || ops->create == nullptr) {
    ThrowErrno("changing " + spec.kind + " '" + spec.ifname + "' in " + nl.owner() +
                   ": mtulab cannot change a link of this kind",
               EOPNOTSUPP);
  }
  DeviceSpec change = spec;
  change.fdb.clear();  // the link has its FDB entries; sending them again would add copies
  ChangingSender changing(nl, ifindex);
  ops->create(changing, change, ifindex_of);
}

}  // namespace mtulab
