// X25519 and the key encodings through libsodium (crypto_scalarmult_curve25519,
// sodium_bin2base64 / sodium_base642bin, sodium_bin2hex) instead of hand-written field
// arithmetic. The RFC 7748 vectors in x25519_test.cc hold this path to the RFC.
#include "harness/links/x25519.h"

#include <sodium.h>

#include <stdexcept>

namespace mtulab {
namespace {

// sodium_init() picks the fastest implementation for this CPU; safe to call repeatedly, and
// from several threads at once (it takes its own lock).
void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("initialising libsodium (sodium_init) failed");
}

static_assert(crypto_scalarmult_curve25519_BYTES == 32);
static_assert(crypto_scalarmult_curve25519_SCALARBYTES == 32);

}  // namespace

X25519Key X25519(const X25519Key& scalar, const X25519Key& u) {
  InitSodium();
  X25519Key out{};
  // libsodium refuses (-1) a u of small order, whose product RFC 7748 §6.1 defines as all
  // zeros: that is what we return then.
  if (crypto_scalarmult_curve25519(out.data(), scalar.data(), u.data()) != 0) out.fill(0);
  return out;
}

X25519Key X25519Base(const X25519Key& scalar) {
  InitSodium();
  X25519Key out{};
  if (crypto_scalarmult_curve25519_base(out.data(), scalar.data()) != 0) out.fill(0);
  return out;
}

void ClampX25519Scalar(X25519Key& scalar) {
  scalar[0] &= 248;
  scalar[31] &= 127;
  scalar[31] |= 64;
}

std::string KeyToBase64(const X25519Key& key) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  char buf[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(buf, sizeof buf, key.data(), key.size(), kVariant);
  return std::string(buf);
}

std::optional<X25519Key> KeyFromBase64(std::string_view text) {
  if (text.size() != 44 || text[43] != '=') return std::nullopt;
  X25519Key key{};
  size_t len = 0;
  const char* end = nullptr;
  // Strict: padding required, no characters ignored, the unused low bits must be zero.
  int rc = sodium_base642bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end,
                             sodium_base64_VARIANT_ORIGINAL);
  if (rc != 0 || len != key.size() || end != text.data() + text.size()) return std::nullopt;
  return key;
}

std::string KeyToHex(const X25519Key& key) {
  char buf[2 * 32 + 1];
  sodium_bin2hex(buf, sizeof buf, key.data(), key.size());
  return std::string(buf);
}

}  // namespace mtulab
