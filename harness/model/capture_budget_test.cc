// Ring sizes from the traffic a capture spans, and the run's capture memory budget.
#include "harness/model/capture_budget.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

constexpr uint64_t kKiB = 1 << 10;
constexpr uint64_t kMiB = 1 << 20;

Step MakeStep(StepBody body, int line) {
  Step s;
  s.body = std::move(body);
  s.loc = SourceLoc{"suites/s.xml", line, 5};
  return s;
}

Step CaptureStart(const std::string& name, int line, std::optional<uint64_t> buffer = {}) {
  CaptureStartStep c;
  c.name = name;
  c.buffer = buffer;
  return MakeStep(c, line);
}

Step CaptureStop(const std::string& name, int line) {
  return MakeStep(CaptureStopStep{name}, line);
}

Step Tcp(uint64_t request, uint64_t response) {
  TcpStep t;
  t.request = request;
  t.response = response;
  return MakeStep(t, 0);
}

Step Ping(uint32_t size, uint32_t count) {
  PingStep p;
  p.size = size;
  p.count = count;
  return MakeStep(p, 0);
}

Case MakeCase(const std::string& name, std::vector<Step> steps) {
  Case c;
  c.name = name;
  c.steps = std::move(steps);
  return c;
}

TEST(ParseMemorySizeTest, AcceptsBytesAndBinarySuffixes) {
  EXPECT_EQ(ParseMemorySize("4M"), 4 * kMiB);
  EXPECT_EQ(ParseMemorySize("4MiB"), 4 * kMiB);
  EXPECT_EQ(ParseMemorySize("4MB"), 4 * kMiB);
  EXPECT_EQ(ParseMemorySize("256K"), 256 * kKiB);
  EXPECT_EQ(ParseMemorySize("256k"), 256 * kKiB);
  EXPECT_EQ(ParseMemorySize("1G"), 1024 * kMiB);
  EXPECT_EQ(ParseMemorySize("4194304"), 4 * kMiB);
  EXPECT_EQ(ParseMemorySize("100B"), 100u);
}

TEST(ParseMemorySizeTest, RefusesAnythingElse) {
  for (const char* bad : {"", "M", "-4M", "4 M", "4.5M", "4T", "4kb", "4m", "0x10", "4MiBs",
                          "99999999999999M", "2000G"}) {
    EXPECT_EQ(ParseMemorySize(bad), std::nullopt) << bad;
  }
}

TEST(FormatMemorySizeTest, PicksTheLargestUnit) {
  EXPECT_EQ(FormatMemorySize(2 * kMiB), "2 MiB");
  EXPECT_EQ(FormatMemorySize(256 * kKiB), "256 KiB");
  EXPECT_EQ(FormatMemorySize(3 * kMiB / 2), "1.5 MiB");
  EXPECT_EQ(FormatMemorySize(100), "100 bytes");
}

TEST(CaptureRingSizeTest, LittleTrafficGetsTheFloor) {
  Case c = MakeCase("c", {CaptureStart("w", 3), Ping(56, 1), CaptureStop("w", 5)});
  EXPECT_LT(EstimateCaptureTraffic(c, 0), kCaptureRingFloor);
  EXPECT_EQ(CaptureRingSize(c, 0), kCaptureRingFloor);
}

// seed004_offloads' tso_gso_off case: 1 MiB of 1448-byte segments measured 1163 packets and
// 1174638 bytes on the wire; the ring also holds ~110 bytes of headers per packet.
TEST(CaptureRingSizeTest, EstimateCoversAMeasuredTransferWithItsRingHeaders) {
  Case c = MakeCase("c", {CaptureStart("w", 3), Tcp(1048576, 100), CaptureStop("w", 5)});
  EXPECT_GE(EstimateCaptureTraffic(c, 0), 1174638u + 1163u * 112u);
  uint64_t ring = CaptureRingSize(c, 0);
  EXPECT_GE(ring, EstimateCaptureTraffic(c, 0));
  EXPECT_EQ(ring % kCaptureRingBlock, 0u);
  EXPECT_LT(ring, kCaptureRingCeiling);
}

TEST(CaptureRingSizeTest, OnlyTheStepsBeforeItsOwnStopCount) {
  Case c = MakeCase("c", {CaptureStart("w", 3), Ping(56, 1), CaptureStop("w", 5),
                          Tcp(64 * kMiB, 0)});
  EXPECT_EQ(CaptureRingSize(c, 0), kCaptureRingFloor);
}

TEST(CaptureRingSizeTest, HugeTransfersGetTheCeilingAndSnaplenCutsPackets) {
  Case c = MakeCase("c", {CaptureStart("w", 3), Tcp(0, 256 * kMiB), CaptureStop("w", 5)});
  EXPECT_EQ(CaptureRingSize(c, 0), kCaptureRingCeiling);
  std::get<CaptureStartStep>(c.steps[0].body).snaplen = 64;
  uint64_t headers_only = EstimateCaptureTraffic(c, 0);
  EXPECT_LT(headers_only, 256 * kMiB);
  EXPECT_LE(CaptureRingSize(c, 0), kCaptureRingCeiling);
}

TEST(CaptureRingSizeTest, ExplicitBufferWins) {
  Case c = MakeCase("c", {CaptureStart("w", 3, 512 * kKiB), Tcp(0, 256 * kMiB),
                          CaptureStop("w", 5)});
  EXPECT_EQ(CaptureRingSize(c, 0), 512 * kKiB);
  Suite s;
  s.cases.push_back(c);
  SizeCaptureRings(s);
  EXPECT_EQ(std::get<CaptureStartStep>(s.cases[0].steps[0].body).ring_bytes, 512 * kKiB);
}

// a and b overlap, then b and c: the peak is the larger pair, reached at its second start.
TEST(PeakCaptureMemoryTest, CountsOnlyCapturesRunningTogether) {
  Suite s;
  s.cases.push_back(MakeCase("c", {CaptureStart("a", 3, 4 * kMiB),
                                   CaptureStart("b", 4, 2 * kMiB),
                                   CaptureStop("a", 5), CaptureStart("c", 6, 8 * kMiB),
                                   CaptureStop("b", 7), CaptureStop("c", 8)}));
  SizeCaptureRings(s);
  CaseCaptureMemory m = PeakCaptureMemory(s.cases[0]);
  EXPECT_EQ(m.bytes, 10 * kMiB);
  EXPECT_EQ(m.captures, 2);
  ASSERT_NE(m.peak, nullptr);
  EXPECT_EQ(m.peak->loc.line, 6);
  EXPECT_EQ(PeakCaptureMemory(MakeCase("none", {Ping(56, 1)})).peak, nullptr);
}

TEST(PeakCaptureMemoryTest, UnsizedRingsCountAsTheCeiling) {
  Case c = MakeCase("c", {CaptureStart("a", 3), CaptureStop("a", 4)});
  EXPECT_EQ(PeakCaptureMemory(c).bytes, kCaptureRingCeiling);
}

// 80 captures at once: the suite of issue 17 (2.57 GB with 32 MiB rings).
Suite ManyCaptures(int n, std::optional<uint64_t> buffer) {
  std::vector<Step> steps;
  for (int i = 0; i < n; ++i) {
    steps.push_back(CaptureStart("c" + std::to_string(i), 10 + i, buffer));
  }
  steps.push_back(Ping(56, 1));
  for (int i = 0; i < n; ++i) steps.push_back(CaptureStop("c" + std::to_string(i), 100 + i));
  Suite s;
  s.name = "s";
  s.cases.push_back(MakeCase("many", steps));
  SizeCaptureRings(s);
  return s;
}

TEST(CheckCaptureBudgetTest, OneCaseOverTheBudgetIsRefusedAtItsPeakCapture) {
  // Sized from one ping: the floor each, 160 MiB (32 MiB rings made it 2.5 GiB).
  std::optional<CaptureBudgetError> e =
      CheckCaptureBudget({ManyCaptures(80, std::nullopt)}, 1, 128 * kMiB);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->loc.ToString(), "suites/s.xml:89:5");
  EXPECT_EQ(e->message,
            "capture 'c79' brings case 's/many' to 80 captures at once, 160 MiB of kernel "
            "rings, over the capture memory budget of 128 MiB; raise --capture-memory, or "
            "give captures a smaller buffer=");
  EXPECT_FALSE(CheckCaptureBudget({ManyCaptures(80, std::nullopt)}, 1, 256 * kMiB).has_value());
}

TEST(CheckCaptureBudgetTest, JobsMultiplyTheBusiestCases) {
  Suite s = ManyCaptures(10, 4 * kMiB);  // 40 MiB at its peak
  Case second = s.cases[0];
  second.name = "again";
  for (Step& step : second.steps) step.loc.line += 1000;
  s.cases.push_back(second);
  EXPECT_FALSE(CheckCaptureBudget({s}, 1, 64 * kMiB).has_value());
  std::optional<CaptureBudgetError> e = CheckCaptureBudget({s}, 2, 64 * kMiB);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->loc.ToString(), "suites/s.xml:1019:5");
  EXPECT_NE(e->message.find("with -j 2 the 2 cases with the most capture memory may run "
                            "together and hold 80 MiB, over the capture memory budget of 64 MiB"),
            std::string::npos)
      << e->message;
  EXPECT_FALSE(CheckCaptureBudget({s}, 2, 80 * kMiB).has_value());
  EXPECT_FALSE(CheckCaptureBudget({s}, 1000, 80 * kMiB).has_value());  // only 2 cases
}

}  // namespace
}  // namespace mtulab
