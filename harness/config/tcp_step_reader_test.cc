// <tcp end> and the facts it and the connect-time TCP_INFO sample add; <until> with a
// `between` condition. Exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <node name="b"/>
  <link>
    <end node="a" name="eth0" ipv4="10.0.1.1/24"/>
    <end node="b" name="eth0" ipv4="10.0.1.2/24"/>
  </link>
</topology>
)";

class TcpStepReaderTest : public OneCaseSuiteTest {
 protected:
  TcpStepReaderTest() : OneCaseSuiteTest(kTopology) {}
};

TEST_F(TcpStepReaderTest, EndModes) {
  Write("s.xml", Suite("    <tcp from=\"a\" to=\"b:eth0\" request=\"10\">\n"
                       "      <expect fact=\"tcp.server_saw\" equals=\"fin\"/>\n"
                       "    </tcp>\n"
                       "    <tcp from=\"a\" to=\"b:eth0\" request=\"10\" end=\"close\">\n"
                       "      <expect fact=\"tcp.end\" equals=\"close\"/>\n"
                       "    </tcp>\n"
                       "    <tcp from=\"a\" to=\"b:eth0\" request=\"10\" end=\"abort\">\n"
                       "      <expect fact=\"tcp.server_saw\" equals=\"rst\"/>\n"
                       "    </tcp>\n"
                       "    <tcp from=\"a\" to=\"b:eth0\" request=\"10\" end=\"shutdown\">\n"
                       "      <expect fact=\"tcp.client.connect.snd_mss\" equals=\"1448\"/>\n"
                       "      <expect fact=\"tcp.server.connect.pmtu\" equals=\"1500\"/>\n"
                       "      <expect fact=\"tcp.server.connect.total_retrans\" equals=\"0\"/>\n"
                       "    </tcp>\n"));
  mtulab::Suite s = LoadSuite(path_);
  const std::vector<Step>& steps = s.cases.at(0).steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(std::get<TcpStep>(steps[0].body).end, TcpEnd::kShutdown);
  EXPECT_EQ(std::get<TcpStep>(steps[1].body).end, TcpEnd::kClose);
  EXPECT_EQ(std::get<TcpStep>(steps[2].body).end, TcpEnd::kAbort);
  EXPECT_EQ(std::get<TcpStep>(steps[3].body).end, TcpEnd::kShutdown);
  EXPECT_EQ(steps[1].Describe(),
            "step 2 tcp a -> b:eth0 ipv4 port 5001 request 10 response 0 end=close");
  EXPECT_STREQ(TcpEndName(TcpEnd::kAbort), "abort");
}

TEST_F(TcpStepReaderTest, BadEndAndConnectFactsOutsideTheRegistry) {
  // A bad attribute makes the body unusable: its facts are not checked on top.
  EXPECT_EQ(ErrorsOf("    <tcp from=\"a\" to=\"b:eth0\" end=\"linger\">\n"
                     "      <expect fact=\"tcp.server_saw\" equals=\"fin\"/>\n"
                     "    </tcp>\n"),
            Lines(At(3, 31, "end=\"linger\" must be one of shutdown, close, abort")));
  EXPECT_EQ(ErrorsOf("    <tcp from=\"a\" to=\"b:eth0\" end=\"abort\">\n"
                     "      <expect fact=\"tcp.client.connect.snd_ms\" equals=\"1\"/>\n"
                     "    </tcp>\n"),
            Lines(At(4, 15,
                     "fact 'tcp.client.connect.snd_ms' is not a fact of <tcp>; did you mean "
                     "'tcp.client.connect.snd_mss'?")));
}

TEST_F(TcpStepReaderTest, UntilTakesABetweenCondition) {
  Write("s.xml", Suite("    <until every=\"0.1\" timeout=\"3\" fact=\"route.expires_s\" "
                       "between=\"0,1\">\n"
                       "      <pmtu from=\"a\" to=\"b:eth0\"/>\n"
                       "      <expect fact=\"until.ms\" between=\"0,3000\"/>\n"
                       "    </until>\n"));
  mtulab::Suite s = LoadSuite(path_);
  const auto& until = std::get<UntilStep>(s.cases.at(0).steps.at(0).body);
  EXPECT_EQ(until.condition.op, Expectation::Op::kBetween);
  EXPECT_EQ(until.condition.Describe(), "route.expires_s in [0, 1]");
}

}  // namespace
}  // namespace mtulab
