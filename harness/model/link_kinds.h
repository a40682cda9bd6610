#ifndef MTULAB_MODEL_LINK_KINDS_H_
#define MTULAB_MODEL_LINK_KINDS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace mtulab {

/// Type of one kind-specific attribute, checked by the loader.
enum class ParamType {
  kUint,        // unsigned integer in [min, max]
  kAddress,     // an IPv4 or IPv6 address (no prefix)
  kIfname,      // an interface of the same node
  kIfnameList,  // interfaces of the same node, separated by spaces
  kEnum,        // one of `choices`
  kBool,        // true / false
  kWgKey,       // a base64 32-byte WireGuard key
};

struct ParamSpec {
  const char* name;
  ParamType type;
  bool required = false;
  uint32_t min = 0, max = 0;          // kUint
  std::vector<std::string> choices;   // kEnum
  const char* doc = "";               // one line for the README and errors
};

/// The attributes one kind of single-node interface takes, besides the common ones
/// (node, name, mtu, ipv4, ipv6). Pure data: the kernel side lives in harness/links.
struct KindSchema {
  const char* kind;
  const char* doc;
  std::vector<ParamSpec> params;
  bool takes_fdb = false;    // <fdb dst="..."/> children (vxlan)
  bool takes_peers = false;  // <peer .../> children (wireguard)
};

/// Every single-node kind mtulab knows, in a fixed order.
const std::vector<KindSchema>& KindSchemas();
/// The schema of `kind`, or nullptr.
const KindSchema* FindKindSchema(const std::string& kind);

}  // namespace mtulab

#endif  // MTULAB_MODEL_LINK_KINDS_H_
