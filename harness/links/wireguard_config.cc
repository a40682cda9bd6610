// The WgConfig of a wireguard device of the topology: its key, port, MTU and peers, each
// peer's public key taken from the peer device's private key when given as node + dev.
#include <string>

#include "harness/links/wireguard.h"
#include "harness/model/values.h"

namespace mtulab {

WgConfig WireguardConfigFor(const Device& d, const WgPrivateKeyOf& private_key_of) {
  WgConfig config;
  config.ifname = d.end.ifname;
  config.private_key = private_key_of(d.end.node, d.end.ifname);
  if (auto it = d.params.find("listen_port"); it != d.params.end()) {
    // Checked by the loader (1..65535); value_or(0) keeps an unchecked one "any port".
    config.listen_port = static_cast<uint16_t>(ParseUnsigned(it->second).value_or(0));
  }
  config.mtu = d.end.mtu;
  for (const WgPeer& p : d.peers) {
    WgPeerConfig peer;
    peer.public_key = p.public_key ? *p.public_key : WgPublicKey(private_key_of(*p.node, *p.dev));
    peer.endpoint = p.endpoint;
    peer.allowed_ips = p.allowed_ips;
    if (p.keepalive) peer.persistent_keepalive = static_cast<uint16_t>(*p.keepalive);
    config.peers.push_back(peer);
  }
  return config;
}

}  // namespace mtulab
