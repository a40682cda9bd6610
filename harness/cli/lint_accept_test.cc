#include "harness/cli/lint_accept.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>

namespace mtulab {
namespace {

TEST(LintAcceptTest, ParsesCheckReasonAndTheLineItEndsOn) {
  std::vector<Acceptance> found;
  std::vector<Finding> problems;
  ParseAcceptances("t.xml",
                   "<topology>\n"
                   "  <!-- ordinary comment -->\n"
                   "  <!-- mtulab-lint accept=mtu-mismatch: the vendor box\n"
                   "       drops jumbo frames anyway -->\n"
                   "  <link/>\n"
                   "  <!-- mtulab-lint accept=overlay-mtu -->\n"
                   "  <!--mtulab-lint nonsense: x-->\n",
                   &found, &problems);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].check, "mtu-mismatch");
  EXPECT_EQ(found[0].reason, "the vendor box\n       drops jumbo frames anyway");
  EXPECT_EQ(found[0].loc.line, 4);
  EXPECT_EQ(found[0].loc.col, 3);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].loc.ToString(), "t.xml:6:3");
  EXPECT_EQ(problems[0].severity, Severity::kError);
  EXPECT_EQ(problems[0].check, "lint-accept");
  EXPECT_NE(problems[0].message.find("a reason is required"), std::string::npos);
  EXPECT_EQ(problems[1].loc.line, 7);
}

TEST(LintAcceptTest, MatchesSameCheckOnTheLineOrTheNextAndReportsUnused) {
  char path[] = "/tmp/mtulab_lint_accept_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text =
      "<topology>\n"
      "  <!-- mtulab-lint accept=mss-clamp: known -->\n"
      "  <link/>\n"
      "  <!-- mtulab-lint accept=mtu-lock: stale -->\n"
      "  <link/>\n";
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
  Acceptances accepts;
  auto at = [&](int line, const std::string& check) {
    Finding f;
    f.loc = SourceLoc{path, line, 3};
    f.check = check;
    return f;
  };
  EXPECT_EQ(accepts.Match(at(4, "mss-clamp")), nullptr);     // two lines below: not it
  EXPECT_EQ(accepts.Match(at(3, "mtu-mismatch")), nullptr);  // another check
  const Acceptance* a = accepts.Match(at(3, "mss-clamp"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->reason, "known");
  EXPECT_NE(accepts.Match(at(2, "mss-clamp")), nullptr);  // on the comment's own line
  std::vector<Finding> problems = accepts.Problems();
  ::unlink(path);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].loc.line, 4);
  EXPECT_EQ(problems[0].severity, Severity::kWarning);
  EXPECT_NE(problems[0].message.find("accept=mtu-lock accepts no finding"), std::string::npos);
}

}  // namespace
}  // namespace mtulab
