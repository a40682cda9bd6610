// Packet captures through the binary: a failed (or errored) case keeps a pcap per capture and
// an interface map beside the JUnit file, named in its system-out; a passing case keeps
// nothing.
#include <pcap/pcap.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

constexpr char kTopology[] = R"(<topology name="cap">
  <!--
    h1 eth0 ------------ eth1 r eth2 ------------ eth0 h2
       10.0.1.1/24   10.0.1.254   10.0.2.254   10.0.2.2/24
       1500          1500         1400         1400
  -->
  <node name="h1"><route to="default" via="10.0.1.254"/></node>
  <node name="r" forwarding="true"/>
  <node name="h2"><route to="default" via="10.0.2.254"/></node>
  <link>
    <end node="h1" name="eth0" mtu="1500" ipv4="10.0.1.1/24"/>
    <end node="r" name="eth1" mtu="1500" ipv4="10.0.1.254/24"/>
  </link>
  <link>
    <end node="r" name="eth2" mtu="1400" ipv4="10.0.2.254/24"/>
    <end node="h2" name="eth0" mtu="1400" ipv4="10.0.2.2/24"/>
  </link>
</topology>
)";

constexpr char kSuite[] = R"(<suite name="cap" topology="../topologies/cap.xml">
  <case name="sees_frag_needed">
    <capture-start name="wire" at="h1:eth0" filter="icmp"/>
    <ping from="h1" to="h2:eth0" size="1472" df="do"/>
    <capture-stop name="wire">
      <expect fact="capture.packets" equals="2"/>
      <expect fact="capture.icmp_frag_needed.count" equals="1"/>
      <expect fact="capture.icmp_frag_needed.mtu" equals="1400"/>
      <expect fact="capture.icmp_frag_needed.from" equals="10.0.1.254"/>
      <expect fact="capture.pcap_drops" equals="0"/>
    </capture-stop>
  </case>
  <case name="expects_the_wrong_mtu">
    <capture-start name="wire" at="h1:eth0" filter="icmp"/>
    <capture-start name="egress" at="r:eth2" filter="icmp"/>
    <ping from="h1" to="h2:eth0" size="1472" df="do"/>
    <ping from="h1" to="h2:eth0" size="100" df="do"/>
    <capture-stop name="egress"/>
    <capture-stop name="wire">
      <expect fact="capture.icmp_frag_needed.mtu" equals="1500"/>
    </capture-stop>
  </case>
  <case name="errors_while_capturing">
    <capture-start name="wire" at="h1:eth0" filter="icmp"/>
    <ping from="h1" to="h2:eth0" size="56"/>
    <set node="h1" name="net.ipv4.no_such_knob" value="1"/>
    <capture-stop name="wire"><expect fact="capture.pcap_drops" equals="0"/></capture-stop>
  </case>
</suite>
)";

/// Packets in a pcap file, through libpcap itself; -1 when it cannot be opened.
int PcapPackets(const std::string& path, int* dlt) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(path.c_str(), err);
  if (p == nullptr) {
    ADD_FAILURE() << path << ": " << err;
    return -1;
  }
  *dlt = pcap_datalink(p);
  int n = 0;
  pcap_pkthdr* h;
  const u_char* bytes;
  while (pcap_next_ex(p, &h, &bytes) == 1) ++n;
  pcap_close(p);
  return n;
}

class CaptureE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    before_ = TakeSnapshot();
    fs::create_directories(dir_.path() + "/topologies");
    fs::create_directories(dir_.path() + "/suites");
    WriteFile(dir_.path() + "/topologies/cap.xml", kTopology);
    WriteFile(dir_.path() + "/suites/cap.xml", kSuite);
  }
  void TearDown() override {
    if (::geteuid() != 0) return;
    HostSnapshot after = TakeSnapshot();
    EXPECT_EQ(after.pinned, before_.pinned);
    EXPECT_EQ(after.host_links, before_.host_links);
    EXPECT_EQ(after.open_fds, before_.open_fds);
    EXPECT_TRUE(after.children.empty());
  }
  const JunitCase* Find(const std::string& name) {
    for (const JunitCase& c : cases_) {
      if (c.name == name) return &c;
    }
    ADD_FAILURE() << "no testcase " << name;
    return nullptr;
  }
  std::string Out() const { return dir_.path() + "/out"; }

  TempDir dir_;
  HostSnapshot before_;
  std::vector<JunitCase> cases_;
};

TEST_F(CaptureE2eTest, FailedCasesKeepTheirCapturesPassingCasesKeepNothing) {
  ProcessResult r = RunMtulab({"run", "suites/cap.xml", "-j", "2", "--junit",
                               Out() + "/junit.xml"}, dir_.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  cases_ = ParseJunit(Out() + "/junit.xml");
  ASSERT_EQ(cases_.size(), 3u);

  const JunitCase* pass = Find("sees_frag_needed");
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(pass->outcome, "pass") << pass->message << "\n" << pass->system_out;
  EXPECT_EQ(pass->system_out.find("ATTACHMENT"), std::string::npos) << pass->system_out;
  EXPECT_FALSE(fs::exists(Out() + "/cap/sees_frag_needed"));

  const JunitCase* fail = Find("expects_the_wrong_mtu");
  ASSERT_NE(fail, nullptr);
  EXPECT_EQ(fail->outcome, "failure");
  EXPECT_NE(fail->message.find("capture.icmp_frag_needed.mtu: expected = 1500, observed 1400"),
            std::string::npos) << fail->message;
  std::string kept = Out() + "/cap/expects_the_wrong_mtu/";
  for (const char* file : {"h1-eth0.pcap", "r-eth2.pcap", "interfaces.txt"}) {
    EXPECT_NE(fail->system_out.find("[[ATTACHMENT|" + kept + file + "]]\n"), std::string::npos)
        << file << " not attached:\n" << fail->system_out;
  }
  int dlt = 0;
  // The big echo and its frag-needed, then the small echo and its reply.
  EXPECT_EQ(PcapPackets(kept + "h1-eth0.pcap", &dlt), 4);
  EXPECT_EQ(dlt, DLT_EN10MB);
  EXPECT_EQ(PcapPackets(kept + "r-eth2.pcap", &dlt), 2);  // only the small echo crossed
  std::string map = ReadFile(kept + "interfaces.txt");
  EXPECT_NE(map.find("# h1-eth0.pcap: capture 'wire' on h1:eth0 (EN10MB, 4 packets, filter "
                     "'icmp')"), std::string::npos) << map;
  EXPECT_NE(map.find("\nr eth2 "), std::string::npos) << map;
  EXPECT_NE(map.find(" 1400 10.0.2.254/24"), std::string::npos) << map;

  const JunitCase* error = Find("errors_while_capturing");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->outcome, "error") << error->message;
  EXPECT_NE(error->system_out.find("[[ATTACHMENT|" + Out() +
                                   "/cap/errors_while_capturing/h1-eth0.pcap]]"),
            std::string::npos) << error->system_out;
  // The capture never reached its stop step: the packets seen until the error are kept.
  EXPECT_EQ(PcapPackets(Out() + "/cap/errors_while_capturing/h1-eth0.pcap", &dlt), 2);
}

TEST_F(CaptureE2eTest, BadFilterIsAConfigErrorBeforeAnythingRuns) {
  Mutate(dir_.path() + "/suites/cap.xml", "sees_frag_needed", "filter=\"icmp\"",
         "filter=\"icmp andd tcp\"");
  ProcessResult r = RunMtulab({"run", "suites/cap.xml", "--junit", Out() + "/junit.xml"},
                              dir_.path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("suites/cap.xml:3:45: filter=\"icmp andd tcp\" is not a valid capture "
                       "filter: can't parse filter expression: syntax error"),
            std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(Out()));
}

}  // namespace
}  // namespace mtulab::e2e
