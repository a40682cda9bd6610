#include "harness/model/selection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace mtulab {
namespace {

// Suites "s0".."s{n-1}" with the given numbers of cases "c0".., each at file:line.
std::vector<Suite> MakeSuites(const std::vector<int>& case_counts) {
  std::vector<Suite> suites;
  for (size_t s = 0; s < case_counts.size(); ++s) {
    Suite suite;
    suite.name = "s" + std::to_string(s);
    suite.file = "suites/" + suite.name + ".xml";
    for (int c = 0; c < case_counts[s]; ++c) {
      Case k;
      k.name = "c" + std::to_string(c);
      k.loc = SourceLoc{suite.file, 3 + c, 3};
      suite.cases.push_back(k);
    }
    suites.push_back(suite);
  }
  return suites;
}

std::vector<std::string> Ids(const std::vector<Suite>& suites) {
  std::vector<std::string> ids;
  for (const Suite& s : suites) {
    for (const Case& c : s.cases) ids.push_back(CaseId(s, c));
  }
  return ids;
}

std::string ParseError(const std::string& text) {
  std::string error;
  EXPECT_FALSE(ParseShard(text, error).has_value()) << text;
  return error;
}

TEST(ParseShardTest, Valid) {
  std::string error;
  std::optional<Shard> s = ParseShard("2/4", error);
  ASSERT_TRUE(s.has_value()) << error;
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->total, 4);
  EXPECT_EQ(s->ToString(), "2/4");
  EXPECT_EQ(ParseShard("1/1", error)->ToString(), "1/1");
  EXPECT_EQ(ParseShard("10000/10000", error)->ToString(), "10000/10000");
  EXPECT_EQ(ParseShard("03/07", error)->ToString(), "3/7");
}

TEST(ParseShardTest, ExactErrors) {
  EXPECT_EQ(ParseError("2-4"), "--shard '2-4' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError(""), "--shard '' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError("/4"), "--shard '/4' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError("1/"), "--shard '1/' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError("-1/4"), "--shard '-1/4' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError("1/4/2"), "--shard '1/4/2' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError(" 1/4"), "--shard ' 1/4' is not K/N (e.g. --shard 2/4)");
  EXPECT_EQ(ParseError("1/0"), "--shard '1/0': N must be in 1..10000");
  EXPECT_EQ(ParseError("1/10001"), "--shard '1/10001': N must be in 1..10000");
  EXPECT_EQ(ParseError("1/99999999999999999999"),
            "--shard '1/99999999999999999999': N must be in 1..10000");
  EXPECT_EQ(ParseError("0/4"), "--shard '0/4': K must be in 1..4");
  EXPECT_EQ(ParseError("5/4"), "--shard '5/4': K must be in 1..4");
}

TEST(FilterCasesTest, AnyGlobMatchesAndEmptySuitesDrop) {
  std::vector<Suite> suites = MakeSuites({3, 2, 1});
  FilterCases(suites, {"s0/c[12]", "s2/*"});
  EXPECT_EQ(Ids(suites), (std::vector<std::string>{"s0/c1", "s0/c2", "s2/c0"}));
  std::vector<Suite> all = MakeSuites({2});
  FilterCases(all, {});
  EXPECT_EQ(Ids(all), (std::vector<std::string>{"s0/c0", "s0/c1"}));
  FilterCases(all, {"nothing*"});
  EXPECT_TRUE(all.empty());
}

TEST(ExcludeCasesTest, AnyGlobDropsAndEmptySuitesDrop) {
  std::vector<Suite> suites = MakeSuites({3, 2, 1});
  ExcludeCases(suites, {"s0/c[12]", "s2/*"});
  EXPECT_EQ(Ids(suites), (std::vector<std::string>{"s0/c0", "s1/c0", "s1/c1"}));
  ExcludeCases(suites, {});
  EXPECT_EQ(Ids(suites).size(), 3u);
  ExcludeCases(suites, {"*"});
  EXPECT_TRUE(suites.empty());
}

TEST(KeepCaseIdsTest, ExactIdsOnlyNoGlobs) {
  std::vector<Suite> suites = MakeSuites({3, 2});
  KeepCaseIds(suites, {"s1/c1", "s0/c0", "s0/c*", "nope/c0"});
  EXPECT_EQ(Ids(suites), (std::vector<std::string>{"s0/c0", "s1/c1"}));
}

TEST(RepeatCasesTest, EachCaseNTimesInARowAndTheBaseNameBack) {
  std::vector<Suite> suites = MakeSuites({2});
  RepeatCases(suites, 1);
  EXPECT_EQ(Ids(suites), (std::vector<std::string>{"s0/c0", "s0/c1"}));
  RepeatCases(suites, 3);
  EXPECT_EQ(Ids(suites), (std::vector<std::string>{"s0/c0#1", "s0/c0#2", "s0/c0#3", "s0/c1#1",
                                                   "s0/c1#2", "s0/c1#3"}));
  EXPECT_EQ(suites[0].cases[4].loc.line, 4);  // the copy keeps its source location
  EXPECT_EQ(RepeatBaseName("c0#12"), "c0");
  EXPECT_EQ(RepeatBaseName("c0"), "c0");
  EXPECT_EQ(RepeatBaseName("c#x"), "c#x");
  EXPECT_EQ(RepeatBaseName("c#"), "c#");
}

TEST(DuplicateCaseIdTest, NamesBothLocations) {
  std::vector<Suite> suites = MakeSuites({2, 1});
  std::string where;
  EXPECT_FALSE(DuplicateCaseId(suites, where).has_value());
  suites[1].name = "s0";
  suites[1].cases[0].loc = SourceLoc{"other.xml", 9, 3};
  std::optional<std::string> dup = DuplicateCaseId(suites, where);
  ASSERT_TRUE(dup.has_value());
  EXPECT_EQ(*dup, "s0/c0");
  EXPECT_EQ(where, "suites/s0.xml:3:3 and other.xml:9:3");
}

// Every case lands in exactly one shard, the union is everything, sizes differ by <= 1.
TEST(ShardTest, PartitionAndBalance) {
  for (int total : {1, 2, 3, 4, 7, 33, 40}) {
    std::vector<Suite> base = MakeSuites({5, 1, 9, 3, 15});  // 33 cases
    std::multiset<std::string> seen;
    size_t smallest = SIZE_MAX, largest = 0;
    for (int k = 1; k <= total; ++k) {
      std::vector<Suite> part = base;
      KeepShard(part, Shard{k, total});
      std::vector<std::string> ids = Ids(part);
      seen.insert(ids.begin(), ids.end());
      smallest = std::min(smallest, ids.size());
      largest = std::max(largest, ids.size());
    }
    std::vector<std::string> all = Ids(base);
    EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end())) << "N=" << total;
    EXPECT_LE(largest - smallest, 1u) << "N=" << total;
  }
}

// The split depends only on the set of cases: shuffling suites and cases changes nothing.
TEST(ShardTest, IndependentOfOrder) {
  std::vector<Suite> base = MakeSuites({4, 6, 2, 8});
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::vector<Suite> shuffled = base;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (Suite& s : shuffled) std::shuffle(s.cases.begin(), s.cases.end(), rng);
    for (int k = 1; k <= 3; ++k) {
      std::vector<Suite> a = base, b = shuffled;
      KeepShard(a, Shard{k, 3});
      KeepShard(b, Shard{k, 3});
      std::vector<std::string> ia = Ids(a), ib = Ids(b);
      std::sort(ia.begin(), ia.end());
      std::sort(ib.begin(), ib.end());
      EXPECT_EQ(ia, ib) << "round " << round << " shard " << k;
    }
  }
}

// Pinned assignment: the rule is round robin over the bytewise-sorted ids.
TEST(ShardTest, RoundRobinOverSortedIds) {
  std::vector<Suite> suites = MakeSuites({3, 2});  // s0/c0 s0/c1 s0/c2 s1/c0 s1/c1
  std::swap(suites[0], suites[1]);
  std::vector<std::vector<int>> of = AssignShards(suites, 2);
  EXPECT_EQ(of[0], (std::vector<int>{2, 1}));     // s1/c0 rank 3, s1/c1 rank 4
  EXPECT_EQ(of[1], (std::vector<int>{1, 2, 1}));  // s0/c0..c2 ranks 0..2
  std::vector<Suite> second = suites;
  KeepShard(second, Shard{2, 2});
  EXPECT_EQ(Ids(second), (std::vector<std::string>{"s1/c0", "s0/c1"}));  // declaration order
}

TEST(ShardTest, MoreShardsThanCasesLeavesEmptyShards) {
  std::vector<Suite> suites = MakeSuites({2});
  KeepShard(suites, Shard{3, 4});
  EXPECT_TRUE(suites.empty());
}

}  // namespace
}  // namespace mtulab
