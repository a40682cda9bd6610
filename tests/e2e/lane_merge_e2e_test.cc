// `mtulab merge` on the outputs of two kernel-lane runs (issue 13): the host kernel and a
// guest kernel, each a separate `mtulab run --kernel K`, merged into one report that keeps the
// kernel dimension (every SUITE@KERNEL, run.kernel naming both) and whose verdict matrix has
// one column per kernel, each cell the outcome its run reported, the differing rows first.
// Boots a VM: runs on the kernel lane (ci/kernel-lane.sh sets MTULAB_LANE_KERNEL).
#include <unistd.h>

#include <gtest/gtest.h>
#include <cstdlib>
#include <map>
#include <sstream>

#include "harness/model/verdict.h"
#include "reports/json_reader.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

constexpr char kSuite[] = "suites/seed001_midonet_gre.xml";

// "case" -> cells of the markdown kernel matrix (after its header), in column order.
struct Matrix {
  std::vector<std::string> kernels;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;  // name, cells
  std::vector<bool> differs;
};

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line.substr(1));
  for (std::string cell; std::getline(in, cell, '|');) {
    size_t a = cell.find_first_not_of(' '), b = cell.find_last_not_of(' ');
    out.push_back(a == std::string::npos ? "" : cell.substr(a, b - a + 1));
  }
  return out;
}

Matrix ParseMatrix(const std::string& markdown) {
  Matrix m;
  std::istringstream in(markdown.substr(markdown.find("### Kernel matrix")));
  std::string line;
  while (std::getline(in, line) && line.rfind("| case |", 0) != 0) {
  }
  std::vector<std::string> head = Cells(line);
  m.kernels.assign(head.begin() + 1, head.end());
  std::getline(in, line);  // |---|
  while (std::getline(in, line) && line.rfind("| ", 0) == 0) {
    std::vector<std::string> cells = Cells(line);
    std::string name = cells[0];
    bool differs = name.rfind("**≠** ", 0) == 0;
    if (differs) name = name.substr(std::string("**≠** ").size());
    m.rows.push_back({name, {cells.begin() + 1, cells.end()}});
    m.differs.push_back(differs);
  }
  return m;
}

// "suite/case" (suite without @KERNEL) -> outcome, for one kernel label of `report`.
std::map<std::string, std::string> Outcomes(const RunReport& report, std::string* label) {
  std::map<std::string, std::string> out;
  for (const SuiteResult& s : report.suites) {
    size_t at = s.name.rfind('@');
    *label = s.name.substr(at + 1);
    for (const CaseResult& c : s.cases) {
      out[s.name.substr(0, at) + "/" + c.name] = OutcomeName(c.outcome);
    }
  }
  return out;
}

TEST(LaneMergeE2eTest, TwoLaneRunsMergeIntoOneMatrix) {
  const char* kernel = std::getenv("MTULAB_LANE_KERNEL");
  if (kernel == nullptr || *kernel == '\0') {
    GTEST_SKIP() << "runs on the kernel lane: ci/kernel-lane.sh sets MTULAB_LANE_KERNEL";
  }
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  CopyShippedFiles(dir.path());
  for (const auto& [k, json] :
       {std::pair<std::string, std::string>{"host", "host.json"}, {kernel, "guest.json"}}) {
    ProcessResult r = RunMtulab(
        {"run", "--kernel", k, "--json", json, "--junit=", "--markdown=", "--html=", kSuite},
        dir.path());
    ASSERT_LE(r.exit_code, 1) << k << ": " << r.out << r.err;
  }
  ProcessResult m = RunMtulab(
      {"merge", "--json", "m.json", "--markdown", "m.md", "host.json", "guest.json"}, dir.path());
  ASSERT_LE(m.exit_code, 1) << m.out << m.err;
  RunReport host = ReadJsonReport(dir.path() + "/host.json");
  RunReport guest = ReadJsonReport(dir.path() + "/guest.json");
  RunReport merged = ReadJsonReport(dir.path() + "/m.json");
  EXPECT_EQ(merged.run.kernel, host.run.kernel + "," + guest.run.kernel);
  EXPECT_EQ(merged.suites.size(), host.suites.size() + guest.suites.size());
  std::string host_label, guest_label;
  std::map<std::string, std::string> by_host = Outcomes(host, &host_label);
  std::map<std::string, std::string> by_guest = Outcomes(guest, &guest_label);
  ASSERT_NE(host_label, guest_label);
  Matrix matrix = ParseMatrix(ReadFile(dir.path() + "/m.md"));
  EXPECT_EQ(matrix.kernels, (std::vector<std::string>{host_label, guest_label}));
  ASSERT_EQ(matrix.rows.size(), by_host.size());
  bool seen_equal = false;
  for (size_t i = 0; i < matrix.rows.size(); ++i) {
    const auto& [name, cells] = matrix.rows[i];
    std::string plain = name;
    for (size_t at; (at = plain.find("&#95;")) != std::string::npos;) plain.replace(at, 5, "_");
    ASSERT_EQ(cells.size(), 2u) << name;
    EXPECT_EQ(cells[0], by_host.at(plain)) << name;
    EXPECT_EQ(cells[1], by_guest.at(plain)) << name;
    EXPECT_EQ(matrix.differs[i], cells[0] != cells[1]) << name;
    if (!matrix.differs[i]) seen_equal = true;
    EXPECT_FALSE(matrix.differs[i] && seen_equal) << name << ": a differing row after an equal one";
  }
}

}  // namespace
}  // namespace mtulab::e2e
