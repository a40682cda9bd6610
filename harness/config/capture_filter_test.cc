// <capture-start filter="..."> is compiled by libpcap at load time (no root, no interface):
// a bad filter is a config error at the attribute, before anything is created.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/sys/pcap_filter.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <node name="b"/>
  <link>
    <end node="a" name="x" ipv4="10.9.0.1/24"/>
    <end node="b" name="y" ipv4="10.9.0.2/24"/>
  </link>
</topology>
)";

class CaptureFilterTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("topologies/t.xml", kTopology);
    path_ = dir_ + "/suites/s.xml";
  }
  // A suite whose capture-start (line 3) has `attrs` after name="w" at="a:x".
  std::vector<std::string> ErrorsOf(const std::string& attrs) {
    Write("suites/s.xml",
          "<suite name=\"s\" topology=\"../topologies/t.xml\">\n"
          "  <case name=\"c\">\n"
          "    <capture-start name=\"w\" at=\"a:x\" " + attrs + "/>\n"
          "    <capture-stop name=\"w\"><expect fact=\"capture.packets\" at_least=\"0\"/>"
          "</capture-stop>\n"
          "  </case>\n</suite>\n");
    return Errors([&] { LoadSuite(path_); });
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
  std::string path_;
};

TEST_F(CaptureFilterTest, ValidFiltersLoad) {
  for (const char* filter : {"", "icmp or tcp", "icmp[icmptype] == icmp-unreach and "
                             "icmp[icmpcode] == 4", "icmp6 and ip6[40] == 2",
                             "tcp[tcpflags] & tcp-syn != 0", "ip[6:2] & 0x4000 != 0",
                             "greater 1400", "udp port 4789", "ether proto 0x0800"}) {
    EXPECT_EQ(ErrorsOf(std::string("filter=\"") + filter + "\""), Lines("no error")) << filter;
  }
  Suite s = LoadSuite(path_);
  EXPECT_EQ(std::get<CaptureStartStep>(s.cases[0].steps[0].body).filter, "ether proto 0x0800");
}

TEST_F(CaptureFilterTest, SyntaxErrorIsReportedAtTheAttribute) {
  EXPECT_EQ(ErrorsOf("filter=\"icmp orr tcp\""),
            Lines(At(3, 38, "filter=\"icmp orr tcp\" is not a valid capture filter: "
                            "can't parse filter expression: syntax error")));
}

TEST_F(CaptureFilterTest, UnknownKeywordNamesLibpcapsReason) {
  // libpcap 1.10 has no "vxlan" primitive (the reference notes).
  EXPECT_EQ(ErrorsOf("filter=\"vxlan\""),
            Lines(At(3, 38, "filter=\"vxlan\" is not a valid capture filter: "
                            "can't parse filter expression: syntax error")));
  EXPECT_EQ(ErrorsOf("filter=\"port 70000\""),
            Lines(At(3, 38, "filter=\"port 70000\" is not a valid capture filter: "
                            "illegal port number 70000 > 65535")));
}

TEST_F(CaptureFilterTest, OverlongFilterIsRefusedWithoutEchoingIt) {
  std::string filter = "tcp";
  while (filter.size() <= kMaxPcapFilterLength) filter += " or tcp";
  EXPECT_EQ(ErrorsOf("filter=\"" + filter + "\""),
            Lines(At(3, 38, "filter is longer than 4096 characters")));
}

TEST(PcapFilterErrorTest, DirectChecks) {
  EXPECT_EQ(PcapFilterError("icmp", kDltEthernet), "");
  EXPECT_EQ(PcapFilterError("", kDltEthernet), "");
  EXPECT_NE(PcapFilterError("icmp and", kDltEthernet), "");
  EXPECT_EQ(DltName(kDltEthernet), "EN10MB");
  EXPECT_EQ(DltName(12), "RAW");
}

}  // namespace
}  // namespace mtulab
