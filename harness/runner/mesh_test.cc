#include "harness/runner/mesh.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace mtulab {
namespace {

// `n` members with a namespace (the current one: pairing never enters it) and `p` peers.
std::vector<MeshMember> Members(int n, int p) {
  std::vector<MeshMember> m;
  for (int i = 0; i < n; ++i) m.push_back({"n" + std::to_string(i), Netns::Current(), "x"});
  for (int i = 0; i < p; ++i) m.push_back({"p" + std::to_string(i), std::nullopt, "y"});
  return m;
}

TEST(MeshTest, EveryOrderedPairFromANamespaceOnce) {
  std::vector<MeshMember> m = Members(3, 2);
  std::vector<MeshPair> pairs = MeshPairs(m);
  ASSERT_EQ(pairs.size(), 3u * (3 - 1 + 2));
  std::set<std::pair<size_t, size_t>> seen;
  for (const MeshPair& p : pairs) {
    EXPECT_NE(p.from, p.to);
    EXPECT_TRUE(m[p.from].ns.has_value()) << "a peer never probes: " << m[p.from].name;
    EXPECT_TRUE(seen.insert({p.from, p.to}).second);
  }
  EXPECT_EQ(m[pairs[0].from].name + "->" + m[pairs[0].to].name, "n0->n1");
  EXPECT_EQ(m[pairs.back().from].name + "->" + m[pairs.back().to].name, "n2->p1");
}

TEST(MeshTest, FiftyPodsGiveTwentyFourHundredFiftyPairs) {
  EXPECT_EQ(MeshPairs(Members(50, 0)).size(), 2450u);
  // A pod that probes only its own rows: itself against 49 peers.
  EXPECT_EQ(MeshPairs(Members(1, 49)).size(), 49u);
  EXPECT_TRUE(MeshPairs(Members(0, 5)).empty());
}

TEST(MeshTest, WorkersBoundTheSocketsOpenAtOnce) {
  EXPECT_EQ(MeshWorkers(16, 64, 2450), 16);
  EXPECT_EQ(MeshWorkers(64, 4, 2450), 4);
  EXPECT_EQ(MeshWorkers(64, 64, 3), 3);
  EXPECT_EQ(MeshWorkers(0, 0, 0), 1);
}

}  // namespace
}  // namespace mtulab
