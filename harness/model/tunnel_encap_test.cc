// FOU / GUE attributes of ipip, sit and ip6tnl: their checks and the bytes they add.
#include "harness/model/tunnel_encap.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

using Params = std::map<std::string, std::string>;

TEST(TunnelEncapTest, BytesOnTopOfTheTunnelsOwnHeader) {
  EXPECT_EQ(TunnelEncapBytes(TunnelEncapOf({})), 0u);
  EXPECT_EQ(TunnelEncapBytes(TunnelEncapOf({{"encap", "fou"}})), 8u);
  EXPECT_EQ(TunnelEncapBytes(TunnelEncapOf({{"encap", "gue"}})), 12u);
  EXPECT_STREQ(TunnelEncapName(TunnelEncap::kGue), "gue");
}

TEST(TunnelEncapTest, EncapNeedsADestinationPortAndThePortsNeedEncap) {
  EXPECT_TRUE(CheckTunnelEncap({{"encap", "fou"}, {"encap_dport", "5556"}}).empty());
  EXPECT_EQ(CheckTunnelEncap({{"encap", "gue"}}),
            std::vector<std::string>{"encap needs encap_dport"});
  EXPECT_EQ(CheckTunnelEncap({{"fou_port", "5555"}, {"encap_sport", "1"}}),
            (std::vector<std::string>{"encap_sport needs encap (fou or gue)",
                                      "fou_port needs encap (fou or gue)"}));
}

TEST(TunnelEncapTest, AFouReceivePortNeedsOneInnerProtocol) {
  Params any = {{"encap", "fou"}, {"encap_dport", "1"}, {"fou_port", "2"}, {"mode", "any"}};
  ASSERT_EQ(CheckTunnelEncap(any).size(), 1u);
  EXPECT_NE(CheckTunnelEncap(any)[0].find("one inner protocol"), std::string::npos);
  any["encap"] = "gue";  // GUE's header names the protocol
  EXPECT_TRUE(CheckTunnelEncap(any).empty());
  any["encap"] = "fou";
  any.erase("fou_port");  // sending only: no receive port to configure
  EXPECT_TRUE(CheckTunnelEncap(any).empty());
}

TEST(TunnelEncapTest, IpTunnelRowsTakeTheAttributesAndCheckThem) {
  for (const char* kind : {"ipip", "sit", "ip6tnl"}) {
    SCOPED_TRACE(kind);
    const KindSchema* row = FindKindSchema(kind);
    ASSERT_NE(row, nullptr);
    for (const char* p : {"encap", "encap_sport", "encap_dport", "fou_port"}) {
      EXPECT_NE(FindParam(*row, p), nullptr) << p;
    }
    ASSERT_NE(row->check, nullptr);
    EXPECT_EQ(row->check({{"encap", "fou"}}), std::vector<std::string>{"encap needs encap_dport"});
  }
  EXPECT_EQ(FindParam(*FindKindSchema("gre"), "encap"), nullptr);  // not (yet) for gre
}

}  // namespace
}  // namespace mtulab
