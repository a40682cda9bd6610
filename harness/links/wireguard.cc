// WireGuard keys, kernel detection and the choice of backend: the kernel module when the
// kernel has it, else wireguard-go.
#include "harness/links/wireguard.h"

#include <linux/wireguard.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>
#include <sys/random.h>

#include <cerrno>
#include <stdexcept>

#include "harness/links/wireguard_internal.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

WgKey GenerateWgPrivateKey() {
  X25519Key key{};
  size_t got = 0;
  while (got < key.size()) {
    ssize_t n = ::getrandom(key.data() + got, key.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("generating a WireGuard private key (getrandom)");
    got += static_cast<size_t>(n);
  }
  ClampX25519Scalar(key);
  return KeyToBase64(key);
}

WgKey WgPublicKey(const WgKey& private_key) {
  return KeyToBase64(X25519Base(wg::DecodeKey(private_key, "private key")));
}

bool KernelHasWireguard() {
  // Generic netlink families are global, not per namespace: asking once is enough.
  static const bool has = [] {
    nl_sock* sk = nl_socket_alloc();
    if (sk == nullptr) return false;
    bool found = genl_connect(sk) == 0 && genl_ctrl_resolve(sk, WG_GENL_NAME) >= 0;
    nl_socket_free(sk);
    return found;
  }();
  return has;
}

std::unique_ptr<WgDevice> WgDevice::Create(const Netns& ns, Rtnl& rtnl, const WgConfig& config) {
  wg::Validate(config);
  if (KernelHasWireguard()) return wg::CreateKernel(ns, rtnl, config);
  return wg::CreateGo(ns, rtnl, config);
}

namespace wg {

X25519Key DecodeKey(const WgKey& key, const std::string& what) {
  auto raw = KeyFromBase64(key);
  if (!raw) throw std::invalid_argument(what + " is not a base64 32-byte key");
  return *raw;
}

void Validate(const WgConfig& config) {
  const std::string where = "WireGuard interface '" + config.ifname + "': ";
  if (config.ifname.empty() || config.ifname.size() > 15 ||
      config.ifname.find_first_of("/ \n\t:") != std::string::npos) {
    throw std::invalid_argument(where + "not a valid interface name");
  }
  DecodeKey(config.private_key, where + "private key");
  auto one_line = [&](const std::string& value, const std::string& what) {
    if (value.empty() || value.find_first_of("\n=") != std::string::npos) {
      throw std::invalid_argument(where + what + " '" + value + "' is malformed");
    }
  };
  for (size_t i = 0; i < config.peers.size(); ++i) {
    const WgPeerConfig& p = config.peers[i];
    std::string peer = "peer " + std::to_string(i + 1) + " ";
    DecodeKey(p.public_key, where + peer + "public key");
    if (p.endpoint) one_line(*p.endpoint, peer + "endpoint");
    for (const std::string& ip : p.allowed_ips) one_line(ip, peer + "allowed IP");
  }
}

std::string Describe(const WgConfig& config, const Rtnl& rtnl) {
  return "'" + config.ifname + "' in " + rtnl.owner();
}

}  // namespace wg
}  // namespace mtulab
