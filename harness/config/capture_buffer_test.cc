// <capture-start buffer="..."> and the ring every capture gets once its suite loads.
#include "harness/config/capture_buffer.h"

#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/model/capture_budget.h"

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

class CaptureBufferTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    Write("topologies/t.xml", kTopology);
    path_ = dir_ + "/suites/s.xml";
  }
  // A suite whose capture-start (line 3) has `attrs` after name="w" at="a:x" and spans `steps`.
  std::string WriteSuite(const std::string& attrs, const std::string& steps = "") {
    return Write("suites/s.xml",
                 "<suite name=\"s\" topology=\"../topologies/t.xml\">\n"
                 "  <case name=\"c\">\n"
                 "    <capture-start name=\"w\" at=\"a:x\" " + attrs + "/>\n" + steps +
                 "    <capture-stop name=\"w\"><expect fact=\"capture.packets\" at_least=\"0\"/>"
                 "</capture-stop>\n"
                 "  </case>\n</suite>\n");
  }
  uint64_t RingOf(const std::string& attrs, const std::string& steps = "") {
    Suite s = LoadSuite(WriteSuite(attrs, steps));
    return std::get<CaptureStartStep>(s.cases.at(0).steps.at(0).body).ring_bytes;
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
  std::string path_;
};

TEST_F(CaptureBufferTest, AnExplicitBufferIsTheRing) {
  EXPECT_EQ(RingOf("buffer=\"4M\""), 4u << 20);
  EXPECT_EQ(RingOf("buffer=\"256K\""), 256u << 10);
  EXPECT_EQ(RingOf("buffer=\"1G\""), 1u << 30);
}

TEST_F(CaptureBufferTest, WithoutOneTheRingIsSizedFromTheSpannedSteps) {
  EXPECT_EQ(RingOf(""), kCaptureRingFloor);
  uint64_t ring = RingOf("", "    <tcp from=\"a\" to=\"b:y\" request=\"8388608\"/>\n");
  EXPECT_GT(ring, 8u << 20);
  EXPECT_LE(ring, kCaptureRingCeiling);
}

TEST_F(CaptureBufferTest, BadSizesAreReportedAtTheAttribute) {
  for (const char* bad : {"100K", "2G", "4T", "lots", "-1M", "4.5M"}) {
    WriteSuite(std::string("buffer=\"") + bad + "\"");
    EXPECT_EQ(Errors([&] { LoadSuite(path_); }),
              Lines(At(3, 38, std::string("buffer=\"") + bad +
                                  "\" is not a ring size from 256K to 1G (e.g. 4M, 512K)")))
        << bad;
  }
}

}  // namespace
}  // namespace mtulab
