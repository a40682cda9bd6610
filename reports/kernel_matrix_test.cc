#include "reports/kernel_matrix.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

SuiteResult Suite(const std::string& name, std::vector<std::pair<std::string, Outcome>> cases) {
  SuiteResult s;
  s.name = name;
  for (auto& [c, o] : cases) {
    CaseResult r;
    r.suite = name;
    r.name = c;
    r.outcome = o;
    s.cases.push_back(r);
  }
  return s;
}

TEST(KernelMatrixTest, CaseByKernelDifferencesFirst) {
  KernelMatrix m =
      BuildKernelMatrix({Suite("liqo@6.1.0-57", {{"same", Outcome::kPass}, {"wg", Outcome::kSkip}}),
                         Suite("liqo@6.18.44", {{"same", Outcome::kPass}, {"wg", Outcome::kPass}}),
                         Suite("gre@6.1.0-57", {{"row", Outcome::kPass}})});
  ASSERT_EQ(m.kernels, (std::vector<std::string>{"6.1.0-57", "6.18.44"}));
  ASSERT_EQ(m.rows.size(), 3u);
  EXPECT_EQ(m.rows[0].name, "liqo/wg");  // differs: first
  EXPECT_TRUE(m.rows[0].differs);
  EXPECT_EQ(m.rows[1].name, "gre/row");  // not run on 6.18: differs too
  EXPECT_FALSE(m.rows[1].cells[1].has_value());
  EXPECT_EQ(m.rows[2].name, "liqo/same");
  EXPECT_FALSE(m.rows[2].differs);
  std::string md = KernelMatrixMarkdown(m, 100);
  EXPECT_NE(md.find("| case | 6.1.0-57 | 6.18.44 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| **≠** liqo/wg | skip | pass |"), std::string::npos) << md;
  EXPECT_NE(md.find("2 of 3 cases differ"), std::string::npos) << md;
  EXPECT_NE(KernelMatrixHtml(m).find("<tr class=\"differs\"><td>liqo/wg</td>"), std::string::npos);
}

TEST(KernelMatrixTest, NothingWithoutKernelSuites) {
  KernelMatrix m = BuildKernelMatrix({Suite("liqo", {{"a", Outcome::kPass}})});
  EXPECT_TRUE(m.kernels.empty());
  EXPECT_EQ(KernelMatrixMarkdown(m, 100), "");
  EXPECT_EQ(KernelMatrixHtml(m), "");
}

}  // namespace
}  // namespace mtulab
