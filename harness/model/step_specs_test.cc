#include "harness/model/step_specs.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace mtulab {
namespace {

template <size_t... I>
std::vector<StepBody> EveryKind(std::index_sequence<I...>) {
  return {StepBody(std::in_place_index<I>)...};
}

Step StepOf(StepBody body) {
  Step step;
  step.body = std::move(body);
  return step;
}

TEST(StepSpecsTest, OneRowPerStepKindWithUniqueNames) {
  std::vector<StepBody> bodies =
      EveryKind(std::make_index_sequence<std::variant_size_v<StepBody>>());
  ASSERT_EQ(StepSpecs().size(), bodies.size());
  std::set<std::string> names;
  for (const StepBody& body : bodies) {
    Step step = StepOf(body);
    EXPECT_EQ(step.Kind(), SpecOf(body).name);
    EXPECT_EQ(FindStepSpec(step.Kind()), &SpecOf(body));
    EXPECT_FALSE(SpecOf(body).help.empty()) << step.Kind();
    EXPECT_TRUE(names.insert(step.Kind()).second) << step.Kind();
    std::set<std::string> patterns;
    for (const FactSpec& f : SpecOf(body).facts) {
      EXPECT_TRUE(patterns.insert(f.pattern).second) << f.pattern;
      EXPECT_FALSE(f.doc.empty()) << f.pattern;
    }
  }
  EXPECT_EQ(FindStepSpec("pong"), nullptr);
}

// Issue 15: a kind is its struct's Row() (model/step_<kind>.cc) plus a runner: the row
// carries the reader and the description the loader and the reports take.
TEST(StepSpecsTest, EveryRowReadsAndDescribesItsKind) {
  std::vector<StepBody> bodies =
      EveryKind(std::make_index_sequence<std::variant_size_v<StepBody>>());
  for (const StepBody& body : bodies) {
    const StepSpec& spec = SpecOf(body);
    ASSERT_NE(spec.read, nullptr) << spec.name;
    ASSERT_NE(spec.describe, nullptr) << spec.name;
    EXPECT_EQ(spec.describe(body).rfind(spec.name + " ", 0), 0u) << spec.describe(body);
    Step step = StepOf(body);
    step.index = 3;
    EXPECT_EQ(step.Describe(), "step 3 " + spec.describe(body));
  }
  EXPECT_EQ(StepOf(PingStep{"a", Target{"b:eth0"}}).Describe(),
            "step 0 ping a -> b:eth0 size 56 df=default count 1");
  UntilStep until;
  until.inner.push_back(StepOf(PmtuStep{"a", Target{"10.0.0.1"}, Family::kIpv4}));
  until.condition = Expectation{"route.pmtu", Expectation::Op::kEquals, {"1400"}};
  EXPECT_EQ(SpecOf(StepBody(until)).describe(until),
            "until route.pmtu = 1400 every 0.1s timeout 10s: pmtu a -> 10.0.0.1 ipv4");
}

// <until> polls the kinds whose rows say so: those that read or probe, never one that
// changes the lab, pauses or captures.
TEST(StepSpecsTest, PollableKindsComeFromTheRows) {
  EXPECT_EQ(PollableStepNames(),
            (std::vector<std::string>{"ping", "pmtu", "counter", "link", "flush", "sweep", "encap",
                                      "tcp", "udp", "read"}));
}

TEST(StepSpecsTest, RefusalFactsAreResultErrnoOrError) {
  Step step = StepOf(SetStep{});
  EXPECT_FALSE(ExpectsRefusalFacts(step, "set"));
  step.expects.push_back(Expectation{"set.resultx", Expectation::Op::kPresent});
  EXPECT_FALSE(ExpectsRefusalFacts(step, "set"));
  step.expects.push_back(Expectation{"set.errno", Expectation::Op::kPresent});
  EXPECT_TRUE(ExpectsRefusalFacts(step, "set"));
  EXPECT_FALSE(ExpectsRefusalFacts(step, "route_replace"));
}

TEST(StepSpecsTest, CounterFactsAreTheCountersTheStepReads) {
  Step step = StepOf(CounterStep{"a", {"Icmp.InEchos", "Ip6FragCreates"}});
  EXPECT_EQ(FactProblem(step, "counter.Icmp.InEchos"), "");
  EXPECT_EQ(FactProblem(step, "counter.Ip6FragCreates.delta"), "");
  EXPECT_EQ(FindFactSpec(step, "counter.Icmp.InEchos.delta")->provenance, Provenance::kState);
  std::vector<std::string> known;
  EXPECT_EQ(FactProblem(step, "counter.Icmp.OutEchos", &known),
            "fact 'counter.Icmp.OutEchos' is not produced by this <counter> (counter.<Name>: the "
            "step's attributes decide the <...> part)");
  EXPECT_EQ(known, (std::vector<std::string>{"counter.Icmp.InEchos", "counter.Ip6FragCreates",
                                             "counter.Icmp.InEchos.delta",
                                             "counter.Ip6FragCreates.delta"}));
}

TEST(StepSpecsTest, AttributesDecideWhichFactsExist) {
  SetStep mtu{"a", "eth0", 1400};
  EXPECT_EQ(FactProblem(StepOf(mtu), "link.mtu"), "");
  SetStep sysctl{"a", std::nullopt, std::nullopt, Sysctl{"net.ipv4.ip_forward", "1"}};
  EXPECT_EQ(FactProblem(StepOf(sysctl), "sysctl.net.ipv4.ip_forward"), "");
  EXPECT_EQ(FactProblem(StepOf(sysctl), "link.mtu"),
            "fact 'link.mtu' exists only when <set> has attribute 'mtu'");
  EXPECT_NE(FactProblem(StepOf(sysctl), "offload.tso"), "");
  SetStep offload{"a", "eth0", std::nullopt, std::nullopt, "lro"};
  EXPECT_EQ(FactProblem(StepOf(offload), "offload.lro.applied"), "");
  EXPECT_NE(FactProblem(StepOf(offload), "offload.tso.applied"), "");
  PingStep ping;
  EXPECT_EQ(FactProblem(StepOf(ping), "ping.cpu"),
            "fact 'ping.cpu' exists only when <ping> has attribute 'cpu'");
  ping.cpu = 0;
  EXPECT_EQ(FactProblem(StepOf(ping), "ping.cpu"), "");
  EXPECT_EQ(FactProblem(StepOf(TcpStep{}), "tcp.server.pmtu"), "");
  EXPECT_NE(FactProblem(StepOf(TcpStep{}), "tcp.peer.pmtu"), "");
  EXPECT_EQ(FactProblem(StepOf(LinkStep{}), "link.offload.gro.changeable"), "");
  EXPECT_EQ(FactProblem(StepOf(CaptureStopStep{}), "capture.icmp6_packet_too_big.mtu"), "");
}

TEST(StepSpecsTest, ProblemsNameTheKindThatHasTheFact) {
  EXPECT_EQ(FactProblem(StepOf(PingStep{}), "route.pmtu"),
            "fact 'route.pmtu' comes from <pmtu>, not from <ping>");
  EXPECT_EQ(FactProblem(StepOf(PingStep{}), "counter.Ip.FragOKs"),
            "fact 'counter.Ip.FragOKs' comes from <counter>, not from <ping>");
  EXPECT_EQ(FactProblem(StepOf(WaitStep{}), "wait.seconds"),
            "fact 'wait.seconds' cannot be expected: <wait> has no facts");
  std::vector<std::string> known;
  EXPECT_EQ(FactProblem(StepOf(PingStep{}), "ping.icmp_sourc", &known),
            "fact 'ping.icmp_sourc' is not a fact of <ping>");
  EXPECT_EQ(known.size(), 17u);  // every ping fact but ping.cpu (no cpu attribute)
}

TEST(StepSpecsTest, ProvenanceByKindAndName) {
  EXPECT_EQ(FactProvenance("ping", "ping.result"), "traffic");
  EXPECT_EQ(FactProvenance("counter", "counter.Icmp.InEchos.delta"), "state");
  EXPECT_EQ(FactProvenance("set", "offload.lro.applied"), "config");
  EXPECT_EQ(FactProvenance("ping", "route.pmtu"), "");
  EXPECT_EQ(FactProvenance("pong", "ping.result"), "");
}

TEST(StepSpecsTest, HelpListsEveryKind) {
  std::string help = StepHelpLines();
  for (const StepSpec& spec : StepSpecs()) {
    EXPECT_NE(help.find("  " + spec.name + " "), std::string::npos) << spec.name;
  }
}

// The README's facts table is the registry's: `mtulab help facts` prints the same text.
TEST(StepSpecsTest, ReadmeFactsTableIsTheRegistry) {
  std::ifstream in(std::string(MTULAB_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string begin = "<!-- facts table: generated by `mtulab help facts` -->\n";
  const std::string end = "<!-- end of facts table -->";
  std::string readme = text.str();
  size_t from = readme.find(begin);
  ASSERT_NE(from, std::string::npos) << "README.md lost the facts table marker";
  from += begin.size();
  size_t to = readme.find(end, from);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(readme.substr(from, to - from), FactsTableMarkdown())
      << "regenerate it: build/mtulab help facts";
}

}  // namespace
}  // namespace mtulab
