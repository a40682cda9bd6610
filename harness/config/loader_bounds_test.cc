// Bounds of the loader (issue 17 items 4, 5, 8): the dependency-cycle check, the "did you
// mean" cap, the size limits, what files are read and quoted, unusable addresses and names.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/config/config_test_util.h"
#include "harness/config/limits.h"
#include "harness/config/loader.h"
#include "harness/config/loader_internal.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

class LoaderBoundsTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = dir_ + "/t.xml";
  }
  // Writes a topology whose body starts on line 2, then loads it.
  std::vector<std::string> ErrorsOf(const std::string& body) {
    Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n");
    return Errors([&] { LoadTopology(path_); });
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
  // The diagnostics of loading `suite` (a path), with their source lines.
  static std::vector<Diagnostic> DiagnosticsOf(const std::string& suite) {
    try {
      LoadSuite(suite);
    } catch (const ConfigError& error) {
      return error.diagnostics();
    }
    return {};
  }

  std::string path_;
};

// Used to be reported as "depends on itself": the check took a device seen twice (br0,
// reached through vx1 and through vx2) for a cycle.
TEST_F(LoaderBoundsTest, TwoVxlansOnOneUnderlayBridgeInOneOverlayBridgeAreNoCycle) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a\"/>\n  <node name=\"b\"/>\n"
                     "  <link><end node=\"a\" name=\"u0\"/><end node=\"b\" name=\"u0\"/></link>\n"
                     "  <link kind=\"bridge\" node=\"a\" name=\"br0\" ports=\"u0\" "
                     "ipv4=\"10.0.0.1/24\"/>\n"
                     "  <link kind=\"vxlan\" node=\"a\" name=\"vx1\" vni=\"1\" dev=\"br0\" "
                     "remote=\"10.0.0.2\"/>\n"
                     "  <link kind=\"vxlan\" node=\"a\" name=\"vx2\" vni=\"2\" dev=\"br0\" "
                     "remote=\"10.0.0.3\"/>\n"
                     "  <link kind=\"bridge\" node=\"a\" name=\"br1\" ports=\"vx1 vx2\"/>\n"),
            Lines("no error"));
}

TEST_F(LoaderBoundsTest, RealCycleIsNamedAtEachMemberAndADependentIsNotBlamed) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a\"/>\n"
                     "  <link kind=\"macvlan\" node=\"a\" name=\"m1\" parent=\"m2\"/>\n"
                     "  <link kind=\"macvlan\" node=\"a\" name=\"m2\" parent=\"m3\"/>\n"
                     "  <link kind=\"macvlan\" node=\"a\" name=\"m3\" parent=\"m1\"/>\n"
                     "  <link kind=\"macvlan\" node=\"a\" name=\"m4\" parent=\"m1\"/>\n"),
            Lines(At(3, 3, "macvlan 'm1' on node 'a' depends on itself through other links: "
                           "m1 -> m2 -> m3 -> m1"),
                  At(4, 3, "macvlan 'm2' on node 'a' depends on itself through other links: "
                           "m2 -> m3 -> m1 -> m2"),
                  At(5, 3, "macvlan 'm3' on node 'a' depends on itself through other links: "
                           "m3 -> m1 -> m2 -> m3")));
}

// (Moved from topology_loader_test.cc, which is at its 400-line limit.)
TEST_F(LoaderBoundsTest, DeviceCyclesBadPeersAndKeysAreReportedWithoutKeyMaterial) {
  std::string body =
      "  <node name=\"a\"/>\n"
      "  <link kind=\"bridge\" node=\"a\" name=\"br0\" ports=\"br1\"/>\n"
      "  <link kind=\"bridge\" node=\"a\" name=\"br1\" ports=\"br0\"/>\n"
      "  <link kind=\"wireguard\" node=\"a\" name=\"wg0\" private_key=\"secretsecret\">\n"
      "    <peer node=\"a\" dev=\"br0\" endpoint=\"10.0.0.2\"/></link>\n";
  EXPECT_EQ(ErrorsOf(body),
            Lines(At(3, 3, "bridge 'br0' on node 'a' depends on itself through other links: "
                           "br0 -> br1 -> br0"),
                  At(4, 3, "bridge 'br1' on node 'a' depends on itself through other links: "
                           "br1 -> br0 -> br1"),
                  At(5, 46, "wireguard 'wg0': private_key is not a base64 32-byte WireGuard key"),
                  At(6, 5, "wireguard 'wg0' on node 'a': peer a:br0 is not a wireguard link of "
                           "the topology"),
                  At(6, 5, "wireguard 'wg0' on node 'a': peer endpoint '10.0.0.2' is not "
                           "ADDR:PORT (IPv6: [ADDR]:PORT)")));
}

TEST_F(LoaderBoundsTest, LongCycleIsNamedShortly) {
  std::string body = "  <node name=\"a\"/>\n";
  for (int k = 1; k <= 20; ++k) {
    body += "  <link kind=\"macvlan\" node=\"a\" name=\"m" + std::to_string(k) + "\" parent=\"m" +
            std::to_string(k % 20 + 1) + "\"/>\n";
  }
  std::vector<std::string> errors = ErrorsOf(body);
  ASSERT_EQ(errors.size(), 20u);
  EXPECT_EQ(errors[0], At(3, 3, "macvlan 'm1' on node 'a' depends on itself through other links: "
                                "m1 -> m2 -> m3 -> ... (16 more) -> m20 -> m1"));
}

TEST(ClosestNameTest, SuggestsNearMissesOnly) {
  std::vector<std::string> names = {"leaf1", "leaf22", "hub"};
  EXPECT_EQ(ClosestName("laef1", names), "leaf1");   // two substitutions
  EXPECT_EQ(ClosestName("leaf1xy", names), "leaf1");  // two insertions
  EXPECT_EQ(ClosestName("leaf3", names), "leaf1");    // the first of equally close ones
  EXPECT_EQ(ClosestName("hubxyz", names), std::nullopt);  // three
  EXPECT_EQ(ClosestName("", {"ab", "abc"}), "ab");
  EXPECT_EQ(ClosestName("abc", {"bca"}), "bca");
  // A 20,000-character name is never within 2 edits of a real name: no suggestion.
  EXPECT_EQ(ClosestName(std::string(20000, 'l'), names), std::nullopt);
  std::string long_name(300, 'x');
  EXPECT_EQ(ClosestName(long_name, {long_name}), std::nullopt);  // over the cap
  std::string at_cap(kMaxSuggestedNameBytes, 'x');
  EXPECT_EQ(ClosestName(at_cap + "y", {at_cap}), std::nullopt);
  EXPECT_EQ(ClosestName(at_cap.substr(1) + "y", {at_cap}), at_cap);
}

// 30,000 links naming undefined nodes of a 30,000-node topology took over 2 minutes: one
// linear search per reference. A load now has a fixed amount of suggestion work.
TEST(NodeSuggestionTest, StopsWhenTheLoadHasNoSuggestionWorkLeft) {
  Topology t;
  t.nodes = {Node{"leaf1"}, Node{"hub"}};
  Diagnostics diags;
  EXPECT_EQ(NodeSuggestion(t, "leaf2", diags), "; did you mean 'leaf1'?");
  ASSERT_TRUE(diags.SpendSuggestionWork(Diagnostics::kSuggestionWork - 3));
  EXPECT_EQ(NodeSuggestion(t, "leaf2", diags), "");
}

TEST_F(LoaderBoundsTest, MoreNodesThanTheLimitAreRefusedAtTheFirstOneOver) {
  std::string body;
  for (size_t k = 0; k <= kMaxNodes; ++k) body += "<node name=\"n" + std::to_string(k) + "\"/>\n";
  EXPECT_EQ(ErrorsOf(body), Lines(At(static_cast<int>(kMaxNodes) + 2, 1,
                                     "node 65537: a topology may have at most 65536 nodes")));
}

TEST_F(LoaderBoundsTest, MoreLinksThanTheLimitAreRefusedAtTheFirstOneOver) {
  std::string body = "<node name=\"a\"/>\n";
  for (size_t k = 0; k <= kMaxLinks; ++k) body += "<link/>\n";
  EXPECT_EQ(ErrorsOf(body),
            Lines(At(static_cast<int>(kMaxLinks) + 3, 1,
                     "link 131073: a topology may have at most 131072 links (veth and "
                     "single-node links together)")));
}

TEST_F(LoaderBoundsTest, MoreStepsThanTheLimitAreRefusedAtTheFirstOneOver) {
  Write("t.xml", "<topology name=\"t\"><node name=\"a\"/></topology>\n");
  std::string suite = "<suite name=\"s\" topology=\"t.xml\">\n<case name=\"c\">\n";
  for (size_t k = 0; k < kMaxSteps / 2; ++k) suite += "<wait seconds=\"1\"/>\n";
  suite += "</case>\n<case name=\"d\">\n";
  for (size_t k = kMaxSteps / 2; k <= kMaxSteps; ++k) suite += "<wait seconds=\"1\"/>\n";
  suite += "</case>\n</suite>\n";
  std::string path = Write("s.xml", suite);
  EXPECT_EQ(Errors([&] { LoadSuite(path); }),
            Lines(path + ":" + std::to_string(kMaxSteps + 5) +
                  ":1: step 65537: a suite may have at most 65536 steps (over all its cases)"));
}

TEST_F(LoaderBoundsTest, AttributeOverTheLimitIsRefusedAtTheAttribute) {
  std::string at_limit(kMaxAttributeBytes, 'x');
  EXPECT_EQ(ErrorsOf("  <node name=\"" + at_limit + "\"/>\n"),
            Lines(At(2, 9, "node name '" + at_limit + "' must match [A-Za-z0-9_-]{1,32}")));
  EXPECT_EQ(ErrorsOf("  <node forwarding=\"true\" name=\"" + at_limit + "x\"/>\n"),
            Lines(At(2, 27, "attribute 'name' is 262145 bytes; at most 262144 allowed")));
}

// A FIFO whose writer stays open used to block `mtulab check` forever in read().
TEST_F(LoaderBoundsTest, FifoWithAnOpenWriterIsRefusedWithoutReading) {
  std::string fifo = dir_ + "/t.xml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);  // a writer that never writes
  ASSERT_GE(writer, 0);
  EXPECT_EQ(Errors([&] { LoadTopology(fifo); }),
            Lines(fifo + ": cannot be read: not a regular file (a FIFO or pipe); name a regular "
                         "file"));
  ::close(writer);
}

// A suite could make mtulab print the first line of any file it names: /proc/self/environ
// printed a CI token. Such a file no longer parses (NUL bytes), and what does not parse, or
// lies outside the suite's directory (and the topologies/ beside it), is not quoted.
TEST_F(LoaderBoundsTest, OnlyXmlInsideTheSuiteTreeIsQuoted) {
  Write("suites/secret.xml", std::string("TOKEN=hunter2\0HOME=/root\0", 25));
  Write("suites/inside.xml", "<topology name=\"t\">\n  <node name=\"bad!\"/>\n</topology>\n");
  Write("outside.xml", "<topology name=\"t\">\n  <node name=\"bad!\"/>\n</topology>\n");
  auto suite = [&](const std::string& name, const std::string& topology) {
    return Write("suites/" + name, "<suite name=\"s\" topology=\"" + topology + "\"/>\n");
  };
  std::vector<Diagnostic> secret = DiagnosticsOf(suite("a.xml", "secret.xml"));
  ASSERT_EQ(secret.size(), 1u);
  EXPECT_EQ(secret[0].message, "malformed XML: control character 0x00 is not allowed in XML");
  EXPECT_EQ(secret[0].source_line, "");
  std::vector<Diagnostic> inside = DiagnosticsOf(suite("b.xml", "inside.xml"));
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_EQ(inside[0].source_line, "  <node name=\"bad!\"/>");
  std::vector<Diagnostic> outside = DiagnosticsOf(suite("c.xml", "../outside.xml"));
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0].message, "node name 'bad!' must match [A-Za-z0-9_-]{1,32}");
  EXPECT_EQ(outside[0].source_line, "");
  // A symbolic link inside the suite's directory does not lead out of it.
  std::filesystem::create_directory_symlink(dir_, dir_ + "/suites/up");
  std::vector<Diagnostic> linked = DiagnosticsOf(suite("d.xml", "up/outside.xml"));
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0].source_line, "");
  // The layout of the shipped suites: topologies/ beside suites/.
  Write("topologies/beside.xml", "<topology name=\"t\">\n  <node name=\"bad!\"/>\n</topology>\n");
  std::vector<Diagnostic> beside = DiagnosticsOf(suite("e.xml", "../topologies/beside.xml"));
  ASSERT_EQ(beside.size(), 1u);
  EXPECT_EQ(beside[0].source_line, "  <node name=\"bad!\"/>");
  // Named by the user, the same file is quoted, malformed or not.
  EXPECT_EQ(What([&] { LoadTopology(dir_ + "/outside.xml"); }),
            dir_ + "/outside.xml:2:9: node name 'bad!' must match [A-Za-z0-9_-]{1,32}\n"
                   "    <node name=\"bad!\"/>\n          ^");
}

TEST_F(LoaderBoundsTest, Utf16AndUtf32AreNamed) {
  std::string utf16le;
  for (char c : std::string("<topology name=\"t\"/>\n")) utf16le += std::string{c, '\0'};
  EXPECT_EQ(ErrorsOf(""), Lines("no error"));
  Write("t.xml", "\xFF\xFE" + utf16le);
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }),
            Lines(At(1, 1, "file is UTF-16 (byte-order mark FF FE); save it as UTF-8")));
  Write("t.xml", utf16le);
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }),
            Lines(At(1, 1, "file looks like UTF-16 without a byte-order mark (a NUL byte beside "
                           "the first '<'); save it as UTF-8")));
  Write("t.xml", std::string("\0\0\xFE\xFF\0\0\0<", 8));
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }),
            Lines(At(1, 1, "file is UTF-32 (byte-order mark 00 00 FE FF); save it as UTF-8")));
}

TEST_F(LoaderBoundsTest, AddressesThatCanNeverWorkAndReservedNamesAreRefused) {
  EXPECT_EQ(
      ErrorsOf("  <node name=\"a\">\n"
               "    <route to=\"10.1.0.0/16\" via=\"0.0.0.0\"/>\n"
               "    <route to=\"fd01::/64\" via=\"ff02::2\"/>\n"
               "    <route to=\"0.0.0.0/0\" via=\"10.0.0.2\"/>\n"
               "  </node>\n  <node name=\"b\"/>\n"
               "  <link>\n"
               "    <end node=\"a\" name=\"e0\" ipv4=\"10.0.0.1/24 224.0.0.5/24\" ipv6=\"::1/128\"/>\n"
               "    <end node=\"b\" name=\"all\" ipv4=\"255.255.255.255/32 10.0.0.2/24\" "
               "ipv6=\"::/64\"/>\n"
               "  </link>\n"
               "  <link kind=\"bridge\" node=\"a\" name=\"default\"/>\n"),
      Lines(At(3, 29, "via=\"0.0.0.0\" is the unspecified address and cannot be a gateway"),
            At(4, 27, "via=\"ff02::2\" is a multicast address and cannot be a gateway"),
            At(9, 29, "ipv4=\"224.0.0.5/24\": 224.0.0.5 is a multicast address and cannot be "
                       "an interface's address"),
            At(9, 61, "ipv6=\"::1/128\": ::1 is the loopback address and cannot be an "
                       "interface's address"),
            At(10, 19, "interface name 'all' is reserved (net.ipv4.conf.all is not an interface)"),
            At(10, 30, "ipv4=\"255.255.255.255/32\": 255.255.255.255 is the limited broadcast "
                       "address and cannot be an interface's address"),
            At(10, 68, "ipv6=\"::/64\": :: is the unspecified address and cannot be an "
                       "interface's address"),
            At(12, 32, "interface name 'default' is reserved (net.ipv4.conf.default is not an "
                       "interface)")));
}

}  // namespace
}  // namespace mtulab
