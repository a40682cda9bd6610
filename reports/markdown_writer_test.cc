#include "reports/markdown_writer.h"

#include <gtest/gtest.h>

#include "reports/testdata/sample_report.h"

namespace mtulab {
namespace {

TEST(MarkdownWriterTest, MatchesGolden) {
  EXPECT_EQ(testdata::CheckGolden("sample.md", RenderMarkdown(testdata::SampleReport())), "");
}

TEST(MarkdownWriterTest, DecidingFactsExpectedVsObserved) {
  std::string md = RenderMarkdown(testdata::SampleReport());
  // The failures before the suite table; per step its text once, then fact, expected,
  // observed, where.
  EXPECT_LT(md.find("### Failed and errored cases"), md.find("| suite |")) << md;
  EXPECT_NE(
      md.find("**❌ fail** `seed003-svi/svi_1500_frag_needed` · `suites/seed003_vlan_svi.xml:28`\n\n"
              "step 1 ping api -&gt; worker3:eth1 size 8900 df=do count 1\n\n"
              "| fact | expected | observed | where |\n|---|---|---|---|\n"
              "| `ping.result` | `one of {frag_needed, packet_too_big}` | `timeout` | "),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| `ping.mtu` | `= 1500 (predicted: pmtu 1500 = vlan20 on ceos (mtu 1500))` | "
                    "*absent* | "),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("step 1 ping api", md.find("step 1 ping api") + 1), std::string::npos)
      << "the step's text once";
  EXPECT_NE(md.find("| `seed003-svi/gretap_row` | kernel lacks gretap |\n"), std::string::npos);
}

TEST(MarkdownWriterTest, RunTextCannotBreakTheTableOrInjectHtml) {
  std::string md = RenderMarkdown(testdata::SampleReport());
  EXPECT_NE(
      md.find("**💥 error** `seed003-svi/broken \\| <case>` · `suites/seed003_vlan_svi.xml`\n\n"
              "> netlink RTM\\_NEWLINK veth "
              "\"a0\" in mtulab-x: File exists &lt;&amp;&gt; \\`tick\\`<br>second line\n"),
      std::string::npos)
      << md;
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1)) {
    bool code = md.compare(at, 7, "<case>`") == 0;  // inside a code span: shown literally
    EXPECT_TRUE(code || md.compare(at, 4, "<br>") == 0) << md.substr(at, 20);
  }
}

TEST(MarkdownWriterTest, AllPassedHasNoProblemTables) {
  RunReport r = testdata::SampleReport();
  r.suites.resize(1);
  r.suites[0].cases.resize(1);
  std::string md = RenderMarkdown(r);
  EXPECT_EQ(md.rfind("## ✅ mtulab: 1 passed, 0 failed, 0 errors, 0 skipped\n", 0), 0u) << md;
  EXPECT_EQ(md.find("###"), std::string::npos);
  EXPECT_EQ(md.find("interrupted"), std::string::npos) << "a column for a run not interrupted";
}

TEST(MarkdownWriterTest, InterruptedRunIsNeitherGreenNorFailed) {
  RunReport r = testdata::SampleReport();
  r.suites.erase(r.suites.begin());  // the liqo suite: one pass, one interrupted
  std::string md = RenderMarkdown(r);
  EXPECT_EQ(md.rfind("## ⏹️ mtulab: 1 passed, 0 failed, 0 errors, 0 skipped, 1 interrupted\n", 0),
            0u)
      << md;
  EXPECT_NE(md.find("| `seed000-liqo/mtu_9000` | the run was interrupted (SIGINT) before this "
                    "case started |\n"),
            std::string::npos)
      << md;
}

TEST(MarkdownWriterTest, LongTablesAreCut) {
  RunReport r = testdata::SampleReport();
  CaseResult skip = r.suites[0].cases[2];
  for (int i = 0; i < kMarkdownMaxRows + 5; ++i) r.suites[0].cases.push_back(skip);
  std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("… and 6 more rows (see the JSON or HTML report).\n"), std::string::npos);
}

}  // namespace
}  // namespace mtulab
