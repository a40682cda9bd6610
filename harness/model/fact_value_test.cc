#include "harness/model/fact_value.h"

#include <gtest/gtest.h>

#include "harness/model/facts.h"
#include "harness/model/suite.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

TEST(FactValueTest, ParsesEachType) {
  EXPECT_EQ(ParseFactValue(FactType::kInteger, "01500"), FactValue(int64_t{1500}));
  EXPECT_EQ(ParseFactValue(FactType::kInteger, "abc"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kInteger, " 1"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kBool, "true"), FactValue(true));
  EXPECT_EQ(ParseFactValue(FactType::kBool, "false"), FactValue(false));
  EXPECT_EQ(ParseFactValue(FactType::kBool, "1"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kAddress, "fd00:0::1"),
            ParseFactValue(FactType::kAddress, "fd00::1"));
  EXPECT_NE(ParseFactValue(FactType::kAddress, "fd00::2"),
            ParseFactValue(FactType::kAddress, "fd00::1"));
  EXPECT_EQ(ParseFactValue(FactType::kAddress, "10.0.0.300"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kText, "1500"), FactValue(std::string("1500")));
}

TEST(FactValueTest, TextOfEachType) {
  EXPECT_EQ(FactValueText(int64_t{-3}), "-3");
  EXPECT_EQ(FactValueText(true), "true");
  EXPECT_EQ(FactValueText(*ParseFactValue(FactType::kAddress, "fd00:0::1")), "fd00::1");
  EXPECT_EQ(FactValueText(std::string("reply")), "reply");
}

TEST(FactValueTest, InferTakesIntegersElseText) {
  EXPECT_EQ(InferFactValue("-0"), FactValue(int64_t{0}));
  EXPECT_EQ(InferFactValue("1.0"), FactValue(std::string("1.0")));
}

TEST(FactValueTest, FactsKeepTypedValueAndText) {
  Facts f;
  f.Set("ping.mtu", 1500);
  f.Set("route.pmtu", uint32_t{1400});
  f.SetBool("route.locked", true);
  f.Set("ping.result", "reply");
  f.Set("ping.target", std::string("fd00:0::1"));
  EXPECT_EQ(*f.Value("ping.mtu"), FactValue(int64_t{1500}));
  EXPECT_EQ(*f.Value("route.pmtu"), FactValue(int64_t{1400}));
  EXPECT_EQ(*f.Value("route.locked"), FactValue(true));
  EXPECT_EQ(f.Get("route.locked"), "true");
  EXPECT_EQ(f.Value("nope"), nullptr);
  // An address set as text is parsed once when conformed to its declared type; its text
  // stays as the probe wrote it.
  EXPECT_EQ(f.Conform("ping.target", FactType::kAddress), "");
  EXPECT_EQ(*f.Value("ping.target"), *ParseFactValue(FactType::kAddress, "fd00::1"));
  EXPECT_EQ(f.Get("ping.target"), "fd00:0::1");
  EXPECT_EQ(f.Conform("ping.result", FactType::kText), "");
  EXPECT_EQ(f.Conform("ping.mtu", FactType::kInteger), "");
  EXPECT_EQ(f.Conform("route.locked", FactType::kBool), "");
}

TEST(FactValueTest, ConformRefusesAValueOfAnotherType) {
  Facts f;
  f.Set("ping.mtu", "1500");  // a number set as text: a programming error in the probe
  f.Set("route.locked", "true");
  f.Set("ping.target", 7);
  EXPECT_NE(f.Conform("ping.mtu", FactType::kInteger), "");
  EXPECT_NE(f.Conform("route.locked", FactType::kBool), "");
  EXPECT_NE(f.Conform("ping.target", FactType::kAddress), "");
}

TEST(FactValueTest, TypeExpectationParsesOnceOrSaysWhy) {
  Expectation x;
  x.fact = "ping.mtu";
  x.values = {"abc"};
  EXPECT_EQ(TypeExpectation(x, FactType::kInteger),
            "equals=\"abc\" is not an integer (ping.mtu is an integer)");
  EXPECT_TRUE(x.typed.empty());
  x.op = Expectation::Op::kOneOf;
  x.values = {"1500", "9000"};
  EXPECT_EQ(TypeExpectation(x, FactType::kInteger), "");
  EXPECT_EQ(x.typed, (std::vector<FactValue>{int64_t{1500}, int64_t{9000}}));
  x.op = Expectation::Op::kAtLeast;  // numeric whatever the fact's type
  x.values = {"5"};
  EXPECT_EQ(TypeExpectation(x, FactType::kText), "");
  EXPECT_EQ(x.typed, std::vector<FactValue>{int64_t{5}});
}

// One parser of ADDR:PORT for the loader, the plan and the kernel's WireGuard backend.
TEST(SocketAddrTest, ParsesBothFamiliesAndRejectsBadPorts) {
  std::optional<SocketAddr> v4 = ParseSocketAddr("172.16.0.2:51820");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->ip, *ParseIp("172.16.0.2"));
  EXPECT_EQ(v4->port, 51820);
  std::optional<SocketAddr> v6 = ParseSocketAddr("[fd00:16::1]:51821");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->ip, *ParseIp("fd00:16::1"));
  EXPECT_EQ(v6->port, 51821);
  for (const char* bad : {"172.16.0.2", "172.16.0.2:", "172.16.0.2:0", "172.16.0.2:65536",
                          "172.16.0.2:+5", "host:51820", "[fd00::1]:x", ":51820"}) {
    EXPECT_FALSE(ParseSocketAddr(bad)) << bad;
  }
}

TEST(FactValueTest, ListsParseElementByElement) {
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, "1500, 01500,548"),
            FactValue(IntegerList{1500, 1500, 548}));
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, ""), FactValue(IntegerList{}));
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, " "), FactValue(IntegerList{}));
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, "1500,,548"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, "1500,"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kIntegerList, "1500,big"), std::nullopt);
  EXPECT_EQ(ParseFactValue(FactType::kTextList, "reply, timeout"),
            FactValue(TextList{"reply", "timeout"}));
  EXPECT_EQ(ParseFactValue(FactType::kTextList, "reply,"), std::nullopt);
  EXPECT_EQ(FactValueText(IntegerList{1500, -1}), "1500,-1");
  EXPECT_EQ(FactValueText(TextList{"reply", "timeout"}), "reply,timeout");
  EXPECT_EQ(FactValueText(IntegerList{}), "");
  EXPECT_TRUE(IsListType(FactType::kTextList));
  EXPECT_FALSE(IsListType(FactType::kText));
  EXPECT_EQ(ElementType(FactType::kIntegerList), FactType::kInteger);
  EXPECT_EQ(ElementType(FactType::kAddress), FactType::kAddress);
}

TEST(FactValueTest, FactsKeepListsAndConformThem) {
  Facts f;
  f.SetList("capture.ip_lengths", IntegerList{1500, 548});
  f.SetList("ping.results", TextList{"timeout", "reply"});
  EXPECT_EQ(f.Get("capture.ip_lengths"), "1500,548");
  EXPECT_EQ(f.Get("ping.results"), "timeout,reply");
  EXPECT_EQ(f.Conform("capture.ip_lengths", FactType::kIntegerList), "");
  EXPECT_EQ(f.Conform("ping.results", FactType::kTextList), "");
  EXPECT_NE(f.Conform("ping.results", FactType::kIntegerList), "");
  EXPECT_NE(f.Conform("capture.ip_lengths", FactType::kTextList), "");
  f.Set("ping.mtu", 1500);
  EXPECT_NE(f.Conform("ping.mtu", FactType::kIntegerList), "");
}

TEST(FactValueTest, TypeExpectationKnowsWhichPredicatesTakeLists) {
  Expectation x;
  x.fact = "capture.ip_lengths";
  x.values = {"1500,548"};
  EXPECT_EQ(TypeExpectation(x, FactType::kIntegerList), "");
  EXPECT_EQ(x.typed, (std::vector<FactValue>{IntegerList{1500, 548}}));
  x.op = Expectation::Op::kContains;  // one element
  x.values = {"548"};
  EXPECT_EQ(TypeExpectation(x, FactType::kIntegerList), "");
  EXPECT_EQ(x.typed, std::vector<FactValue>{int64_t{548}});
  x.values = {"big"};
  EXPECT_EQ(TypeExpectation(x, FactType::kIntegerList),
            "contains=\"big\" is not an integer (capture.ip_lengths is an integer list)");
  x.op = Expectation::Op::kAtMost;
  x.values = {"1500"};
  EXPECT_EQ(TypeExpectation(x, FactType::kIntegerList),
            "at_most does not apply to capture.ip_lengths, a list (use contains, all_at_least, "
            "all_at_most, length or distinct)");
  x.op = Expectation::Op::kAllAtMost;
  EXPECT_EQ(TypeExpectation(x, FactType::kTextList),
            "all_at_most does not apply to capture.ip_lengths, a text list");
  x.fact = "ping.mtu";
  EXPECT_EQ(TypeExpectation(x, FactType::kInteger),
            "all_at_most does not apply to ping.mtu, which is an integer, not a list");
  x.op = Expectation::Op::kLength;
  x.fact = "ping.results";
  EXPECT_EQ(TypeExpectation(x, FactType::kTextList), "");
  EXPECT_EQ(x.typed, std::vector<FactValue>{int64_t{1500}});
}

}  // namespace
}  // namespace mtulab
