// The "evidence" lint check: cases whose expectations show no kernel behaviour.
#include <gtest/gtest.h>

#include "harness/config/loader.h"
#include "harness/plan/lint.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

class LintEvidenceTest : public PlanTest {
 protected:
  // The evidence findings of a suite over a two-node topology, as "line:col message".
  std::vector<std::string> EvidenceOf(const std::string& cases) {
    Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="eth0" ipv4="10.0.0.1/24"/><end node="b" name="eth0" ipv4="10.0.0.2/24"/></link>
)");
    std::string suite = Write("s.xml", "<suite name=\"s\" topology=\"t.xml\">\n" + cases +
                                           "</suite>\n");
    std::vector<std::string> out;
    for (const Finding& f : LintSuite(LoadSuite(suite))) {
      if (f.check != "evidence") continue;
      EXPECT_EQ(f.severity, Severity::kWarning);
      out.push_back(std::to_string(f.loc.line) + ":" + std::to_string(f.loc.col) + " " +
                    f.message);
    }
    return out;
  }
};

TEST_F(LintEvidenceTest, ConfigOnlyAndStateWithoutTrafficAreFlagged) {
  EXPECT_EQ(EvidenceOf(R"(  <case name="config_only">
    <set node="a" dev="eth0" mtu="1400"><expect fact="link.mtu" equals="1400"/></set>
  </case>
  <case name="state_without_traffic">
    <pmtu from="a" to="b:eth0"><expect fact="route.exception" equals="false"/></pmtu>
  </case>
  <case name="state_after_traffic">
    <ping from="a" to="b:eth0"/>
    <pmtu from="a" to="b:eth0"><expect fact="route.exception" equals="false"/></pmtu>
  </case>
  <case name="traffic">
    <set node="a" dev="eth0" mtu="1400"><expect fact="link.mtu" equals="1400"/></set>
    <ping from="a" to="b:eth0"><expect fact="ping.result" equals="reply"/></ping>
  </case>
)"),
            Lines("2:3 case 'config_only' expects only what mtulab itself set and read back "
                  "(link.mtu)",
                  "5:3 case 'state_without_traffic' expects only kernel state (route.exception) "
                  "and sends no traffic of its own"));
}

}  // namespace
}  // namespace mtulab
