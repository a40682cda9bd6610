#ifndef MTULAB_SYS_NETLINK_SENDER_H_
#define MTULAB_SYS_NETLINK_SENDER_H_

#include <cstdint>
#include <string>

struct nl_msg;

namespace mtulab {

/// What link kinds (harness/links) need of a NETLINK_ROUTE socket: send a request they built
/// and wait for the kernel's ack. Rtnl implements it on a real socket; tests record the
/// messages instead (harness/links/recording_sender.h), so no root is needed to check them.
class NetlinkSender {
 public:
  virtual ~NetlinkSender() = default;
  /// Who the socket belongs to, for errors ("node 'a'").
  virtual const std::string& owner() const = 0;
  /// Sends `msg` (NLM_F_ACK is added) and waits for the ack. Throws SysError(`what`) with the
  /// netlink error ("... : Operation not supported").
  virtual void SendAndAck(nl_msg* msg, const std::string& what) = 0;
  /// Sets the MTU of an existing interface (like `ip link set NAME mtu N`).
  virtual void SetMtu(int ifindex, const std::string& name, uint32_t mtu) = 0;
};

}  // namespace mtulab

#endif  // MTULAB_SYS_NETLINK_SENDER_H_
