#ifndef MTULAB_MODEL_IPSEC_ALGOS_H_
#define MTULAB_MODEL_IPSEC_ALGOS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace mtulab {

/// What an <ipsec> algorithm attribute names: an AEAD (aead=), a cipher (enc=) or an
/// authentication algorithm (auth=).
enum class IpsecAlgoRole { kAead, kEnc, kAuth };

/// One kernel crypto algorithm mtulab accepts for ESP: its name as the kernel's xfrm
/// algorithm table spells it, the key lengths it takes (bits; for rfc4106 the AES key plus
/// the 32-bit salt), the one generated keys get, and the default ICV / truncation length.
struct IpsecAlgoSpec {
  const char* name;
  IpsecAlgoRole role;
  std::vector<uint32_t> key_bits;
  uint32_t default_key_bits;
  std::vector<uint32_t> icv_bits;  // aead: ICV lengths; auth: truncation lengths; enc: none
  uint32_t default_icv_bits;
};

/// Every algorithm of `role`, in table order.
std::vector<const IpsecAlgoSpec*> IpsecAlgos(IpsecAlgoRole role);
/// The algorithm called `name` with role `role`, or nullptr.
const IpsecAlgoSpec* FindIpsecAlgo(IpsecAlgoRole role, const std::string& name);

}  // namespace mtulab

#endif  // MTULAB_MODEL_IPSEC_ALGOS_H_
