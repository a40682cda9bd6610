// The loader parses addresses, prefixes, endpoints and targets once and stores them typed
// (harness/model/ip.h); the plan, runner and probes read the typed values.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/model/step.h"

namespace mtulab {
namespace {

class TypedValuesTest : public TempDirTest {
 protected:
  Topology Load(const std::string& body) {
    return LoadTopology(Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n"));
  }
  std::vector<std::string> ErrorsOf(const std::string& body) {
    std::string path = Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n");
    return Errors([&] { LoadTopology(path); });
  }
};

const char* kTwoNodes =
    "  <node name=\"a\"/>\n  <node name=\"b\"/>\n"
    "  <link><end node=\"a\" name=\"u0\" ipv4=\"10.0.0.1/24\" ipv6=\"FD00:0:0::1/64\"/>\n"
    "    <end node=\"b\" name=\"u0\" ipv4=\"10.0.0.2/24\" ipv6=\"::ffff:10.9.9.9/96\"/></link>\n";

TEST_F(TypedValuesTest, AddressesAreParsedOnceWithTheirHostBitsAndAsWrittenText) {
  Topology t = Load(kTwoNodes);
  const Address& v4 = t.FindEndpoint("a", "u0")->addresses.at(0);
  EXPECT_EQ(v4.text, "10.0.0.1/24");
  EXPECT_EQ(PrefixToString(v4.prefix), "10.0.0.1/24");
  EXPECT_EQ(v4.Ip(), *ParseIp("10.0.0.1"));
  const Address& v6 = t.FindEndpoint("a", "u0")->addresses.at(1);
  EXPECT_EQ(v6.text, "FD00:0:0::1/64");  // as written, for messages
  EXPECT_EQ(PrefixToString(v6.prefix), "fd00::1/64");
  EXPECT_EQ(v6.family, Family::kIpv6);
  const Address& mapped = t.FindEndpoint("b", "u0")->addresses.at(1);
  EXPECT_EQ(mapped.family, Family::kIpv6);
  EXPECT_EQ(IpToString(mapped.Ip()), "::ffff:10.9.9.9");
}

TEST_F(TypedValuesTest, AddressConstructorParsesOrThrows) {
  Address a(Family::kIpv6, "fd00::10/64");
  EXPECT_EQ(a.prefix.len, 64);
  EXPECT_EQ(a.Ip(), *ParseIp("fd00::10"));
  EXPECT_THROW(Address(Family::kIpv4, "fd00::10/64"), std::invalid_argument);
  EXPECT_THROW(Address(Family::kIpv4, "10.0.0.1"), std::invalid_argument);
  EXPECT_THROW(Address(Family::kIpv4, "10.0.0.1/33"), std::invalid_argument);
}

TEST_F(TypedValuesTest, WireguardPeersCarryTypedEndpointAndAllowedPrefixes) {
  Topology t = Load(std::string(kTwoNodes) +
                    "  <link kind=\"wireguard\" node=\"a\" name=\"wg0\">\n"
                    "    <peer node=\"b\" dev=\"wg0\" endpoint=\"[fd00::2]:51820\"\n"
                    "          allowed_ips=\"10.200.0.0/24 fd00:200::/64\"/></link>\n"
                    "  <link kind=\"wireguard\" node=\"b\" name=\"wg0\">\n"
                    "    <peer node=\"a\" dev=\"wg0\" endpoint=\"10.0.0.1:51820\"/></link>\n");
  const WgPeer& p = t.devices.at(0).peers.at(0);
  ASSERT_TRUE(p.endpoint_addr);
  EXPECT_EQ(SocketAddrToString(*p.endpoint_addr), "[fd00::2]:51820");
  ASSERT_EQ(p.allowed.size(), 2u);
  EXPECT_EQ(PrefixToString(p.allowed[0]), "10.200.0.0/24");
  EXPECT_EQ(PrefixToString(p.allowed[1]), "fd00:200::/64");
  EXPECT_EQ(p.allowed_ips, (std::vector<std::string>{"10.200.0.0/24", "fd00:200::/64"}));
  EXPECT_EQ(t.devices.at(1).peers.at(0).endpoint_addr->port, 51820);
  EXPECT_TRUE(t.devices.at(1).peers.at(0).allowed.empty());
}

TEST_F(TypedValuesTest, BadAllowedIpsAndEndpointsAreStillReportedWhereWritten) {
  const std::string wg =
      "  <link kind=\"wireguard\" node=\"a\" name=\"wg0\">\n"
      "    <peer public_key=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\" ";
  std::vector<std::string> errors =
      ErrorsOf(kTwoNodes + wg + "allowed_ips=\"10.1.0.0/33\"/></link>\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find(":7:69: wireguard 'wg0': allowed_ips entry '10.1.0.0/33' is not "
                           "ADDR/LEN"),
            std::string::npos)
      << errors[0];
  errors = ErrorsOf(kTwoNodes + wg + "endpoint=\"[fe80::1%u0]:1\"/></link>\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find(":7:5: wireguard 'wg0' on node 'a': peer endpoint '[fe80::1%u0]:1' "
                           "is not ADDR:PORT"),
            std::string::npos)
      << errors[0];
}

TEST_F(TypedValuesTest, TargetsKeepTheirTextAndCarryTheLiteralAddress) {
  Target literal("fd00::1");
  EXPECT_EQ(literal.text, "fd00::1");
  EXPECT_EQ(literal.ip, ParseIp("fd00::1"));
  EXPECT_FALSE(literal.node);
  Target named("h1:eth0", "h1", "eth0");
  EXPECT_FALSE(named.ip);
  EXPECT_EQ(named.node, "h1");
  EXPECT_EQ(named.ifname, "eth0");
  EXPECT_FALSE(Target("nowhere").ip);
  EXPECT_FALSE(Target("fe80::1%eth0").ip);
}

TEST_F(TypedValuesTest, APortBelongsToOneBridgeOnly) {
  std::vector<std::string> errors = ErrorsOf(
      "  <node name=\"a\"/>\n"
      "  <link kind=\"dummy\" node=\"a\" name=\"d0\"/>\n"
      "  <link kind=\"bridge\" node=\"a\" name=\"br0\" ports=\"d0\"/>\n"
      "  <link kind=\"bridge\" node=\"a\" name=\"br1\" ports=\"d0\"/>\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find(":5:3: bridge 'br1' on node 'a': port 'd0' is already in another "
                           "bridge"),
            std::string::npos)
      << errors[0];
}

}  // namespace
}  // namespace mtulab
