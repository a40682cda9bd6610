// X25519 (libsodium) against RFC 7748 (§5.2 scalar multiplication, §6.1 Diffie-Hellman), the base64
// key form, and `wg pubkey` when wireguard-tools happens to be installed.
#include "harness/links/x25519.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "harness/links/wireguard.h"

namespace mtulab {
namespace {

X25519Key FromHex(const std::string& hex) {
  X25519Key k{};
  for (size_t i = 0; i < k.size(); ++i) {
    k[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  }
  return k;
}

// RFC 7748 §6.1.
constexpr char kAlicePrivate[] =
    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
constexpr char kAlicePublic[] =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
constexpr char kBobPrivate[] =
    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
constexpr char kBobPublic[] =
    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
constexpr char kShared[] = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

TEST(X25519Test, Rfc7748Section52FirstVector) {
  X25519Key k = FromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  X25519Key u = FromHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
  EXPECT_EQ(KeyToHex(X25519(k, u)),
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
}

TEST(X25519Test, Rfc7748Section52SecondVectorIgnoresTheTopBitOfU) {
  X25519Key k = FromHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
  X25519Key u = FromHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
  EXPECT_EQ(KeyToHex(X25519(k, u)),
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  u[31] ^= 0x80;  // this u has the top bit set; clearing it must not change the result
  EXPECT_EQ(KeyToHex(X25519(k, u)),
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

TEST(X25519Test, Rfc7748Section52IteratedOnceAndAThousandTimes) {
  X25519Key k{}, u{};
  k[0] = u[0] = 9;
  for (int i = 1; i <= 1000; ++i) {
    X25519Key next = X25519(k, u);
    u = k;
    k = next;
    if (i == 1) {
      EXPECT_EQ(KeyToHex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(KeyToHex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

TEST(X25519Test, Rfc7748Section61DiffieHellman) {
  X25519Key alice = FromHex(kAlicePrivate), bob = FromHex(kBobPrivate);
  EXPECT_EQ(KeyToHex(X25519Base(alice)), kAlicePublic);
  EXPECT_EQ(KeyToHex(X25519Base(bob)), kBobPublic);
  EXPECT_EQ(KeyToHex(X25519(alice, FromHex(kBobPublic))), kShared);
  EXPECT_EQ(KeyToHex(X25519(bob, FromHex(kAlicePublic))), kShared);
}

TEST(X25519Test, SmallOrderPointGivesAllZeros) {
  X25519Key k = FromHex(kAlicePrivate), zero{}, one{};
  one[0] = 1;
  EXPECT_EQ(X25519(k, zero), zero);
  EXPECT_EQ(X25519(k, one), zero);
  EXPECT_NE(X25519Base(k), zero);
}

TEST(X25519Test, ClampClearsLowBitsAndTopBitAndSetsBit254) {
  X25519Key k;
  k.fill(0xff);
  ClampX25519Scalar(k);
  EXPECT_EQ(k[0], 0xf8);
  EXPECT_EQ(k[31], 0x7f);
  k.fill(0);
  ClampX25519Scalar(k);
  EXPECT_EQ(k[0], 0);
  EXPECT_EQ(k[31], 0x40);
}

TEST(KeyBase64Test, RoundTripsAndMatchesTheStandardEncoding) {
  X25519Key alice = FromHex(kAlicePrivate);
  std::string text = KeyToBase64(alice);
  EXPECT_EQ(text, "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=");
  auto back = KeyFromBase64(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, alice);
  X25519Key all{};
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i * 37 + 250);
  EXPECT_EQ(KeyFromBase64(KeyToBase64(all)), all);
}

TEST(KeyBase64Test, RejectsWrongLengthAlphabetPaddingAndLeftoverBits) {
  std::string good = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
  EXPECT_FALSE(KeyFromBase64(good.substr(0, 43)));
  EXPECT_FALSE(KeyFromBase64(good + "="));
  EXPECT_FALSE(KeyFromBase64(""));
  std::string bad = good;
  bad[5] = '*';
  EXPECT_FALSE(KeyFromBase64(bad));
  bad = good;
  bad[43] = 'A';
  EXPECT_FALSE(KeyFromBase64(bad));
  bad = good;
  bad[42] = 'p';  // 'o' = 40 -> 'p' = 41: sets one of the two unused low bits
  EXPECT_FALSE(KeyFromBase64(bad));
}

TEST(WgKeyTest, PublicKeyOfTheRfcPrivateKey) {
  EXPECT_EQ(WgPublicKey(KeyToBase64(FromHex(kAlicePrivate))),
            KeyToBase64(FromHex(kAlicePublic)));
  EXPECT_THROW(WgPublicKey("not a key"), std::invalid_argument);
}

TEST(WgKeyTest, GeneratedKeysAreClampedAndFresh) {
  WgKey a = GenerateWgPrivateKey(), b = GenerateWgPrivateKey();
  EXPECT_NE(a, b);
  auto raw = KeyFromBase64(a);
  ASSERT_TRUE(raw.has_value()) << a;
  X25519Key clamped = *raw;
  ClampX25519Scalar(clamped);
  EXPECT_EQ(clamped, *raw);
}

std::string Capture(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

TEST(WgKeyTest, AgreesWithWgPubkeyWhenInstalled) {
  if (std::system("command -v wg >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "wg (wireguard-tools) is not installed";
  }
  for (int i = 0; i < 4; ++i) {
    WgKey priv = GenerateWgPrivateKey();
    EXPECT_EQ(WgPublicKey(priv), Capture("echo '" + priv + "' | wg pubkey"));
  }
}

}  // namespace
}  // namespace mtulab
