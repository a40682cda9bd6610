#ifndef MTULAB_SYS_RTNL_H_
#define MTULAB_SYS_RTNL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/netlink_sender.h"

struct nl_sock;

namespace mtulab {

/// What RTM_GETLINK says about an interface.
struct LinkState {
  int ifindex = 0;
  std::string name;
  uint32_t mtu = 0;
  bool admin_up = false;   // IFF_UP
  bool lower_up = false;   // IFF_LOWER_UP: carrier
  /// IFLA_OPERSTATE is IF_OPER_UP: linkwatch has handled the carrier change (and, under the
  /// same RTNL hold, activated the qdisc). IFF_LOWER_UP alone is set before that.
  bool oper_up = false;
  uint64_t tx_packets = 0, tx_bytes = 0, rx_packets = 0, rx_bytes = 0;
  uint64_t tx_dropped = 0, rx_dropped = 0;
};

/// What RTM_GETROUTE (as `ip route get ADDR`) answers for one destination.
struct RouteAnswer {
  int oif = 0;
  std::optional<std::string> gateway;
  std::optional<std::string> prefsrc;
  std::optional<uint32_t> mtu;     // RTAX_MTU: exception PMTU or configured route mtu
  bool mtu_locked = false;         // RTAX_LOCK has the RTAX_MTU bit
  std::optional<uint32_t> advmss;  // RTAX_ADVMSS
  long expires_ticks = 0;          // RTA_CACHEINFO rta_expires (clock ticks); 0: no expiry
  bool cloned = false;             // RTM_F_CLONED in the reply
};

/// Route as the kernel needs it: the model route plus the resolved egress ifindex (0: none),
/// and for a multipath route the ifindex of each of its nexthops, in order.
struct RouteRequest {
  const Route* route = nullptr;
  int ifindex = 0;
  std::vector<int> nexthop_ifindex;
};

/// RTM_NEWROUTE for `request` with `flags` (NLM_F_EXCL: add, NLM_F_REPLACE: replace; libnl
/// adds NLM_F_CREATE), as libnl builds it; the caller frees it. Throws SysError(`what`).
nl_msg* BuildRouteRequest(const RouteRequest& request, int flags, const std::string& what);

/// A NETLINK_ROUTE socket (libnl) bound to the namespace that was current when it was
/// opened; usable from any thread afterwards, by one thread at a time. Errors throw SysError
/// naming the operation, the object and `owner` (e.g. "node 'api'").
class Rtnl : public NetlinkSender {
 public:
  /// Opens and connects in the calling thread's current namespace.
  explicit Rtnl(std::string owner);
  ~Rtnl() override;
  Rtnl(Rtnl&& other) noexcept;
  Rtnl& operator=(Rtnl&&) = delete;
  Rtnl(const Rtnl&) = delete;
  Rtnl& operator=(const Rtnl&) = delete;

  const std::string& owner() const override { return owner_; }
  void SendAndAck(nl_msg* msg, const std::string& what) override;
  /// The libnl socket, for sibling code in harness/sys and harness/links that builds its own
  /// messages (link kinds, FDB entries). Owned by this object.
  nl_sock* sock() const { return sk_; }

  /// Throws SysError for `what`: with the errno of the kernel's last netlink error reply when
  /// there was one (libnl maps many, e.g. ENETUNREACH, to "Unspecific failure"), else with
  /// libnl's error `nl_error`. Clears the remembered kernel error.
  [[noreturn]] void ThrowError(const std::string& what, int nl_error);

  /// Creates a veth pair: `name` here, `peer` directly inside the namespace `peer_ns_fd`.
  void AddVeth(const std::string& name, std::optional<uint32_t> mtu, const std::string& peer,
               std::optional<uint32_t> peer_mtu, int peer_ns_fd,
               const std::string& peer_owner);
  LinkState GetLink(const std::string& name);
  LinkState GetLink(int ifindex);
  void SetUp(int ifindex, const std::string& name);
  void SetMtu(int ifindex, const std::string& name, uint32_t mtu) override;
  /// Adds "ADDR/LEN" to the interface (IPv6 with nodad, usable at once).
  void AddAddress(int ifindex, const std::string& ifname, const Address& address);
  void AddRoute(const RouteRequest& request);
  /// Adds the route or replaces the one with the same destination, table and metric, like
  /// `ip route replace`.
  void ReplaceRoute(const RouteRequest& request);
  /// Deletes the interface (RTM_DELLINK, like `ip link del`; a veth takes its peer along). The
  /// kernel acknowledges only once every reference to the device is gone, so the call lasts
  /// as long as a reference lingers (a leaked cached route keeps it waiting).
  void DeleteLink(int ifindex, const std::string& name);
  /// False when no interface has index `ifindex` any more (RTM_GETLINK answers ENODEV).
  bool LinkExists(int ifindex);
  /// RTM_GETROUTE for `address` (like `ip route get ADDR [oif DEV]`): with `oif` (an ifindex),
  /// the path through that interface, e.g. one nexthop of a multipath route. Throws SysError
  /// (e.g. "Network is unreachable").
  RouteAnswer GetRoute(Family family, const std::string& address, int oif = 0);
  /// How many cached PMTU exceptions of `family` a dump lists, like
  /// `ip [-6] route list cache | wc -l`. An IPv4 exception is listed only once a route lookup
  /// has bound it (a packet sent to that destination after the ICMP, or RTM_GETROUTE).
  int ListExceptions(Family family);
  /// Deletes every cached IPv6 exception (like `ip -6 route flush cache`). Returns how many.
  int FlushIpv6Exceptions();

 private:
  /// The bodies (rtmsg + attributes) of every exception an RTM_F_CLONED dump returns.
  std::vector<std::vector<char>> DumpExceptions(Family family, const std::string& what);
  /// RTM_NEWROUTE for `request` with `flags` (NLM_F_EXCL: add, NLM_F_REPLACE: replace).
  void SendRoute(const RouteRequest& request, int flags, const std::string& what);

  nl_sock* sk_ = nullptr;
  std::string owner_;
  // Errno of the last NLMSG_ERROR reply, written by the socket's error callback. On the heap
  // so the callback's pointer survives moves of this object.
  std::unique_ptr<int> kernel_error_ = std::make_unique<int>(0);
};

}  // namespace mtulab

#endif  // MTULAB_SYS_RTNL_H_
