// `mtulab lint --format sarif` validated against the official SARIF 2.1.0 JSON schema
// (vendored in tests/sarif_schema/) by a real validator: Debian's python3-jsonschema,
// with format checks on. Lint needs no root, so nothing here skips without it.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

const std::string kSchema =
    std::string(MTULAB_SOURCE_DIR) + "/tests/sarif_schema/sarif-2.1.0-rtm.5.json";

// Prints "<number of schema errors> <number of results> <number of suppressions>", then
// one line per schema error (its JSON path and message).
constexpr char kValidate[] = R"(
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
checker = jsonschema.Draft4Validator.FORMAT_CHECKER
errors = list(jsonschema.Draft4Validator(schema, format_checker=checker).iter_errors(log))
results = [r for run in log["runs"] for r in run["results"]]
print(len(errors), len(results), sum(len(r.get("suppressions", [])) for r in results))
for e in errors:
    print("/".join(map(str, e.absolute_path)), e.message[:300])
)";

// Two disagreeing veth ends, the mismatch accepted with a reason, and one not accepted.
constexpr char kTopology[] = R"(<topology name="sarif">
  <node name="x"/>
  <node name="y"/>
  <!-- mtulab-lint accept=mtu-mismatch: the vendor box drops jumbo frames anyway -->
  <link><end node="x" name="eth0" mtu="9000" ipv4="10.1.0.1/24"/>
        <end node="y" name="eth0" mtu="1500" ipv4="10.1.0.2/24"/></link>
  <link><end node="x" name="eth1" mtu="9000" ipv4="10.2.0.1/24"/>
        <end node="y" name="eth1" mtu="1400" ipv4="10.2.0.2/24"/></link>
</topology>
)";

// Runs the validator on `sarif`; returns its first line's three numbers and the rest.
struct Validation {
  int errors = -1, results = -1, suppressions = -1;
  std::string text;
};

Validation Validate(const std::string& sarif_path) {
  ProcessResult r = RunProcess({"/usr/bin/python3", "-c", kValidate, kSchema, sarif_path}, ".");
  EXPECT_EQ(r.exit_code, 0) << r.err << "\n(Debian package python3-jsonschema: ci/install-deps.sh)";
  Validation v;
  v.text = r.out;
  std::sscanf(r.out.c_str(), "%d %d %d", &v.errors, &v.results, &v.suppressions);
  return v;
}

TEST(LintSarifE2eTest, ShippedAndAcceptedFindingsValidateAgainstTheSarifSchema) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/sarif.xml", kTopology);
  // A relative and an absolute path: artifact URIs of both kinds.
  ProcessResult r =
      RunMtulab({"lint", "--format", "sarif", "sarif.xml",
                 dir.path() + "/suites/seed003_vlan_svi.xml", "suites/seed004_linux_pmtu.xml"},
                dir.path());
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  WriteFile(dir.path() + "/lint.sarif", r.out);
  Validation v = Validate(dir.path() + "/lint.sarif");
  EXPECT_EQ(v.errors, 0) << v.text;
  // 2 in sarif.xml (one accepted), 6 errors in the SVI suite, 1 warning in seed004's suite.
  EXPECT_EQ(v.results, 9) << r.out;
  EXPECT_EQ(v.suppressions, 1) << r.out;
  EXPECT_NE(r.out.find(R"("uri": "file://)" + dir.path() + "/suites/seed003_vlan_svi.xml"),
            std::string::npos)
      << r.out;
}

TEST(LintSarifE2eTest, NoFindingsIsAValidEmptyLog) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r =
      RunMtulab({"lint", "--format", "sarif", "topologies/seed004_pmtu.xml"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  WriteFile(dir.path() + "/lint.sarif", r.out);
  Validation v = Validate(dir.path() + "/lint.sarif");
  EXPECT_EQ(v.errors, 0) << v.text;
  EXPECT_EQ(v.results, 0) << r.out;
}

TEST(LintSarifE2eTest, TheValidatorRejectsWhatTheSchemaForbids) {
  TempDir dir;
  WriteFile(dir.path() + "/sarif.xml", kTopology);
  ProcessResult r = RunMtulab({"lint", "--format", "sarif", "sarif.xml"}, dir.path());
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  // Each edit breaks one rule of SARIF 2.1.0: a level outside its enum, a line below 1, a
  // suppression kind outside its enum, a property the result object does not have.
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("level": "error")", R"("level": "fatal")"},
           {R"("startLine": 5)", R"("startLine": 0)"},
           {R"("kind": "inSource")", R"("kind": "inline")"},
           {R"("ruleId":)", R"("rule_id":)"}}) {
    std::string broken = r.out;
    size_t at = broken.find(from);
    ASSERT_NE(at, std::string::npos) << from << "\n" << r.out;
    broken.replace(at, from.size(), to);
    WriteFile(dir.path() + "/broken.sarif", broken);
    EXPECT_GT(Validate(dir.path() + "/broken.sarif").errors, 0) << to;
  }
}

}  // namespace
}  // namespace mtulab::e2e
