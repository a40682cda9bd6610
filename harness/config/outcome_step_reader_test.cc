// The loader's side of issue 12: a <set>/<route-replace> that expects its own result facts
// opts in to a refusal being a fact, and <capture-start empty=...>.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <node name="r" forwarding="true"/>
  <link>
    <end node="a" name="eth0" ipv4="10.0.1.1/24"/>
    <end node="r" name="eth0" ipv4="10.0.1.2/24"/>
  </link>
</topology>
)";

class OutcomeStepReaderTest : public OneCaseSuiteTest {
 protected:
  OutcomeStepReaderTest() : OneCaseSuiteTest(kTopology) {}
  // The steps of a one-case suite over t.xml (steps start on line 3).
  std::vector<Step> Load(const std::string& steps) {
    Write("s.xml", Suite(steps));
    return LoadSuite(path_).cases.at(0).steps;
  }
};

TEST_F(OutcomeStepReaderTest, AnExpectationOnASetResultFactOptsIn) {
  std::vector<Step> steps = Load(
      "    <set node=\"a\" dev=\"eth0\" mtu=\"9000\">\n"
      "      <expect fact=\"set.result\" equals=\"refused\"/>\n"
      "    </set>\n"
      "    <set node=\"a\" name=\"net.ipv4.route.min_adv_mss\" value=\"x\">\n"
      "      <expect fact=\"set.errno\" equals=\"EINVAL\"/>\n"
      "    </set>\n"
      "    <set node=\"a\" dev=\"eth0\" mtu=\"1400\">\n"
      "      <expect fact=\"link.mtu\" equals=\"1400\"/>\n"
      "    </set>\n");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_TRUE(std::get<SetStep>(steps[0].body).refusal_is_fact);
  EXPECT_TRUE(std::get<SetStep>(steps[1].body).refusal_is_fact);
  EXPECT_FALSE(std::get<SetStep>(steps[2].body).refusal_is_fact);  // as before: error
}

TEST_F(OutcomeStepReaderTest, RouteReplaceOptsInWithItsOwnPrefix) {
  std::vector<Step> steps = Load(
      "    <route-replace node=\"a\" to=\"default\" via=\"10.0.9.9\">\n"
      "      <expect fact=\"route_replace.errno\" equals=\"ENETUNREACH\"/>\n"
      "    </route-replace>\n"
      "    <route-replace node=\"a\" to=\"default\" via=\"10.0.1.2\">\n"
      "      <expect fact=\"route_replace.route\" is=\"present\"/>\n"
      "    </route-replace>\n");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_TRUE(std::get<RouteReplaceStep>(steps[0].body).refusal_is_fact);
  EXPECT_FALSE(std::get<RouteReplaceStep>(steps[1].body).refusal_is_fact);
}

TEST_F(OutcomeStepReaderTest, ResultFactsAreDeclaredInTheRows) {
  for (const char* fact : {"set.result", "set.errno", "set.error"}) {
    EXPECT_EQ(FactProvenance("set", fact), "state") << fact;
  }
  for (const char* fact : {"route_replace.result", "route_replace.errno"}) {
    EXPECT_EQ(FactProvenance("route-replace", fact), "state") << fact;
  }
  EXPECT_EQ(FactProvenance("set", "route_replace.result"), "");
}

TEST_F(OutcomeStepReaderTest, CaptureStartEmptyAttribute) {
  std::vector<Step> steps = Load(
      "    <capture-start name=\"x\" at=\"a:eth0\" empty=\"allowed\"/>\n"
      "    <capture-start name=\"y\" at=\"a:eth0\" empty=\"error\"/>\n"
      "    <capture-start name=\"z\" at=\"a:eth0\"/>\n"
      "    <capture-stop name=\"x\"><expect fact=\"capture.packets\" "
      "equals=\"0\"/></capture-stop>\n"
      "    <capture-stop name=\"y\"/>\n"
      "    <capture-stop name=\"z\"/>\n");
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_TRUE(std::get<CaptureStartStep>(steps[0].body).empty_allowed);
  EXPECT_FALSE(std::get<CaptureStartStep>(steps[1].body).empty_allowed);
  EXPECT_FALSE(std::get<CaptureStartStep>(steps[2].body).empty_allowed);
}

TEST_F(OutcomeStepReaderTest, CaptureStartEmptyTakesTwoValues) {
  EXPECT_EQ(ErrorsOf("    <capture-start name=\"x\" at=\"a:eth0\" empty=\"yes\"/>\n"
                     "    <capture-stop name=\"x\"><expect fact=\"capture.packets\" "
                     "equals=\"0\"/></capture-stop>\n"),
            std::vector<std::string>{path_ + ":3:41: empty=\"yes\" must be 'allowed' or 'error'"});
}

}  // namespace
}  // namespace mtulab
