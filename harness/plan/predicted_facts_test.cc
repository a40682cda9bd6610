// "predicted" in suites: resolved after loading (as the commands do) against the case's
// topology, errors at the attribute as exact strings.
#include <gtest/gtest.h>

#include "harness/model/verdict.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"><route to="default" via="10.0.1.1"/></node>
  <node name="r" forwarding="true"/>
  <node name="b"><route to="default" via="10.0.2.1"/></node>
  <link><end node="a" name="eth0" ipv4="10.0.1.2/24"/>
        <end node="r" name="eth0" ipv4="10.0.1.1/24"/></link>
  <link><end node="r" name="eth1" mtu="1400" ipv4="10.0.2.1/24"/>
        <end node="b" name="eth0" mtu="1400" ipv4="10.0.2.2/24"/></link>
</topology>
)";

class PredictedTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("t.xml", kTopology);
    path_ = dir_ + "/s.xml";
  }
  // A suite whose one case "c" holds `body`, starting on line 3.
  void WriteSuite(const std::string& body) {
    Write("s.xml", "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n" + body +
                       "  </case>\n</suite>\n");
  }
  std::vector<std::string> ErrorsOf(const std::string& body) {
    WriteSuite(body);
    return Errors([&] { LoadPredictedSuite(path_); });
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
  // "fact = value (predicted: ...)" of each predicted expectation of the case.
  std::vector<std::string> Resolved(const std::string& body) {
    WriteSuite(body);
    std::vector<std::string> out;
    Suite suite = LoadPredictedSuite(path_);
    for (const Step& step : suite.cases[0].steps) {
      for (const Expectation& x : step.expects) {
        if (x.predicted_from) out.push_back(x.Describe());
      }
    }
    return out;
  }
  std::string path_;
};

TEST_F(PredictedTest, ResolvesEachPredictableFact) {
  EXPECT_EQ(
      Resolved(
          "    <ping from=\"a\" to=\"b:eth0\" size=\"1472\" df=\"do\">\n"
          "      <expect fact=\"ping.mtu\" equals=\"predicted\"/>\n"
          "      <expect fact=\"ping.icmp_from\" equals=\"predicted\"/>\n"
          "    </ping>\n"
          "    <pmtu from=\"a\" to=\"b:eth0\">\n"
          "      <expect fact=\"route.pmtu\" equals=\"predicted\" at_most=\"predicted\"/>\n"
          "      <expect fact=\"route.locked\" equals=\"predicted\"/>\n"
          "    </pmtu>\n"
          "    <sweep from=\"a\" to=\"b:eth0\" min=\"1000\" max=\"2000\" underlay=\"a:eth0\">\n"
          "      <expect fact=\"sweep.path_mtu\" equals=\"predicted\"/>\n"
          "      <expect fact=\"sweep.largest_payload\" equals=\"predicted\"/>\n"
          "      <expect fact=\"sweep.underlay_mtu\" equals=\"predicted\"/>\n"
          "      <expect fact=\"sweep.overhead\" equals=\"predicted\"/>\n"
          "    </sweep>\n"
          "    <link node=\"r\" dev=\"eth1\"><expect fact=\"link.mtu\" "
          "equals=\"predicted\"/></link>\n"),
      Lines(
          "ping.mtu = 1400 (predicted: frag-needed from r (a 1500-byte echo meets eth1 on r "
          "(mtu 1400)))",
          "ping.icmp_from = 10.0.1.1 (predicted: frag-needed from 10.0.1.1, the address of eth0, "
          "its interface toward 10.0.1.2 (a 1500-byte echo meets eth1 on r (mtu 1400)))",
          "route.pmtu = 1400 (predicted: pmtu 1400 = eth1 on r (mtu 1400))",
          "route.pmtu <= 1400 (predicted: pmtu 1400 = eth1 on r (mtu 1400))",
          "route.locked = false (predicted: pmtu 1400 = eth1 on r (mtu 1400))",
          "sweep.path_mtu = 1400 (predicted: pmtu 1400 = eth1 on r (mtu 1400))",
          "sweep.largest_payload = 1372 (predicted: pmtu 1400 = eth1 on r (mtu 1400))",
          "sweep.underlay_mtu = 1500 (predicted: eth0 on a (veth default 1500))",
          "sweep.overhead = 100 (predicted: eth0 on a (veth default 1500) - pmtu 1400 = eth1 on r "
          "(mtu 1400))",
          "link.mtu = 1400 (predicted: eth1 on r (mtu 1400))"));
}

TEST_F(PredictedTest, OverridesAreAppliedFirst) {
  EXPECT_EQ(Resolved("    <override><mtu node=\"r\" dev=\"eth1\" value=\"1280\"/></override>\n"
                     "    <pmtu from=\"a\" to=\"b:eth0\">\n"
                     "      <expect fact=\"route.pmtu\" equals=\"predicted\"/>\n"
                     "    </pmtu>\n"),
            Lines("route.pmtu = 1280 (predicted: pmtu 1280 = eth1 on r (mtu 1280))"));
}

TEST_F(PredictedTest, UnmetMessageShowsMeasuredAgainstPredicted) {
  WriteSuite(
      "    <pmtu from=\"a\" to=\"b:eth0\">\n"
      "      <expect fact=\"route.pmtu\" equals=\"predicted\"/>\n"
      "    </pmtu>\n");
  Suite s = LoadPredictedSuite(path_);
  Unmet u{1, s.cases[0].steps[0].Describe(), s.cases[0].steps[0].expects[0], "1500"};
  EXPECT_EQ(u.Message(),
            "step 1 pmtu a -> b:eth0 ipv4: route.pmtu: expected = 1400 (predicted: "
            "pmtu 1400 = eth1 on r (mtu 1400)), observed 1500 (" +
                path_ + ":4:7)");
}

TEST_F(PredictedTest, WhatCannotBePredictedIsAnErrorAtTheAttribute) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"a\" to=\"b:eth0\" size=\"1000\" df=\"do\">\n"
                     "      <expect fact=\"ping.result\" equals=\"predicted\"/>\n"
                     "      <expect fact=\"ping.mtu\" equals=\"predicted\"/>\n"
                     "      <expect fact=\"ping.result\" one_of=\"predicted\"/>\n"
                     "    </ping>\n"
                     "    <counter node=\"a\" name=\"Ip.FragOKs\">\n"
                     "      <expect fact=\"counter.Ip.FragOKs\" at_least=\"predicted\"/>\n"
                     "    </counter>\n"
                     "    <ping from=\"a\" to=\"192.0.2.1\" size=\"1600\" df=\"do\">\n"
                     "      <expect fact=\"ping.mtu\" equals=\"predicted\"/>\n"
                     "    </ping>\n"
                     "    <ping from=\"a\" to=\"b:eth0\" size=\"1450\" df=\"do\">\n"
                     "      <expect fact=\"ping.icmp_from\" at_most=\"predicted\"/>\n"
                     "      <expect fact=\"ping.icmp_from\" is=\"present\"/>\n"
                     "    </ping>\n"
                     "    <sweep from=\"a\" to=\"b:eth0\" min=\"1400\" max=\"2000\">\n"
                     "      <expect fact=\"sweep.path_mtu\" equals=\"predicted\"/>\n"
                     "    </sweep>\n"
                     "    <ping from=\"a\" to=\"b:eth0\" size=\"1600\">\n"
                     "      <expect fact=\"ping.icmp_from\" equals=\"predicted\"/>\n"
                     "    </ping>\n"),
            Lines(At(4, 34,
                     "equals=\"predicted\": fact 'ping.result' has no predicted value (for "
                     "<ping>: ping.mtu, ping.icmp_from)"),
                  At(5, 31,
                     "equals=\"predicted\": a 1028-byte echo fits the predicted path (pmtu 1400 "
                     "= eth1 on r (mtu 1400)): no error carries an mtu"),
                  At(9, 41,
                     "at_least=\"predicted\": <counter> has no predicted facts (\"predicted\" "
                     "works for ping.mtu, ping.icmp_from, route.pmtu, route.locked, link.mtu, "
                     "sweep.largest_payload, sweep.path_mtu, sweep.underlay_mtu, "
                     "sweep.overhead, encap.overhead)"),
                  At(12, 31, "equals=\"predicted\": node 'r' has no ipv4 route to 192.0.2.1"),
                  At(15, 37, "at_most=\"predicted\": ping.icmp_from is not a number"),
                  At(19, 37,
                     "equals=\"predicted\": the predicted path MTU 1400 (pmtu 1400 = eth1 on r "
                     "(mtu 1400)) is outside what the sweep can find: payloads 1400..2000 are "
                     "path MTUs 1428..2028"),
                  At(22, 37,
                     "equals=\"predicted\": a 1628-byte echo is fragmented at eth0 on a: no "
                     "error carries an mtu")));
}

}  // namespace
}  // namespace mtulab
