// Shared by the WireGuard backends (wireguard*.cc) and their tests; not a public interface.
#ifndef MTULAB_LINKS_WIREGUARD_INTERNAL_H_
#define MTULAB_LINKS_WIREGUARD_INTERNAL_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "harness/links/link_add.h"
#include "harness/links/wireguard.h"
#include "harness/links/x25519.h"

namespace mtulab::wg {

/// The raw key; throws std::invalid_argument naming `what` (never the key text).
X25519Key DecodeKey(const WgKey& key, const std::string& what);
/// Checks names, keys and that no value can break a line-based request. Throws
/// std::invalid_argument.
void Validate(const WgConfig& config);

/// "interface 'wg0' in node 'a'" (the Rtnl owner names the node).
std::string Describe(const WgConfig& config, const Rtnl& rtnl);

/// The kernel backend: an rtnetlink "wireguard" link configured with WG_CMD_SET_DEVICE.
std::unique_ptr<WgDevice> CreateKernel(const Netns& ns, Rtnl& rtnl, const WgConfig& config);
/// The userspace backend: wireguard-go in the namespace, configured over its UAPI socket.
std::unique_ptr<WgDevice> CreateGo(const Netns& ns, Rtnl& rtnl, const WgConfig& config);

/// The kernel backend's WG_CMD_SET_DEVICE requests (generic netlink family `family`): the
/// device's key, port and WGDEVICE_F_REPLACE_PEERS; then one per peer (key, endpoint,
/// keepalive, allowed IPs). Pure: nothing is sent. Throw SysError(`what`) /
/// std::invalid_argument for a malformed key, endpoint or allowed IP.
NlMsgPtr BuildDeviceRequest(int family, int ifindex, const WgConfig& config,
                            const std::string& what);
NlMsgPtr BuildPeerRequest(int family, int ifindex, const WgPeerConfig& peer,
                          const std::string& what);

/// The UAPI "set=1" request for `config` (keys in hex), ending with the empty line.
std::string UapiSetRequest(const WgConfig& config);
/// N of the "errno=N" line of a complete reply (ending in an empty line); nullopt if the
/// reply is incomplete or has no errno line.
std::optional<int> UapiErrno(const std::string& reply);
/// Sends `request` on the connected UAPI socket `fd` and returns the reply up to and
/// including its empty line. Throws SysError ("... UAPI socket: Connection reset by peer",
/// or ETIMEDOUT after `timeout`) prefixed by `what`.
std::string UapiExchange(int fd, const std::string& request, const std::string& what,
                         std::chrono::milliseconds timeout);

}  // namespace mtulab::wg

#endif  // MTULAB_LINKS_WIREGUARD_INTERNAL_H_
