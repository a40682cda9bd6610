// The ESP algorithms an <ipsec> may name (harness/model/ipsec_algos.h). Key and ICV lengths
// are the ones the kernel's xfrm algorithm table (net/xfrm/xfrm_algo.c) and crypto API take.
#include "harness/model/ipsec_algos.h"

namespace mtulab {
namespace {

const std::vector<IpsecAlgoSpec>& Table() {
  static const std::vector<IpsecAlgoSpec> kTable = {
      // AES-GCM for ESP (RFC 4106): AES-128/192/256 key + 4-byte salt; ICV 8, 12 or 16 bytes.
      {"rfc4106(gcm(aes))", IpsecAlgoRole::kAead, {160, 224, 288}, 160, {64, 96, 128}, 128},
      {"cbc(aes)", IpsecAlgoRole::kEnc, {128, 192, 256}, 128, {}, 0},
      // HMAC-SHA1-96 (RFC 2404) and HMAC-SHA-256-128 (RFC 4868).
      {"hmac(sha1)", IpsecAlgoRole::kAuth, {160}, 160, {96, 160}, 96},
      {"hmac(sha256)", IpsecAlgoRole::kAuth, {256}, 256, {96, 128, 256}, 128},
  };
  return kTable;
}

}  // namespace

std::vector<const IpsecAlgoSpec*> IpsecAlgos(IpsecAlgoRole role) {
  std::vector<const IpsecAlgoSpec*> out;
  for (const IpsecAlgoSpec& a : Table()) {
    if (a.role == role) out.push_back(&a);
  }
  return out;
}

const IpsecAlgoSpec* FindIpsecAlgo(IpsecAlgoRole role, const std::string& name) {
  for (const IpsecAlgoSpec* a : IpsecAlgos(role)) {
    if (name == a->name) return a;
  }
  return nullptr;
}

}  // namespace mtulab
