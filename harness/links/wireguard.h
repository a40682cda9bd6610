#ifndef MTULAB_LINKS_WIREGUARD_H_
#define MTULAB_LINKS_WIREGUARD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/links/link_kind.h"
#include "harness/model/topology.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"

namespace mtulab {

/// A 32-byte X25519 key in WireGuard's base64 form (44 characters).
using WgKey = std::string;

/// A fresh private key from getrandom(), clamped as WireGuard does.
WgKey GenerateWgPrivateKey();
/// The public key of a private key (X25519 with the base point). Throws std::invalid_argument
/// for text that is not a base64 32-byte key.
WgKey WgPublicKey(const WgKey& private_key);

struct WgPeerConfig {
  WgKey public_key;
  std::optional<std::string> endpoint;      // "10.0.0.2:51820" or "[fd00::2]:51820"
  std::vector<std::string> allowed_ips;     // "10.200.0.0/24", "fd00:200::/64"
  std::optional<uint16_t> persistent_keepalive;
};

struct WgConfig {
  std::string ifname;
  WgKey private_key;                        // never printed or reported
  std::optional<uint16_t> listen_port;
  std::optional<uint32_t> mtu;              // unset: the backend's default (1420)
  std::vector<WgPeerConfig> peers;
};

/// A WireGuard interface inside a node's namespace, created down and configured (keys, port,
/// peers). Backend: the kernel module over generic netlink when the kernel has it, else
/// `wireguard-go` started inside the namespace with a private /run/wireguard (its own mount
/// namespace, so equal interface names in two namespaces never collide), tied to mtulab's life
/// (PR_SET_PDEATHSIG), tracked by PID and configured over its UAPI socket. Destruction stops
/// the process (SIGTERM, then SIGKILL after a bounded wait), reaps it and leaves no socket file.
class WgDevice : public LinkHandle {
 public:
  /// Throws SysError naming the operation (e.g. "starting wireguard-go for 'wg0' in node
  /// 'gw1': No such file or directory") — the interface is gone again on failure.
  static std::unique_ptr<WgDevice> Create(const Netns& ns, Rtnl& rtnl, const WgConfig& config);
  ~WgDevice() override = default;

  /// "kernel" or "wireguard-go".
  virtual const char* backend() const = 0;
  /// PID of the wireguard-go process; 0 for the kernel backend.
  int pid() const override = 0;
};

/// The private key of the wireguard device `ifname` of `node` (given or generated).
using WgPrivateKeyOf = std::function<WgKey(const std::string& node, const std::string& ifname)>;
/// The configuration of wireguard device `d`: its key from `private_key_of`, listen_port, mtu,
/// and its peers, a peer given as node + dev getting the public key of that device's private
/// key. Pure: nothing is created.
WgConfig WireguardConfigFor(const Device& d, const WgPrivateKeyOf& private_key_of);

/// True when the kernel has the WireGuard generic netlink family (checked once per process).
bool KernelHasWireguard();

}  // namespace mtulab

#endif  // MTULAB_LINKS_WIREGUARD_H_
