#include "harness/model/facts.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

TEST(FactsTest, GetReturnsValueOrNothing) {
  Facts f;
  f.Set("ping.mtu", 1500);
  f.Set("ping.result", "frag_needed");
  f.SetBool("route.exception", true);
  f.Set("route.dev", std::string());
  EXPECT_EQ(f.Get("ping.mtu"), "1500");
  EXPECT_EQ(f.Get("ping.result"), "frag_needed");
  EXPECT_EQ(f.Get("route.exception"), "true");
  EXPECT_EQ(f.Get("route.dev"), "");
  EXPECT_EQ(f.Get("route.pmtu"), std::nullopt);
  EXPECT_TRUE(f.Has("route.dev"));
  EXPECT_FALSE(f.Has("route.pmtu"));
}

TEST(ParseIntegerTest, AcceptsWholeDecimalIntegers) {
  EXPECT_EQ(ParseInteger("0"), 0);
  EXPECT_EQ(ParseInteger("1500"), 1500);
  EXPECT_EQ(ParseInteger("-12"), -12);
  EXPECT_EQ(ParseInteger("007"), 7);
  EXPECT_EQ(ParseInteger("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInteger("-9223372036854775808"), INT64_MIN);
}

TEST(ParseIntegerTest, RejectsEverythingElse) {
  for (const char* text : {"", "-", "+5", " 5", "5 ", "1.5", "1e3", "0x10", "15a", "--1",
                           "9223372036854775808", "-9223372036854775809", "abc"}) {
    EXPECT_EQ(ParseInteger(text), std::nullopt) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace mtulab
