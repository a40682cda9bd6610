#include "harness/cli/probe_flags.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

TEST(ProbeFlagsTest, NodeArgs) {
  NodeArg n;
  EXPECT_EQ(ParseNodeArg("pod1=/run/netns/pod1", false, &n), "");
  EXPECT_EQ(n.name, "pod1");
  EXPECT_EQ(n.path, "/run/netns/pod1");
  EXPECT_FALSE(n.addr);
  NodeArg m;
  EXPECT_EQ(ParseNodeArg("p2=/proc/42/ns/net@fd00::2", true, &m), "");
  EXPECT_EQ(m.path, "/proc/42/ns/net");
  EXPECT_EQ(m.addr, "fd00::2");
  NodeArg x;
  EXPECT_EQ(ParseNodeArg("pod1", false, &x), "'pod1': expected NAME=NETNS_PATH");
  EXPECT_EQ(ParseNodeArg("a b=/x", false, &x),
            "'a b=/x': the name 'a b' must match [A-Za-z0-9_.-]{1,64}");
  EXPECT_EQ(ParseNodeArg("a=run/netns/a", false, &x),
            "'a=run/netns/a': the namespace path must be absolute (/run/netns/NAME, "
            "/proc/PID/ns/net)");
  EXPECT_EQ(ParseNodeArg("a=/x@10.0.0.300", true, &x),
            "'a=/x@10.0.0.300': '10.0.0.300' is not an IPv4 or IPv6 address");
  // Without the mesh's @ADDR the '@' is part of the path.
  EXPECT_EQ(ParseNodeArg("a=/x@y", false, &x), "");
  EXPECT_EQ(x.path, "/x@y");
}

TEST(ProbeFlagsTest, PeersSweepAndDuplicates) {
  PeerArg p;
  EXPECT_EQ(ParsePeerArg("other=10.1.2.3", &p), "");
  EXPECT_EQ(p.addr, "10.1.2.3");
  EXPECT_EQ(ParsePeerArg("other=", &p), "'other=': expected NAME=ADDR");
  EXPECT_EQ(ParsePeerArg("other=host", &p), "'other=host': 'host' is not an IPv4 or IPv6 address");
  SweepRange r;
  EXPECT_EQ(ParseSweepRange("1200:9000", &r), "");
  EXPECT_EQ(r.lo, 1200u);
  EXPECT_EQ(r.hi, 9000u);
  for (const char* bad : {"9000:1200", "10:100", "1200", "1200:70000", "a:b"}) {
    EXPECT_EQ(ParseSweepRange(bad, &r),
              std::string("'") + bad +
                  "': expected LO:HI, packet sizes with 68 <= LO <= HI <= "
                  "65535");
  }
  std::vector<NodeArg> nodes = {{"a", "/x", {}}, {"b", "/y", {}}};
  EXPECT_EQ(DuplicateName(nodes, {{"c", "10.0.0.3"}}, ""), "");
  EXPECT_EQ(DuplicateName(nodes, {{"a", "10.0.0.3"}}, ""), "a");
  EXPECT_EQ(DuplicateName({}, {{"me", "10.0.0.3"}}, "me"), "me");
}

}  // namespace
}  // namespace mtulab
