#ifndef MTULAB_MODEL_POD_NETWORK_H_
#define MTULAB_MODEL_POD_NETWORK_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/topology.h"

namespace mtulab {

/// One interface of a CNI result.
struct CniInterface {
  std::string name;
  std::string mac;
  bool in_pod = false;  // "sandbox" set: it lives in the pod's namespace
};

/// One address of a CNI result.
struct CniIp {
  Family family = Family::kIpv4;
  std::string address;  // "ADDR/LEN"
  std::optional<std::string> gateway;
  std::optional<size_t> interface;  // index into PodNetwork::interfaces
};

/// One route of a CNI result (installed in the pod).
struct CniRoute {
  std::string dst;  // "ADDR/LEN"
  std::optional<std::string> gw;
};

/// What the last plugin of a pod's chain returned from ADD (the CNI 1.0.0 result).
struct PodNetwork {
  /// Set when ADD failed and the case expected it (a <cni> step expecting cni.result or
  /// cni.error): the failing plugin's message. Then nothing below is set.
  std::optional<std::string> error;
  size_t plugins = 0;  // plugins that ran
  std::vector<CniInterface> interfaces;
  std::vector<CniIp> ips;
  std::vector<CniRoute> routes;

  /// The first address of `family`, or nullptr.
  const CniIp* FirstIp(Family family) const {
    for (const CniIp& ip : ips) {
      if (ip.family == family) return &ip;
    }
    return nullptr;
  }
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_POD_NETWORK_H_
