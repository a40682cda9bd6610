// PinName: one name per (topology, node), valid under /run/netns. No root needed.
#include "harness/sys/pin.h"

#include <climits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace mtulab {
namespace {

// A name `ip netns` and the kernel accept as one file under /run/netns.
bool ValidNetnsFileName(const std::string& name) {
  return !name.empty() && name.size() <= NAME_MAX && name != "." && name != ".." &&
         name.find('/') == std::string::npos && name.find('\0') == std::string::npos;
}

TEST(PinNameTest, TheCollisionOfIssue17IsGone) {
  EXPECT_EQ(PinName("relq-x", "y-z"), "mtulab-relq-x:y-z");
  EXPECT_EQ(PinName("relq-x-y", "z"), "mtulab-relq-x-y:z");
  EXPECT_NE(PinName("relq-x", "y-z"), PinName("relq-x-y", "z"));
  EXPECT_EQ(PinName("seed004-pmtu", "router"), "mtulab-seed004-pmtu:router");
  EXPECT_EQ(PinName("a.b", "c_d"), "mtulab-a.b:c_d");  // valid names are kept as they are
}

TEST(PinNameTest, EverythingElseIsEscaped) {
  EXPECT_EQ(PinName("a:b", "c"), "mtulab-a%3Ab:c");
  EXPECT_EQ(PinName("a", "b:c"), "mtulab-a:b%3Ac");
  EXPECT_EQ(PinName("50%", "x/y"), "mtulab-50%25:x%2Fy");
  EXPECT_EQ(PinName(std::string("n\0l", 3), " \xff"), "mtulab-n%00l:%20%FF");
  EXPECT_EQ(PinName("", ""), "mtulab-:");
}

TEST(PinNameTest, NoTwoPairsShareAName) {
  // Every string of up to 3 bytes over an alphabet of the separator, the escape, what
  // valid names hold and what they must not: 585 strings, 342,225 (topology, node) pairs.
  const std::string alphabet = std::string("a-.:%/_") + '\0';
  std::vector<std::string> strings = {""};
  for (size_t begin = 0, length = 1; length <= 3; ++length) {
    size_t end = strings.size();
    for (size_t i = begin; i < end; ++i) {
      for (char c : alphabet) strings.push_back(strings[i] + c);
    }
    begin = end;
  }
  ASSERT_EQ(strings.size(), 585u);
  std::map<std::string, std::pair<std::string, std::string>> seen;
  for (const std::string& topology : strings) {
    for (const std::string& node : strings) {
      std::string name = PinName(topology, node);
      ASSERT_TRUE(ValidNetnsFileName(name)) << name;
      auto [it, fresh] = seen.emplace(name, std::make_pair(topology, node));
      ASSERT_TRUE(fresh) << "'" << name << "' for both ('" << it->second.first << "', '"
                         << it->second.second << "') and ('" << topology << "', '" << node
                         << "')";
    }
  }
}

TEST(PinNameTest, EveryPinOfATopologyAndNoOtherHasItsPrefix) {
  for (const auto& [t, n] : std::vector<std::pair<std::string, std::string>>{
           {"relq-x", "y-z"}, {"relq-x-y", "z"}, {"a:", "b"}, {"a", ":b"}}) {
    std::string name = PinName(t, n);
    EXPECT_EQ(name.rfind(PinNamePrefix(t), 0), 0u) << name;
  }
  EXPECT_NE(PinName("relq-x-y", "z").rfind(PinNamePrefix("relq-x"), 0), 0u);
  EXPECT_NE(PinName("relq-x", "y-z").rfind(PinNamePrefix("relq-x-y"), 0), 0u);
  EXPECT_NE(PinName("a", ":b").rfind(PinNamePrefix("a:"), 0), 0u);
}

TEST(PinNameTest, LongestValidNamesFitAndLongerOnesAreRefused) {
  std::string name = PinName(std::string(32, 't'), std::string(32, 'n'));
  EXPECT_EQ(name.size(), 7u + 32 + 1 + 32);
  EXPECT_TRUE(ValidNetnsFileName(name));
  EXPECT_TRUE(ValidNetnsFileName(PinName(std::string(32, ':'), std::string(32, '/'))));
  EXPECT_THROW(PinName(std::string(100, ':'), "n"), std::invalid_argument);
}

}  // namespace
}  // namespace mtulab
