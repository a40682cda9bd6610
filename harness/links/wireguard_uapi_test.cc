// The UAPI request text, reply parsing and config validation (no process, no root).
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "harness/links/wireguard_internal.h"

namespace mtulab::wg {
namespace {

// RFC 7748 §6.1 Alice (private) and Bob (public).
constexpr char kPrivate[] = "dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo=";
constexpr char kPeer[] = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=";

WgConfig Sample() {
  WgConfig c;
  c.ifname = "wg0";
  c.private_key = kPrivate;
  c.listen_port = 51820;
  c.peers.push_back(WgPeerConfig{kPeer, "10.99.0.2:51820", {"10.200.0.0/24", "fd00:200::/64"},
                                 uint16_t{25}});
  return c;
}

TEST(UapiTest, SetRequestHasHexKeysAndEndsWithAnEmptyLine) {
  EXPECT_EQ(UapiSetRequest(Sample()),
            "set=1\n"
            "private_key=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a\n"
            "listen_port=51820\n"
            "replace_peers=true\n"
            "public_key=de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f\n"
            "endpoint=10.99.0.2:51820\n"
            "replace_allowed_ips=true\n"
            "allowed_ip=10.200.0.0/24\n"
            "allowed_ip=fd00:200::/64\n"
            "persistent_keepalive_interval=25\n"
            "\n");
}

TEST(UapiTest, ErrnoOfCompleteReplies) {
  EXPECT_EQ(UapiErrno("errno=0\n\n"), 0);
  EXPECT_EQ(UapiErrno("private_key=00\nerrno=-22\n\n"), -22);
  EXPECT_EQ(UapiErrno("errno=0\n"), std::nullopt);
  EXPECT_EQ(UapiErrno("\n\n"), std::nullopt);
  EXPECT_EQ(UapiErrno("xerrno=0\n\n"), std::nullopt);
  EXPECT_EQ(UapiErrno("errno=\n\n"), std::nullopt);
}

TEST(WgValidateTest, AcceptsTheSample) { EXPECT_NO_THROW(Validate(Sample())); }

TEST(WgValidateTest, NamesTheProblemButNeverTheKey) {
  WgConfig c = Sample();
  c.private_key = std::string(kPrivate).substr(0, 40) + "!!!=";
  try {
    Validate(c);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "WireGuard interface 'wg0': private key is not a base64 32-byte key");
  }
  c = Sample();
  c.ifname = "a-name-longer-than-15";
  EXPECT_THROW(Validate(c), std::invalid_argument);
  c = Sample();
  c.peers[0].endpoint = "10.0.0.1:1\nprivate_key=00";
  EXPECT_THROW(Validate(c), std::invalid_argument);
  c = Sample();
  c.peers[0].public_key = "short";
  EXPECT_THROW(Validate(c), std::invalid_argument);
}

}  // namespace
}  // namespace mtulab::wg
