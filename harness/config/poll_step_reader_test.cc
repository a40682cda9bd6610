// <read> and <until>: what they read and their errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

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

class PollStepReaderTest : public OneCaseSuiteTest {
 protected:
  PollStepReaderTest() : OneCaseSuiteTest(kTopology) {}
};

TEST_F(PollStepReaderTest, ReadsReadAndUntil) {
  Write(
      "s.xml",
      Suite("    <read node=\"a\" dev=\"eth0\" sysctl=\"ipv6.mtu\">\n"
            "      <expect fact=\"read.sysctl.net.ipv6.conf.eth0.mtu.exists\" equals=\"true\"/>\n"
            "    </read>\n"
            "    <until every=\"0.05\" timeout=\"12\" fact=\"route.exception\" equals=\"false\">\n"
            "      <pmtu from=\"a\" to=\"r:eth0\"/>\n"
            "      <expect fact=\"until.held\" equals=\"true\"/>\n"
            "      <expect fact=\"route.pmtu\" equals=\"1500\"/>\n"
            "    </until>\n"));
  mtulab::Suite s = LoadSuite(path_);
  ASSERT_EQ(s.cases.at(0).steps.size(), 2u);
  const Step& read_step = s.cases[0].steps[0];
  EXPECT_STREQ(read_step.Kind(), "read");
  const auto& read = std::get<ReadStateStep>(read_step.body);
  EXPECT_EQ(read.node, "a");
  EXPECT_EQ(read.dev, "eth0");
  EXPECT_EQ(read.sysctl, "net.ipv6.conf.eth0.mtu");
  EXPECT_EQ(read_step.Describe(), "step 1 read a eth0 sysctl net.ipv6.conf.eth0.mtu");
  const Step& until_step = s.cases[0].steps[1];
  const auto& until = std::get<UntilStep>(until_step.body);
  EXPECT_DOUBLE_EQ(until.every_s, 0.05);
  EXPECT_DOUBLE_EQ(until.timeout_s, 12);
  ASSERT_EQ(until.inner.size(), 1u);
  EXPECT_STREQ(until.inner[0].Kind(), "pmtu");
  EXPECT_TRUE(until.inner[0].expects.empty());
  EXPECT_EQ(until.condition.Describe(), "route.exception = false");
  EXPECT_EQ(until_step.expects.size(), 2u);
  EXPECT_EQ(until_step.Describe(),
            "step 2 until route.exception = false every 0.05s timeout 12s: pmtu a -> r:eth0 ipv4");
}

TEST_F(PollStepReaderTest, ReadRefusesKeysOutsideProcSysNet) {
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" sysctl=\"kernel.hostname\"/>\n"),
            Lines(At(3, 20, "sysctl 'kernel.hostname' must start with 'net.'")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" sysctl=\"net.ipv4../../kernel\"/>\n"),
            Lines(At(3, 20,
                     "sysctl name 'net.ipv4../../kernel' has a character other than "
                     "[A-Za-z0-9_.-]")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" sysctl=\"net..ipv4\"/>\n"),
            Lines(At(3, 20, "sysctl name 'net..ipv4' has an empty component")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" dev=\"eth0\" sysctl=\"net.ipv4.mtu\"/>\n"),
            Lines(At(3, 31, "interface sysctl 'net.ipv4.mtu' must be 'ipv4.KEY' or 'ipv6.KEY'")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\"/>\n"),
            Lines(At(3, 5, "<read> needs 'dev', 'sysctl' or both")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" dev=\"eth9\"/>\n"),
            Lines(At(3, 20, "interface 'eth9' is not defined on node 'a'")));
  EXPECT_EQ(ErrorsOf("    <read node=\"a\" sysctl=\"net.ipv4.ip_forward\">\n"
                     "      <expect fact=\"read.mtu\" equals=\"1500\"/>\n"
                     "    </read>\n"),
            Lines(At(4, 15, "fact 'read.mtu' exists only when <read> has attribute 'dev'")));
}

TEST_F(PollStepReaderTest, UntilChecksItsConditionAgainstTheInnerStep) {
  const std::string inner = "      <pmtu from=\"a\" to=\"r:eth0\"/>\n";
  const std::string expect = "      <expect fact=\"until.held\" equals=\"true\"/>\n";
  EXPECT_EQ(ErrorsOf("    <until fact=\"ping.result\" equals=\"reply\">\n" + inner + expect +
                     "    </until>\n"),
            Lines(At(3, 12, "fact 'ping.result' comes from <ping>, not from <pmtu>")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\" every=\"0\">\n" + inner +
                     expect + "    </until>\n"),
            Lines(At(3, 44, "every 0 must be more than 0")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\" timeout=\"601\">\n" + inner +
                     expect + "    </until>\n"),
            Lines(At(3, 44, "timeout 601 must be at most 600")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\" at_most=\"9\">\n" + inner +
                     expect + "    </until>\n"),
            Lines(At(3, 5,
                     "<until> takes one condition (one of equals, at_least, at_most, "
                     "one_of, between, contains, all_at_least, all_at_most, length, distinct, "
                     "is)")));
  EXPECT_EQ(
      ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\">\n" + expect + "    </until>\n"),
      Lines(At(3, 5, "<until> needs one step to poll (e.g. <pmtu from=... to=.../>)")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\">\n" + inner + inner + expect +
                     "    </until>\n"),
            Lines(At(3, 5, "<until> takes exactly one step to poll, not several")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\">\n"
                     "      <wait seconds=\"1\"/>\n" +
                     expect + "    </until>\n"),
            Lines(At(3, 5, "<until> needs one step to poll (e.g. <pmtu from=... to=.../>)"),
                  At(4, 7,
                     "unknown element <wait> in <until> (allowed: expect, ping, pmtu, "
                     "counter, link, flush, sweep, encap, tcp, udp, read)")));
  EXPECT_EQ(ErrorsOf("    <until fact=\"route.pmtu\" equals=\"1500\">\n"
                     "      <pmtu from=\"a\" to=\"r:eth0\">\n"
                     "        <expect fact=\"route.pmtu\" equals=\"1500\"/>\n"
                     "      </pmtu>\n" +
                     expect + "    </until>\n"),
            Lines(At(4, 7,
                     "the step inside <until> takes no <expect>: put the condition on "
                     "<until> (fact=... is=...) and the expectations after it")));
}

}  // namespace
}  // namespace mtulab
