// Probe ablation (issue 12 item 3): a shipped case must rest on evidence from its own traffic.
// For every shipped case, copies are made with one traffic step deleted (each in turn), and one
// with every expectation on a traffic or state fact deleted; each copy must be refused at load
// (`mtulab check` exits 2), be left with only config facts (the `evidence` lint's finding, an
// error under `lint --strict`), or come out red (failure or error) when run. A copy that still
// passes shows that the case's remaining expectations only read back what was configured.
// Which steps produce traffic and which facts are traffic/state comes from the step registry.
#include <unistd.h>

#include <gtest/gtest.h>
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "harness/model/step_specs.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {
namespace fs = std::filesystem;

// Ablations ("suite/case/variant") that may stay green, each with the reason the case cannot
// carry more traffic evidence. Keep this list as short as possible: an entry belongs here only
// when no observation on this kernel can tell the configured behaviour from its absence.
const std::map<std::string, std::string> kAllowed = {
    // A veth has no LRO (offload.lro.changeable=false) and passes its peer's TSO super-packets
    // over whole, so no packet on this kernel differs with LRO on or off: what the case can
    // show is the offload state read back (its transfer only shows the uplink carries bulk
    // traffic with LRO off). A NIC with LRO would be needed.
    {"seed001-midonet/lro_off_on_forwarding_uplink/drop_4_tcp", "veth has no LRO"},
    {"seed001-midonet/lro_off_on_forwarding_uplink/no_observed_expectations", "veth has no LRO"},
    // `set offload` adds its own offload.<G>.applied expectations, which no suite edit can
    // remove: with the capture's and transfer's expectations gone only they are left.
    {"seed004-offloads/tso_gso_off_capture_within_mtu/no_observed_expectations",
     "implicit offload.<G>.applied of set"},
};

struct ShippedCase {
  std::string file;  // suites/X.xml
  std::string suite, name;
};

std::vector<ShippedCase> ShippedCases() {
  std::vector<ShippedCase> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(MTULAB_SOURCE_DIR) / "suites")) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    pugi::xml_document doc;
    if (!doc.load_file(f.c_str())) continue;
    pugi::xml_node suite = doc.child("suite");
    for (pugi::xml_node c : suite.children("case")) {
      out.push_back({"suites/" + f.filename().string(), suite.attribute("name").value(),
                     c.attribute("name").value()});
    }
  }
  return out;
}

// A step deletes evidence when it sends packets or yields facts observed on packets.
bool ProducesTraffic(const std::string& element) {
  const StepSpec* spec = FindStepSpec(element);
  if (spec == nullptr) return false;
  if (spec->sends_traffic) return true;
  for (const FactSpec& f : spec->facts) {
    if (f.provenance == Provenance::kTraffic) return true;
  }
  return false;
}

struct Variant {
  std::string label;      // what was deleted
  std::string xml;        // the whole suite file with only this variant's case
  bool observes = false;  // the variant still expects a traffic fact of a remaining step
};

// Whether case `c` still sends packets of its own and expects a fact observed on traffic (a
// capture alone observes nothing when nothing is sent: an empty capture has no packet over
// the MTU).
bool ExpectsTraffic(const pugi::xml_node& c) {
  bool sends = false, observed = false;
  for (pugi::xml_node s : c.children()) {
    const StepSpec* spec = FindStepSpec(s.name());
    sends = sends || (spec != nullptr && spec->sends_traffic);
    for (pugi::xml_node x : s.children("expect")) {
      observed = observed || FactProvenance(s.name(), x.attribute("fact").value()) == "traffic";
    }
  }
  return sends && observed;
}

// The suite file `doc` with its cases replaced by `c`, renamed `name`.
std::string SuiteWith(const pugi::xml_document& doc, const pugi::xml_node& c,
                      const std::string& name) {
  pugi::xml_document out;
  out.reset(doc);
  pugi::xml_node suite = out.child("suite");
  while (pugi::xml_node old = suite.child("case")) suite.remove_child(old);
  pugi::xml_node copy = suite.append_copy(c);
  copy.attribute("name").set_value(name.c_str());
  std::ostringstream text;
  out.save(text, "  ");
  return text.str();
}

// Variants of case `c`: one per traffic step deleted, one without traffic/state expectations.
std::vector<Variant> Ablations(const pugi::xml_document& doc, const pugi::xml_node& c) {
  // The case as shipped, renamed: it must pass, so a red variant is the deletion's doing.
  std::vector<Variant> out = {{"control", SuiteWith(doc, c, "control")}};
  int index = 0;
  for (pugi::xml_node step : c.children()) {
    ++index;
    if (step.type() != pugi::node_element || !ProducesTraffic(step.name())) continue;
    pugi::xml_document copy;
    pugi::xml_node cc = copy.append_copy(c);
    int i = 0;
    for (pugi::xml_node s : cc.children()) {
      if (++i == index) {
        cc.remove_child(s);
        break;
      }
    }
    std::string label = "drop_" + std::to_string(index) + "_" + step.name();
    out.push_back({label, SuiteWith(doc, cc, label), ExpectsTraffic(cc)});
  }
  pugi::xml_document copy;
  pugi::xml_node cc = copy.append_copy(c);
  for (pugi::xml_node s : cc.children()) {
    std::vector<pugi::xml_node> gone;
    for (pugi::xml_node x : s.children("expect")) {
      std::string p = FactProvenance(s.name(), x.attribute("fact").value());
      if (p == "traffic" || p == "state") gone.push_back(x);
    }
    for (pugi::xml_node x : gone) s.remove_child(x);
  }
  out.push_back({"no_observed_expectations", SuiteWith(doc, cc, "no_observed_expectations")});
  return out;
}

// Whether `mtulab lint` finds the variant's case without evidence (every expectation left is
// a `config` fact, e.g. read.mss_clamp.backend): `lint --strict` refuses such a case, so a copy
// reduced to read-backs is caught without being run.
bool LintRefusesEvidence(const std::string& dir, const std::string& file) {
  ProcessResult r = RunMtulab({"lint", file}, dir);
  return r.out.find("expects only what mtulab itself set and read back") != std::string::npos &&
         r.out.find("[evidence]") != std::string::npos;
}

// Writes the variants that load into one suite file, returns the labels refused at load (or,
// for a copy left with only config facts, by the evidence lint).
std::vector<std::string> WriteLoadable(const std::string& dir, const std::vector<Variant>& vs,
                                       const std::string& run_file) {
  std::vector<std::string> refused;
  pugi::xml_document combined;
  for (const Variant& v : vs) {
    std::string file = dir + "/suites/ablate_" + v.label + ".xml";
    WriteFile(file, v.xml);
    ProcessResult r = RunMtulab({"check", file}, dir);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << v.label << ": " << r.out << r.err;
    if (r.exit_code != 0 || (v.label != "control" && LintRefusesEvidence(dir, file))) {
      refused.push_back(v.label);
      continue;
    }
    pugi::xml_document one;
    one.load_string(v.xml.c_str());
    if (!combined.child("suite")) {
      combined.append_copy(one.child("suite"));
    } else {
      combined.child("suite").append_copy(one.child("suite").child("case"));
    }
  }
  if (combined.child("suite")) combined.save_file(run_file.c_str(), "  ");
  return refused;
}

class AblationTest : public ::testing::TestWithParam<ShippedCase> {};

TEST_P(AblationTest, DeletingTrafficEvidenceTurnsTheCaseRed) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const ShippedCase& sc = GetParam();
  TempDir dir;
  CopyShippedFiles(dir.path());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir.path() + "/" + sc.file).c_str()));
  pugi::xml_node c = doc.child("suite").find_child_by_attribute("case", "name", sc.name.c_str());
  ASSERT_TRUE(c);
  std::vector<Variant> variants = Ablations(doc, c);
  std::string run_file = dir.path() + "/suites/ablate_all.xml";
  std::vector<std::string> refused = WriteLoadable(dir.path(), variants, run_file);
  ASSERT_TRUE(refused.empty() || refused[0] != "control") << "the shipped case does not load";
  std::string junit = dir.path() + "/j.xml";
  ProcessResult r =
      RunMtulab({"run", run_file, "-j", "2", "--junit", junit, "--html=", "--json=", "--markdown="},
                dir.path());
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out << r.err;
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), variants.size() - refused.size()) << r.out;
  std::map<std::string, bool> observes;
  for (const Variant& v : variants) observes[v.label] = v.observes;
  for (const JunitCase& jc : cases) {
    if (jc.outcome == "skipped") continue;  // the kernel lacks a feature: nothing to judge
    if (jc.name == "control") {
      EXPECT_EQ(jc.outcome, "pass") << sc.suite << "/" << sc.name << ": " << jc.message;
      continue;
    }
    bool red = jc.outcome == "failure" || jc.outcome == "error";
    // A green copy that still expects traffic facts of another step is an independent
    // observation (the other direction, a second size), not a read-back.
    bool allowed = kAllowed.count(sc.suite + "/" + sc.name + "/" + jc.name) > 0;
    if (allowed || red || observes[jc.name]) continue;
    ADD_FAILURE() << sc.suite << "/" << sc.name << " still passes with " << jc.name
                  << " and expects no traffic fact any more: what is left only reads back state";
  }
}

void PrintTo(const ShippedCase& c, std::ostream* os) { *os << c.suite << "/" << c.name; }

INSTANTIATE_TEST_SUITE_P(ShippedCases, AblationTest, ::testing::ValuesIn(ShippedCases()),
                         [](const ::testing::TestParamInfo<ShippedCase>& info) {
                           std::string n = info.param.suite + "_" + info.param.name;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

// Every allow-listed case must exist, so the list cannot outlive what it excuses.
TEST(AblationAllowList, NamesShippedCases) {
  std::vector<ShippedCase> all = ShippedCases();
  for (const auto& [name, why] : kAllowed) {
    bool found = false;
    for (const ShippedCase& c : all)
      found = found || name.rfind(c.suite + "/" + c.name + "/", 0) == 0;
    EXPECT_TRUE(found) << name << " (" << why << ") is not a shipped case";
  }
}

}  // namespace
}  // namespace mtulab::e2e
