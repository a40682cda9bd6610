// X25519 as RFC 7748 §5 describes it. Field elements mod p = 2^255 - 19 are five 51-bit limbs
// (value = sum v[i] * 2^(51 i)); products go through 128-bit integers, and 2^255 = 19 (mod p)
// folds the high half back. Every operation leaves limbs below 2^51 plus a small slack,
// which keeps all intermediate products far below 2^128.
#include "harness/links/x25519.h"

namespace mtulab {
namespace {

using u128 = unsigned __int128;
constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

struct Fe {
  uint64_t v[5];
};

uint64_t Load64(const uint8_t* p) {
  uint64_t w = 0;
  for (int i = 7; i >= 0; --i) w = (w << 8) | p[i];
  return w;
}

void Store64(uint8_t* p, uint64_t w) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(w >> (8 * i));
}

// Decodes a u-coordinate; the top bit is ignored (RFC 7748 §5, decodeUCoordinate).
Fe FromBytes(const X25519Key& b) {
  uint64_t w0 = Load64(&b[0]), w1 = Load64(&b[8]), w2 = Load64(&b[16]);
  uint64_t w3 = Load64(&b[24]) & ~(uint64_t{1} << 63);
  return Fe{{w0 & kMask51, ((w0 >> 51) | (w1 << 13)) & kMask51,
             ((w1 >> 38) | (w2 << 26)) & kMask51, ((w2 >> 25) | (w3 << 39)) & kMask51,
             w3 >> 12}};
}

// One pass of carries; the carry out of the top limb re-enters limb 0 times 19.
void Carry(Fe& f) {
  for (int i = 0; i < 4; ++i) {
    f.v[i + 1] += f.v[i] >> 51;
    f.v[i] &= kMask51;
  }
  uint64_t top = f.v[4] >> 51;
  f.v[4] &= kMask51;
  f.v[0] += 19 * top;
}

// The unique representative in [0, p), little endian.
X25519Key ToBytes(Fe f) {
  Carry(f);
  Carry(f);  // now every limb is below 2^51, so the value is below 2^255 < 2p
  // q = 1 exactly when f >= p, i.e. when f + 19 reaches 2^255.
  uint64_t q = (f.v[0] + 19) >> 51;
  for (int i = 1; i < 5; ++i) q = (f.v[i] + q) >> 51;
  f.v[0] += 19 * q;
  for (int i = 0; i < 4; ++i) {
    f.v[i + 1] += f.v[i] >> 51;
    f.v[i] &= kMask51;
  }
  f.v[4] &= kMask51;  // drops the 2^255 that the +19 turned f >= p into
  X25519Key out{};
  Store64(&out[0], f.v[0] | (f.v[1] << 51));
  Store64(&out[8], (f.v[1] >> 13) | (f.v[2] << 38));
  Store64(&out[16], (f.v[2] >> 26) | (f.v[3] << 25));
  Store64(&out[24], (f.v[3] >> 39) | (f.v[4] << 12));
  return out;
}

Fe Add(const Fe& f, const Fe& g) {
  Fe h;
  for (int i = 0; i < 5; ++i) h.v[i] = f.v[i] + g.v[i];
  Carry(h);
  return h;
}

// f - g computed as f + 2p - g so that no limb goes negative.
Fe Sub(const Fe& f, const Fe& g) {
  constexpr uint64_t kTwoP0 = 2 * ((uint64_t{1} << 51) - 19);
  constexpr uint64_t kTwoPi = 2 * kMask51;
  Fe h;
  h.v[0] = f.v[0] + kTwoP0 - g.v[0];
  for (int i = 1; i < 5; ++i) h.v[i] = f.v[i] + kTwoPi - g.v[i];
  Carry(h);
  return h;
}

Fe Mul(const Fe& f, const Fe& g) {
  const uint64_t* a = f.v;
  const uint64_t* b = g.v;
  // Limb products landing at 2^(51*k) for k >= 5 are multiplied by 19 and moved to k - 5.
  uint64_t b19[5];
  for (int i = 0; i < 5; ++i) b19[i] = 19 * b[i];
  u128 r[5];
  for (int k = 0; k < 5; ++k) {
    u128 sum = 0;
    for (int i = 0; i < 5; ++i) {
      int j = k - i;
      sum += j >= 0 ? static_cast<u128>(a[i]) * b[j] : static_cast<u128>(a[i]) * b19[j + 5];
    }
    r[k] = sum;
  }
  Fe h;
  for (int k = 0; k < 4; ++k) {
    r[k + 1] += r[k] >> 51;
    h.v[k] = static_cast<uint64_t>(r[k]) & kMask51;
  }
  h.v[4] = static_cast<uint64_t>(r[4]) & kMask51;
  h.v[0] += 19 * static_cast<uint64_t>(r[4] >> 51);
  h.v[1] += h.v[0] >> 51;
  h.v[0] &= kMask51;
  return h;
}

Fe Square(const Fe& f) { return Mul(f, f); }

// z^(p-2) = z^-1 (Fermat). The exponent is public, so plain square-and-multiply is fine.
Fe Invert(const Fe& z) {
  X25519Key exponent;  // p - 2 = 2^255 - 21, little endian
  exponent.fill(0xff);
  exponent[0] = 0xeb;
  exponent[31] = 0x7f;
  Fe r{{1, 0, 0, 0, 0}};
  for (int bit = 254; bit >= 0; --bit) {
    r = Square(r);
    if ((exponent[bit / 8] >> (bit % 8)) & 1) r = Mul(r, z);
  }
  return r;
}

// Swaps f and g when swap is 1, without a branch on it.
void CondSwap(Fe& f, Fe& g, uint64_t swap) {
  uint64_t mask = 0 - swap;
  for (int i = 0; i < 5; ++i) {
    uint64_t t = mask & (f.v[i] ^ g.v[i]);
    f.v[i] ^= t;
    g.v[i] ^= t;
  }
}

constexpr char kBase64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

void ClampX25519Scalar(X25519Key& scalar) {
  scalar[0] &= 248;
  scalar[31] &= 127;
  scalar[31] |= 64;
}

X25519Key X25519(const X25519Key& scalar, const X25519Key& u) {
  X25519Key k = scalar;
  ClampX25519Scalar(k);
  const Fe x1 = FromBytes(u);
  const Fe a24{{121665, 0, 0, 0, 0}};
  Fe x2{{1, 0, 0, 0, 0}}, z2{{0, 0, 0, 0, 0}}, x3 = x1, z3{{1, 0, 0, 0, 0}};
  uint64_t swap = 0;
  for (int t = 254; t >= 0; --t) {
    uint64_t kt = (k[t / 8] >> (t % 8)) & 1;
    swap ^= kt;
    CondSwap(x2, x3, swap);
    CondSwap(z2, z3, swap);
    swap = kt;
    Fe a = Add(x2, z2), aa = Square(a);
    Fe b = Sub(x2, z2), bb = Square(b);
    Fe e = Sub(aa, bb);
    Fe c = Add(x3, z3), d = Sub(x3, z3);
    Fe da = Mul(d, a), cb = Mul(c, b);
    x3 = Square(Add(da, cb));
    z3 = Mul(x1, Square(Sub(da, cb)));
    x2 = Mul(aa, bb);
    z2 = Mul(e, Add(aa, Mul(a24, e)));
  }
  CondSwap(x2, x3, swap);
  CondSwap(z2, z3, swap);
  return ToBytes(Mul(x2, Invert(z2)));
}

X25519Key X25519Base(const X25519Key& scalar) {
  X25519Key nine{};
  nine[0] = 9;
  return X25519(scalar, nine);
}

std::string KeyToBase64(const X25519Key& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); i += 3) {
    uint32_t n = uint32_t{key[i]} << 16;
    if (i + 1 < key.size()) n |= uint32_t{key[i + 1]} << 8;
    if (i + 2 < key.size()) n |= key[i + 2];
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += i + 1 < key.size() ? kBase64[(n >> 6) & 63] : '=';
    out += i + 2 < key.size() ? kBase64[n & 63] : '=';
  }
  return out;
}

std::optional<X25519Key> KeyFromBase64(std::string_view text) {
  if (text.size() != 44 || text[43] != '=') return std::nullopt;
  X25519Key key{};
  uint32_t acc = 0;
  int bits = 0;
  size_t out = 0;
  for (size_t i = 0; i < 43; ++i) {
    int v = Base64Value(text[i]);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (out < key.size()) key[out++] = static_cast<uint8_t>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (out != key.size() || acc != 0) return std::nullopt;  // 2 leftover bits must be zero
  return key;
}

std::string KeyToHex(const X25519Key& key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : key) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace mtulab
