#ifndef MTULAB_RUNNER_MACHINE_FACTS_H_
#define MTULAB_RUNNER_MACHINE_FACTS_H_

#include <map>
#include <string>

#include "harness/model/suite.h"

namespace mtulab {

/// The values of the facts `c`'s <require> elements name, on this machine: kernel.version
/// (uname release), wireguard.impl ("kernel" when the wireguard genl family resolves, else
/// "go"), link_kind.KIND ("true" when the kernel can create KIND), xfrm.esp ("true" when it
/// accepts an ESP tunnel-mode SA).
std::map<std::string, std::string> MachineFacts(const Case& c);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_MACHINE_FACTS_H_
