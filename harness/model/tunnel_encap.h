#ifndef MTULAB_MODEL_TUNNEL_ENCAP_H_
#define MTULAB_MODEL_TUNNEL_ENCAP_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/link_kinds.h"

namespace mtulab {

/// The UDP encapsulation an ipip, sit or ip6tnl tunnel may add under its outer IP header
/// (`ip link add ... encap fou|gue encap-sport auto encap-dport N`, IFLA_IPTUN_ENCAP_*), and
/// the FOU/GUE receive port of its node (`ip fou add port N ipproto P | gue`). One place for
/// the attributes, their checks and the bytes they add.
enum class TunnelEncap { kNone, kFou, kGue };

/// The attributes: encap, encap_sport, encap_dport, fou_port.
std::vector<ParamSpec> TunnelEncapParams();

/// Problems of the attributes together: encap_dport is required with encap, the ports and
/// fou_port only with it, and a FOU (not GUE) receive port needs one inner protocol (`mode`
/// `any` has none).
std::vector<std::string> CheckTunnelEncap(const std::map<std::string, std::string>& params);

/// The encapsulation the attributes ask for (kNone without `encap`).
TunnelEncap TunnelEncapOf(const std::map<std::string, std::string>& params);

/// The bytes it adds on top of the tunnel's own header: FOU 8 (UDP), GUE 12 (UDP 8 + GUE
/// header 4 without extension fields), none 0.
uint32_t TunnelEncapBytes(TunnelEncap encap);

/// "fou", "gue" or "" (none).
const char* TunnelEncapName(TunnelEncap encap);

}  // namespace mtulab

#endif  // MTULAB_MODEL_TUNNEL_ENCAP_H_
