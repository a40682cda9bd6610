// Expectations on facts a step can never produce, and cases that expect nothing, are load
// errors (issue 12: both used to pass).
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/config/loader_internal.h"
#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="eth0" ipv4="10.0.0.1/24"/><end node="b" name="eth0" ipv4="10.0.0.2/24"/></link>
</topology>
)";

class FactCheckTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("t.xml", kTopology);
    path_ = dir_ + "/s.xml";
  }
  // A suite whose case "c" holds `body` from line 3.
  std::vector<std::string> ErrorsOf(const std::string& body) {
    Write("s.xml", "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n" + body +
                       "  </case>\n</suite>\n");
    return Errors([&] { LoadSuite(path_); });
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
  std::string path_;
};

TEST_F(FactCheckTest, MisspelledFactsAreRejectedWithASuggestion) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"ping.resutl\" equals=\"reply\"/>\n"
                     "      <expect fact=\"ping.icmp_sourc\" is=\"absent\"/>\n"
                     "      <expect fact=\"route.pmtu\" equals=\"1500\"/>\n"
                     "    </ping>\n"
                     "    <counter node=\"a\" name=\"Icmp.InEchos\">\n"
                     "      <expect fact=\"counter.Icmp.InEchos.delat\" equals=\"1\"/>\n"
                     "    </counter>\n"),
            Lines(At(4, 15, "fact 'ping.resutl' is not a fact of <ping>; did you mean "
                            "'ping.result'?"),
                  At(5, 15, "fact 'ping.icmp_sourc' is not a fact of <ping>; did you mean one "
                            "of 'ping.icmp_from', 'ping.icmp_type', 'ping.icmp_code'?"),
                  At(6, 15, "fact 'route.pmtu' comes from <pmtu>, not from <ping>"),
                  At(9, 15, "fact 'counter.Icmp.InEchos.delat' is not produced by this "
                            "<counter> (counter.<Name>: the step's attributes decide the <...> "
                            "part); did you mean 'counter.Icmp.InEchos.delta'?")));
}

TEST_F(FactCheckTest, FactsOutsideTheStepsAttributesAreRejected) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\"><expect fact=\"ping.cpu\" is=\"absent\"/>"
                     "</ping>\n"
                     "    <set node=\"a\" name=\"net.ipv4.ip_forward\" value=\"1\">\n"
                     "      <expect fact=\"link.mtu\" equals=\"1500\"/>\n"
                     "      <expect fact=\"sysctl.net.ipv4.ip_forward\" equals=\"1\"/>\n"
                     "    </set>\n"
                     "    <wait seconds=\"1\"><expect fact=\"wait.seconds\" equals=\"1\"/>"
                     "</wait>\n"),
            Lines(At(3, 40, "fact 'ping.cpu' exists only when <ping> has attribute 'cpu'"),
                  At(5, 15, "fact 'link.mtu' exists only when <set> has attribute 'mtu'"),
                  At(8, 31, "fact 'wait.seconds' cannot be expected: <wait> has no facts")));
}

TEST_F(FactCheckTest, EveryFactOfTheStepIsAccepted) {
  EXPECT_EQ(ErrorsOf("    <tcp from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"tcp.server.advmss\" is=\"present\"/>\n"
                     "      <expect fact=\"tcp.errno\" is=\"absent\"/>\n"
                     "    </tcp>\n"
                     "    <capture-start name=\"w\" at=\"a:eth0\"/>\n"
                     "    <capture-stop name=\"w\">\n"
                     "      <expect fact=\"capture.icmp_frag_needed.inner_dst\" is=\"absent\"/>\n"
                     "    </capture-stop>\n"),
            Lines("no error"));
}

TEST_F(FactCheckTest, ACaseWithoutExpectationIsALoadError) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\"/>\n    <wait seconds=\"1\"/>\n"),
            Lines(At(2, 3, "case 'c' has no expectation: it would pass whatever happens (add "
                           "an <expect> to the step whose facts decide the case)")));
  // Without any step at all, too.
  EXPECT_EQ(ErrorsOf(""),
            Lines(At(2, 3, "case 'c' has no expectation: it would pass whatever happens (add "
                           "an <expect> to the step whose facts decide the case)")));
}

TEST(StepRegistryReaderTest, RouteReplaceTakesTheRouteAttributes) {
  std::vector<std::string> attrs = {"node"};
  attrs.insert(attrs.end(), kRouteAttrs.begin(), kRouteAttrs.end());
  EXPECT_EQ(FindStepSpec("route-replace")->attrs, attrs);
  EXPECT_EQ(StepNames().size(), StepSpecs().size());
}

// An expectation's values are parsed once at load as its fact's declared type.
TEST_F(FactCheckTest, ValuesOfTheWrongTypeAreRejectedAtTheirAttribute) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"ping.mtu\" equals=\"abc\"/>\n"
                     "      <expect fact=\"ping.mtu\" one_of=\"1500, big\"/>\n"
                     "      <expect fact=\"ping.target\" equals=\"10.0.0.300\"/>\n"
                     "      <expect fact=\"ping.result\" equals=\"1500\"/>\n"
                     "    </ping>\n"
                     "    <pmtu from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"route.locked\" equals=\"yes\"/>\n"
                     "    </pmtu>\n"),
            Lines(At(4, 31, "equals=\"abc\" is not an integer (ping.mtu is an integer)"),
                  At(5, 31, "one_of=\"big\" is not an integer (ping.mtu is an integer)"),
                  At(6, 34,
                     "equals=\"10.0.0.300\" is not an IP address (ping.target is an "
                     "address)"),
                  At(10, 35,
                     "equals=\"yes\" is not 'true' or 'false' (route.locked is a "
                     "bool)")));
}

TEST_F(FactCheckTest, BetweenTakesTwoOrderedIntegers) {
  EXPECT_EQ(ErrorsOf("    <pmtu from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"route.expires_s\" between=\"600\"/>\n"
                     "      <expect fact=\"route.expires_s\" between=\"1,x\"/>\n"
                     "      <expect fact=\"route.expires_s\" between=\"600,595\"/>\n"
                     "      <expect fact=\"route.expires_s\" between=\"1,\"/>\n"
                     "      <expect fact=\"route.expires_s\" between=\"predicted\"/>\n"
                     "      <expect fact=\"route.dev\" between=\"1,2\"/>\n"
                     "    </pmtu>\n"),
            Lines(At(4, 38, "between=\"600\" needs two integers, LOW,HIGH"),
                  At(5, 38, "between=\"1,x\" is not two integers"),
                  At(6, 38, "between=\"600,595\" is empty: 600 > 595"),
                  At(7, 38, "between=\"1,\" has an empty value"),
                  At(8, 38, "between=\"predicted\" needs two integers, LOW,HIGH"),
                  At(9, 32, "between=\"1,2\" needs an integer fact (route.dev is a text)")));
}

// route.expires_s counts down: an exact value would hold only by timing luck.
TEST_F(FactCheckTest, TimeDependentFactsTakeRangesNotExactValues) {
  EXPECT_EQ(ErrorsOf("    <pmtu from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"route.expires_s\" equals=\"599\"/>\n"
                     "      <expect fact=\"route.expires_s\" one_of=\"599,600\"/>\n"
                     "    </pmtu>\n"),
            Lines(At(4, 38,
                     "route.expires_s is time-dependent (its value depends on when it is "
                     "read): expect a range, between=\"LOW,HIGH\", not equals"),
                  At(5, 38,
                     "route.expires_s is time-dependent (its value depends on when it is "
                     "read): expect a range, between=\"LOW,HIGH\", not one_of")));
  Write("s.xml",
        "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n"
        "    <pmtu from=\"a\" to=\"b:eth0\">\n"
        "      <expect fact=\"route.expires_s\" between=\" 595 , 600\"/>\n"
        "      <expect fact=\"route.expires_s\" at_least=\"1\"/>\n"
        "    </pmtu>\n  </case>\n</suite>\n");
  Suite s = LoadSuite(path_);
  const std::vector<Expectation>& x = s.cases[0].steps[0].expects;
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x[0].op, Expectation::Op::kBetween);
  EXPECT_EQ(x[0].typed, (std::vector<FactValue>{int64_t{595}, int64_t{600}}));
}

TEST_F(FactCheckTest, ValuesAreTypedAtLoad) {
  Write("s.xml",
        "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n"
        "    <ping from=\"a\" to=\"b:eth0\">\n"
        "      <expect fact=\"ping.mtu\" one_of=\"1500, 09000\"/>\n"
        "      <expect fact=\"ping.target\" equals=\"10.0.0.2\"/>\n"
        "    </ping>\n  </case>\n</suite>\n");
  Suite s = LoadSuite(path_);
  const std::vector<Expectation>& x = s.cases[0].steps[0].expects;
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(x[0].typed, (std::vector<FactValue>{int64_t{1500}, int64_t{9000}}));
  EXPECT_EQ(x[1].typed, std::vector<FactValue>{*ParseIp("10.0.0.2")});
}

// List facts take the list predicates, typed by their element; single values do not.
TEST_F(FactCheckTest, ListPredicatesAreCheckedAgainstTheFactsType) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\" count=\"2\">\n"
                     "      <expect fact=\"ping.mtus\" at_most=\"1500\"/>\n"
                     "      <expect fact=\"ping.mtus\" contains=\"big\"/>\n"
                     "      <expect fact=\"ping.mtu\" all_at_most=\"1500\"/>\n"
                     "      <expect fact=\"ping.results\" all_at_least=\"1\"/>\n"
                     "      <expect fact=\"ping.mtus\" length=\"two\"/>\n"
                     "    </ping>\n"),
            Lines(At(4, 32,
                     "at_most does not apply to ping.mtus, a list (use contains, all_at_least, "
                     "all_at_most, length or distinct)"),
                  At(5, 32, "contains=\"big\" is not an integer (ping.mtus is an integer list)"),
                  At(6, 31,
                     "all_at_most does not apply to ping.mtu, which is an integer, not a "
                     "list"),
                  At(7, 35, "all_at_least does not apply to ping.results, a text list"),
                  At(8, 32, "length=\"two\" is not an integer")));
  Write("s.xml",
        "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n"
        "    <ping from=\"a\" to=\"b:eth0\" count=\"2\">\n"
        "      <expect fact=\"ping.results\" equals=\"reply, timeout\" contains=\"reply\"/>\n"
        "      <expect fact=\"ping.mtus\" all_at_most=\"1500\" distinct=\"1\" length=\"2\"/>\n"
        "    </ping>\n  </case>\n</suite>\n");
  Suite s = LoadSuite(path_);
  const std::vector<Expectation>& x = s.cases[0].steps[0].expects;
  ASSERT_EQ(x.size(), 5u);
  EXPECT_EQ(x[0].typed, (std::vector<FactValue>{TextList{"reply", "timeout"}}));
  EXPECT_EQ(x[1].typed, std::vector<FactValue>{std::string("reply")});
  EXPECT_EQ(x[2].op, Expectation::Op::kAllAtMost);
  EXPECT_EQ(x[2].typed, std::vector<FactValue>{int64_t{1500}});
  EXPECT_EQ(x[3].op, Expectation::Op::kDistinct);
  EXPECT_EQ(x[4].op, Expectation::Op::kLength);
}

}  // namespace
}  // namespace mtulab
