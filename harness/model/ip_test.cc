#include "harness/model/ip.h"

#include <gtest/gtest.h>

#include <set>

namespace mtulab {
namespace {

TEST(IpTest, AddressesRoundTripInCanonicalForm) {
  for (const char* text : {"10.0.0.1", "0.0.0.0", "255.255.255.255", "fd00:10::10", "::", "fe80::1",
                           "::ffff:10.0.0.1", "2001:db8::ff00:42:8329"}) {
    std::optional<IpAddr> ip = ParseIp(text);
    ASSERT_TRUE(ip) << text;
    EXPECT_EQ(IpToString(*ip), text);
    EXPECT_EQ(ParseIp(IpToString(*ip)), ip) << text;
  }
  EXPECT_EQ(IpToString(*ParseIp("FD00:0010:0000::0010")), "fd00:10::10");
}

TEST(IpTest, FamilyAndNetworkOrderBytes) {
  IpAddr v4 = *ParseIp("10.1.2.3");
  EXPECT_EQ(v4.family, Family::kIpv4);
  EXPECT_EQ(v4.bytes[0], 10);
  EXPECT_EQ(v4.bytes[3], 3);
  EXPECT_EQ(v4.bytes[4], 0);
  IpAddr v6 = *ParseIp("fd00::1");
  EXPECT_EQ(v6.family, Family::kIpv6);
  EXPECT_EQ(v6.bytes[0], 0xfd);
  EXPECT_EQ(v6.bytes[15], 1);
}

TEST(IpTest, V4MappedV6StaysIpv6AndDiffersFromTheV4Address) {
  IpAddr mapped = *ParseIp("::ffff:10.0.0.1");
  EXPECT_EQ(mapped.family, Family::kIpv6);
  EXPECT_NE(mapped, *ParseIp("10.0.0.1"));
  EXPECT_EQ(mapped, *ParseIp("::ffff:a00:1"));
  EXPECT_FALSE(InPrefix(*ParseIp("10.0.0.1"), Prefix{mapped, 96}));
}

TEST(IpTest, RejectsWhatIsNoBareAddress) {
  for (const char* text :
       {"", "10.0.0", "10.0.0.256", "10.0.0.1/24", " 10.0.0.1", "10.0.0.1 ", "fd00::1::2",
        "fe80::1%eth0", "fe80::1%1", "[fd00::1]", "host", "010.0.0.1", "10.0.0.1:80"}) {
    EXPECT_FALSE(ParseIp(text)) << text;
  }
}

TEST(IpTest, OrderIsByFamilyThenBytes) {
  std::set<IpAddr> ordered = {*ParseIp("fd00::1"), *ParseIp("10.0.0.2"), *ParseIp("10.0.0.1"),
                              *ParseIp("::1")};
  std::vector<std::string> texts;
  for (const IpAddr& ip : ordered) texts.push_back(IpToString(ip));
  EXPECT_EQ(texts, (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "::1", "fd00::1"}));
}

TEST(IpTest, PrefixesRoundTripAndKeepHostBits) {
  std::string error;
  std::optional<Prefix> p = ParsePrefix("10.10.10.10/24", Family::kIpv4, error);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->len, 24);
  EXPECT_EQ(PrefixToString(*p), "10.10.10.10/24");
  EXPECT_EQ(PrefixToString(NetworkOf(*p)), "10.10.10.0/24");
  EXPECT_TRUE(InPrefix(*ParseIp("10.10.10.200"), *p));
  EXPECT_FALSE(InPrefix(*ParseIp("10.10.11.1"), *p));
  std::optional<Prefix> v6 = ParsePrefix("fd00:10::10/64", Family::kIpv6, error);
  ASSERT_TRUE(v6);
  EXPECT_EQ(PrefixToString(NetworkOf(*v6)), "fd00:10::/64");
  EXPECT_EQ(PrefixToString(*ParsePrefix("0.0.0.0/0", Family::kIpv4, error)), "0.0.0.0/0");
  EXPECT_EQ(PrefixToString(*ParsePrefix("fd00::1/128", Family::kIpv6, error)), "fd00::1/128");
}

TEST(IpTest, InvalidPrefixesSayWhy) {
  std::string error;
  EXPECT_FALSE(ParsePrefix("10.0.0.1", Family::kIpv4, error));
  EXPECT_EQ(error, " is not an IPv4 address with prefix length");
  EXPECT_FALSE(ParsePrefix("fd00::1/64", Family::kIpv4, error));
  EXPECT_EQ(error, " is not an IPv4 address with prefix length");
  EXPECT_FALSE(ParsePrefix("10.0.0.1/24", Family::kIpv6, error));
  EXPECT_EQ(error, " is not an IPv6 address with prefix length");
  EXPECT_FALSE(ParsePrefix("10.0.0.1/33", Family::kIpv4, error));
  EXPECT_EQ(error, ": prefix length 33 is out of range 0..32");
  EXPECT_FALSE(ParsePrefix("fd00::1/129", Family::kIpv6, error));
  EXPECT_EQ(error, ": prefix length 129 is out of range 0..128");
  for (const char* text : {"10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/+8", "10.0.0.1/2 4", "/24"}) {
    EXPECT_FALSE(ParsePrefix(text, Family::kIpv4, error)) << text;
  }
  EXPECT_FALSE(ParsePrefix("fe80::1%eth0/64", Family::kIpv6, error));
}

TEST(IpTest, SocketAddressesRoundTripWithBracketsForIpv6) {
  std::optional<SocketAddr> v4 = ParseSocketAddr("10.0.0.2:51820");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->port, 51820);
  EXPECT_EQ(SocketAddrToString(*v4), "10.0.0.2:51820");
  std::optional<SocketAddr> v6 = ParseSocketAddr("[fd00::2]:51820");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->ip, *ParseIp("fd00::2"));
  EXPECT_EQ(SocketAddrToString(*v6), "[fd00::2]:51820");
  EXPECT_EQ(ParseSocketAddr("fd00::2:51820")->ip, *ParseIp("fd00::2"));  // brackets optional
  EXPECT_EQ(SocketAddrToString(*ParseSocketAddr("[::ffff:10.0.0.1]:1")), "[::ffff:10.0.0.1]:1");
}

TEST(IpTest, InvalidSocketAddresses) {
  for (const char* text :
       {"", "10.0.0.2", "10.0.0.2:", "10.0.0.2:0", "10.0.0.2:65536", "10.0.0.2:-1", "host:80",
        "[fd00::2]", "[fd00::2]:x", "[fe80::1%eth0]:51820", "10.0.0.2:80\n"}) {
    EXPECT_FALSE(ParseSocketAddr(text)) << text;
  }
  EXPECT_EQ(ParseSocketAddr("10.0.0.2:65535")->port, 65535);
}

TEST(IpTest, LinkLocalMulticastAndUnusable) {
  EXPECT_TRUE(IsLinkLocal(*ParseIp("fe80::1")));
  EXPECT_TRUE(IsLinkLocal(*ParseIp("febf::1")));
  EXPECT_FALSE(IsLinkLocal(*ParseIp("fec0::1")));
  EXPECT_FALSE(IsLinkLocal(*ParseIp("169.254.0.1")));
  EXPECT_TRUE(IsMulticast(*ParseIp("239.1.1.1")));
  EXPECT_TRUE(IsMulticast(*ParseIp("ff02::1")));
  EXPECT_FALSE(IsMulticast(*ParseIp("240.0.0.1")));
  EXPECT_EQ(UnusableAddress(*ParseIp("0.0.0.0")), "is the unspecified address");
  EXPECT_EQ(UnusableAddress(*ParseIp("::")), "is the unspecified address");
  EXPECT_EQ(UnusableAddress(*ParseIp("::1")), "is the loopback address");
  EXPECT_EQ(UnusableAddress(*ParseIp("255.255.255.255")), "is the limited broadcast address");
  EXPECT_EQ(UnusableAddress(*ParseIp("224.0.0.1")), "is a multicast address");
  EXPECT_EQ(UnusableAddress(*ParseIp("ff02::1")), "is a multicast address");
  EXPECT_EQ(UnusableAddress(*ParseIp("10.0.0.1")), std::nullopt);
  EXPECT_EQ(UnusableAddress(*ParseIp("::ffff:0.0.0.0")), std::nullopt);
}

}  // namespace
}  // namespace mtulab
