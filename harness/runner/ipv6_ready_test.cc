#include "harness/runner/ipv6_ready.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

constexpr char kIgmp6[] =
    "1    lo              ff020000000000000000000000000001     1 0000000C 0\n"
    "3    va              ff0200000000000000000001ff8bae0a     1 00000004 0\n"
    "3    va              ff0200000000000000000001ff000001     1 00000004 0\n";

TEST(Ipv6ReadyTest, SolicitedNodeGroupTakesTheLow24Bits) {
  EXPECT_EQ(SolicitedNodeGroupHex("fd00::1"), "ff0200000000000000000001ff000001");
  EXPECT_EQ(SolicitedNodeGroupHex("fd00:20::ab:cdef"), "ff0200000000000000000001ffabcdef");
  EXPECT_EQ(SolicitedNodeGroupHex("10.0.0.1"), "");
}

TEST(Ipv6ReadyTest, ReportsAddressesWhoseGroupIsNotJoinedOnThatInterface) {
  EXPECT_TRUE(MissingSolicitedNodeGroups(kIgmp6, {{"va", {"fd00::1"}}}).empty());
  EXPECT_EQ(MissingSolicitedNodeGroups(kIgmp6, {{"va", {"fd00::1", "fd00::2"}}}),
            std::vector<std::string>{"va fd00::2"});
  EXPECT_EQ(MissingSolicitedNodeGroups(kIgmp6, {{"vb", {"fd00::1"}}}),
            std::vector<std::string>{"vb fd00::1"});
}

}  // namespace
}  // namespace mtulab
