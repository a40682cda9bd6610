// Every XML file mtulab ships validates against schemas/topology.xsd or schemas/suite.xsd
// with xmllint (libxml2-utils), and the schemas reject what the loader rejects by name.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSource = MTULAB_SOURCE_DIR;

// The shipped XML files and the schema each one follows.
std::vector<std::pair<std::string, std::string>> ShippedFiles() {
  std::vector<std::pair<std::string, std::string>> files;
  auto add = [&](const std::string& dir, bool topology_by_name) {
    for (const auto& entry : fs::directory_iterator(kSource + "/" + dir)) {
      std::string path = entry.path().string();
      if (entry.path().extension() != ".xml") continue;
      bool topology = topology_by_name ? path.ends_with(".topo.xml") : dir == "topologies";
      files.emplace_back(path, kSource + (topology ? "/schemas/topology.xsd" : "/schemas/suite.xsd"));
    }
  };
  add("topologies", false);
  add("suites", false);
  add("bench/pmtu_sh", true);
  std::sort(files.begin(), files.end());
  return files;
}

ProcessResult Xmllint(const std::string& xsd, const std::string& file) {
  return RunProcess({"xmllint", "--noout", "--schema", xsd, file}, ".");
}

TEST(SchemasE2eTest, EveryShippedFileValidates) {
  std::vector<std::pair<std::string, std::string>> files = ShippedFiles();
  ASSERT_GE(files.size(), 15u);
  for (const auto& [file, xsd] : files) {
    ProcessResult r = Xmllint(xsd, file);
    EXPECT_EQ(r.exit_code, 0) << file << ":\n" << r.err
                              << "(a comment may not contain '--'; see README, XML schemas)";
  }
}

TEST(SchemasE2eTest, SchemasRejectWhatTheLoaderRejects) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  const std::string topology = dir.path() + "/topologies/seed003_vlan_svi.xml";
  const std::string suite = dir.path() + "/suites/seed003_vlan_svi.xml";
  ASSERT_EQ(Xmllint(kSource + "/schemas/topology.xsd", topology).exit_code, 0);
  ASSERT_EQ(Xmllint(kSource + "/schemas/suite.xsd", suite).exit_code, 0);
  struct Row {
    std::string file, from, to, why;
  };
  const Row rows[] = {
      {topology, "<node name=\"api\">", "<node name=\"api\" forwarding=\"yes\">", "bool"},
      {topology, "<node name=\"api\">", "<node name=\"api\" mtu=\"1500\">", "unknown attribute"},
      {topology, "<node name=\"api\">", "<node name=\"api\"><sysctls/>", "unknown element"},
      {topology, "mtu=\"9000\"", "mtu=\"70000\"", "mtu range"},
      {topology, "<link kind=\"veth\">", "<link kind=\"vethh\">", "kind"},
      {suite, "<pmtu ", "<pmtuu ", "unknown step"},
      {suite, "df=\"do\"", "df=\"yes\"", "df value"},
      {suite, "equals=\"frag_needed\"", "equal=\"frag_needed\"", "expect attribute"},
      {suite, "<expect fact=\"route.pmtu\" equals=\"1500\"/>",
       "<expect fact=\"route.pmtu\" at_least=\"x\"/>", "at_least not integer/predicted"},
  };
  for (const Row& row : rows) {
    std::string original = ReadFile(row.file);
    std::string text = original;
    size_t at = text.find(row.from);
    ASSERT_NE(at, std::string::npos) << row.from;
    text.replace(at, row.from.size(), row.to);
    WriteFile(row.file, text);
    std::string xsd = kSource + (row.file == topology ? "/schemas/topology.xsd" : "/schemas/suite.xsd");
    EXPECT_NE(Xmllint(xsd, row.file).exit_code, 0) << row.why;
    EXPECT_NE(RunMtulab({"check", suite}, dir.path()).exit_code, 0) << "loader: " << row.why;
    WriteFile(row.file, original);
  }
}

TEST(SchemasE2eTest, PredictedValidatesWhereTheLoaderTakesIt) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  const std::string suite = dir.path() + "/suites/seed003_vlan_svi.xml";
  std::string text = ReadFile(suite);
  size_t at = text.find("<expect fact=\"route.pmtu\" equals=\"1500\"/>");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "<expect fact=\"route.pmtu\" at_most=\"predicted\"/>");
  WriteFile(suite, text);
  EXPECT_EQ(Xmllint(kSource + "/schemas/suite.xsd", suite).exit_code, 0);
  ProcessResult check = RunMtulab({"check", suite}, dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace mtulab::e2e
