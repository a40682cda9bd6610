#ifndef MTULAB_LINKS_X25519_H_
#define MTULAB_LINKS_X25519_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mtulab {

/// A raw 32-byte X25519 scalar or u-coordinate, little endian as RFC 7748 encodes them.
using X25519Key = std::array<uint8_t, 32>;

/// X25519(k, u) of RFC 7748 §5 through libsodium (crypto_scalarmult_curve25519): clamps a
/// copy of `scalar`, ignores the top bit of `u`; all zeros for a `u` of small order.
X25519Key X25519(const X25519Key& scalar, const X25519Key& u);
/// X25519(k, 9): the public key of private key `scalar` (crypto_scalarmult_curve25519_base).
X25519Key X25519Base(const X25519Key& scalar);
/// Clears bits 0-2 and 255 and sets bit 254, as RFC 7748 §5 and WireGuard do.
void ClampX25519Scalar(X25519Key& scalar);

/// Standard base64 with padding: always 44 characters for a key.
std::string KeyToBase64(const X25519Key& key);
/// The key from exactly 44 base64 characters ending in '=' (unused bits zero), as
/// `wg` accepts them; nullopt for anything else.
std::optional<X25519Key> KeyFromBase64(std::string_view text);
/// 64 lowercase hex digits (the UAPI form).
std::string KeyToHex(const X25519Key& key);

}  // namespace mtulab

#endif  // MTULAB_LINKS_X25519_H_
