// mtulab lint's `ipsec` check: a vti without an <ipsec> of its key, an <ipsec> mark no vti sets.
#include <gtest/gtest.h>

#include "harness/plan/lint.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

constexpr char kPair[] = R"(  <node name="a"/>
  <node name="b"/>
  <link>
    <end node="a" name="u0" ipv4="172.16.0.1/24"/>
    <end node="b" name="u0" ipv4="172.16.0.2/24"/>
  </link>
  <link kind="vti" node="a" name="t0" local="172.16.0.1" remote="172.16.0.2" key="7"/>
)";

class LintIpsecTest : public PlanTest {
 protected:
  std::vector<std::string> Checks(const std::string& body) {
    std::vector<std::string> out;
    for (const Finding& f : LintTopology(Load(body))) {
      if (f.check == "ipsec") out.push_back(f.loc.ToString().substr(dir_.size()) + " " + f.message);
    }
    return out;
  }
  static std::string IpsecXml(const char* mark, const char* a, const char* b) {
    return std::string("  <ipsec mark=\"") + mark + "\" aead=\"rfc4106(gcm(aes))\">\n" +
           "    <end node=\"a\" addr=\"" + a + "\"/><end node=\"b\" addr=\"" + b + "\"/>\n" +
           "  </ipsec>\n";
  }
};

TEST_F(LintIpsecTest, AVtiWithItsIpsecIsQuiet) {
  EXPECT_TRUE(Checks(std::string(kPair) + IpsecXml("7", "172.16.0.1", "172.16.0.2")).empty());
  // Written from the other end: the same tunnel.
  EXPECT_TRUE(Checks(std::string(kPair) + "  <ipsec mark=\"7\" aead=\"rfc4106(gcm(aes))\">\n" +
                     "    <end node=\"b\" addr=\"172.16.0.2\"/><end node=\"a\" "
                     "addr=\"172.16.0.1\"/>\n  </ipsec>\n")
                  .empty());
}

TEST_F(LintIpsecTest, AVtiWithoutIpsecAndAMarkWithoutVti) {
  EXPECT_EQ(Checks(kPair), Lines("/t.xml:8:3 vti 't0' on node 'a' (key 7) has no <ipsec> with mark "
                                 "7 between its local and remote addresses"));
  EXPECT_EQ(Checks(std::string(kPair) + IpsecXml("8", "172.16.0.1", "172.16.0.2")),
            Lines("/t.xml:8:3 vti 't0' on node 'a' (key 7) has no <ipsec> with mark 7 between "
                  "its local and remote addresses",
                  "/t.xml:9:3 ipsec 172.16.0.1 (a) <-> 172.16.0.2 (b) marks its policies 8 but "
                  "no vti on its ends has that key"));
}

TEST_F(LintIpsecTest, AnUnmarkedIpsecProtectsEverythingAndNeedsNoVti) {
  EXPECT_EQ(Checks(std::string(kPair) +
                   "  <ipsec aead=\"rfc4106(gcm(aes))\">\n    <end node=\"a\" addr=\"172.16.0.1\"/>"
                   "<end node=\"b\" addr=\"172.16.0.2\"/>\n  </ipsec>\n"),
            Lines("/t.xml:8:3 vti 't0' on node 'a' (key 7) has no <ipsec> with mark 7 between "
                  "its local and remote addresses"));
}

}  // namespace
}  // namespace mtulab
