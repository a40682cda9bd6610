// Ethtool against a real veth pair in a throwaway namespace (root):
//
//   [ anonymous netns "node 'et'":  va <==veth==> vb ]
//
// What the tests pin down is what kernel 6.18 does to a veth: tso/gso/sg/tx on and
// changeable, gro off but changeable, lro fixed off; sg off drags gso and the classic
// tx-tcp*-segmentation bits off (tx-tcp-accecn-segmentation, new in 6.18, stays on and is
// not asserted); tx off drags tso off. Each TEST gets a fresh pair.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "harness/sys/ethtool.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// `text` contains `part`, printing both when it does not.
::testing::AssertionResult Has(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' lacks '" << part << "'";
}

constexpr char kOwner[] = "node 'et'";

class EthtoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    ns_.emplace(Netns::Create());
    {
      ScopedNetnsEnter in(*ns_);
      Rtnl rtnl(kOwner);
      rtnl.AddVeth("va", std::nullopt, "vb", std::nullopt, ns_->fd(), kOwner);
      for (const char* name : {"va", "vb"}) rtnl.SetUp(rtnl.GetLink(name).ifindex, name);
    }
    ethtool_.emplace(*ns_, kOwner);
  }

  OffloadState Group(const std::string& ifname, const std::string& group) {
    return ethtool_->Read(ifname).at(group);
  }

  // Sets `group` and expects it applied; returns the detail.
  std::string SetApplied(const std::string& group, bool on) {
    OffloadChange c = ethtool_->Set("va", group, on);
    EXPECT_TRUE(c.applied) << group << " " << on << ": " << c.detail;
    EXPECT_EQ(c.after.active, on) << group;
    EXPECT_EQ(Group("va", group).active, on) << group;
    return c.detail;
  }

  std::optional<Netns> ns_;
  std::optional<Ethtool> ethtool_;
};

TEST_F(EthtoolTest, ReadShowsVethDefaults) {
  std::map<std::string, OffloadState> s = ethtool_->Read("va");
  ASSERT_EQ(s.size(), Ethtool::Groups().size());
  for (const char* group : {"tso", "gso", "sg", "tx"}) {
    EXPECT_TRUE(s.at(group).active) << group;
    EXPECT_TRUE(s.at(group).changeable) << group;
  }
  EXPECT_TRUE(s.at("gro").changeable);  // its default is read, not assumed, below
  EXPECT_FALSE(s.at("lro").active);
  EXPECT_FALSE(s.at("lro").changeable);
}

TEST_F(EthtoolTest, TsoOffThenOn) {
  EXPECT_EQ(SetApplied("tso", false), "");
  EXPECT_EQ(SetApplied("tso", true), "");
  EXPECT_TRUE(Group("va", "gso").active);
}

TEST_F(EthtoolTest, GsoOffThenOn) {
  EXPECT_EQ(SetApplied("gso", false), "");
  EXPECT_TRUE(Group("va", "tso").active);  // TSO does not depend on GSO
  EXPECT_EQ(SetApplied("gso", true), "");
}

TEST_F(EthtoolTest, GroTogglesFromWhateverItReads) {
  const bool initial = Group("va", "gro").active;  // off on 6.18's veth
  EXPECT_EQ(SetApplied("gro", !initial), "");
  EXPECT_EQ(SetApplied("gro", initial), "");
}

TEST_F(EthtoolTest, OnlyTheAskedEndChanges) {
  SetApplied("tso", false);
  EXPECT_TRUE(Group("vb", "tso").active);
}

TEST_F(EthtoolTest, LroOnIsReportedFixedOff) {
  OffloadChange c = ethtool_->Set("va", "lro", true);
  EXPECT_FALSE(c.applied);
  EXPECT_FALSE(c.after.active);
  EXPECT_FALSE(c.after.changeable);
  EXPECT_EQ(c.detail, "rx-lro: fixed off");
  EXPECT_TRUE(ethtool_->Set("va", "lro", false).applied);
}

// Kernel netdev_fix_features: without scatter-gather there is no GSO and no TSO. The
// requested bits stay set, so gso/tso come back by themselves when sg is turned on again.
TEST_F(EthtoolTest, SgOffDropsGsoAndTso) {
  std::string detail = SetApplied("sg", false);
  EXPECT_TRUE(Has(detail, "tx-generic-segmentation: off [not requested]"));
  EXPECT_TRUE(Has(detail, "tx-tcp-segmentation: off [not requested]"));
  EXPECT_TRUE(Has(detail, "tx-tcp6-segmentation: off [not requested]"));
  EXPECT_FALSE(Has(detail, "tx-scatter-gather"));
  EXPECT_FALSE(Group("va", "gso").active);
  EXPECT_FALSE(Group("va", "tso").active);
  EXPECT_TRUE(Group("va", "gso").changeable);

  OffloadChange gso = ethtool_->Set("va", "gso", true);
  EXPECT_FALSE(gso.applied);
  EXPECT_EQ(gso.detail, "tx-generic-segmentation: off [requested on]");

  detail = SetApplied("sg", true);
  EXPECT_TRUE(Has(detail, "tx-generic-segmentation: on [not requested]"));
  EXPECT_TRUE(Group("va", "gso").active);
  EXPECT_TRUE(Group("va", "tso").active);
}

// TSO (and UDP segmentation) need checksum offload: tx off takes them along, not GSO.
TEST_F(EthtoolTest, TxOffDropsTso) {
  std::string detail = SetApplied("tx", false);
  EXPECT_TRUE(Has(detail, "tx-tcp-segmentation: off [not requested]"));
  EXPECT_TRUE(Has(detail, "tx-udp-segmentation: off [not requested]"));
  EXPECT_FALSE(Group("va", "tso").active);
  EXPECT_TRUE(Group("va", "gso").active);
  SetApplied("tx", true);
  EXPECT_TRUE(Group("va", "tso").active);
}

TEST_F(EthtoolTest, UnknownGroupThrowsEinval) {
  try {
    ethtool_->Set("va", "foo", true);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EINVAL);
    EXPECT_TRUE(Has(e.what(), "unknown offload 'foo' (known: tso, gso, gro, lro, tx, sg)"));
  }
}

TEST_F(EthtoolTest, UnknownInterfaceThrowsNamingIt) {
  try {
    ethtool_->Read("eth9");
    FAIL() << "no exception";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENODEV);
    EXPECT_STREQ(e.what(), "reading offloads of 'eth9' in node 'et': No such device");
  }
  try {
    ethtool_->Set("eth9", "tso", false);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENODEV);
    EXPECT_TRUE(Has(e.what(), "'eth9' in node 'et'"));
  }
}

// `ethtool -k` output as "header" -> "on"/"off"/"off [fixed]"... (group header lines only).
std::map<std::string, std::string> EthtoolCommandHeaders(const Netns& ns, const char* ifname) {
  std::string cmd = "nsenter --net=/proc/" + std::to_string(::getpid()) + "/fd/" +
                    std::to_string(ns.fd()) + " ethtool -k " + ifname + " 2>/dev/null";
  std::map<std::string, std::string> headers;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return headers;
  char line[256];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string l(line);
    size_t colon = l.find(": ");
    if (l.empty() || l[0] == '\t' || colon == std::string::npos) continue;
    headers[l.substr(0, colon)] = l.substr(colon + 2, l.find_last_not_of("\n") - colon - 1);
  }
  ::pclose(pipe);
  return headers;
}

// Ground truth from the ethtool binary when it is installed (the harness never runs it).
// Only the default state is compared: for a partly-active group ethtool 6.1's header
// says "on" where mtulab says off.
TEST_F(EthtoolTest, DefaultsMatchTheEthtoolCommand) {
  if (std::system("command -v ethtool >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1")) {
    GTEST_SKIP() << "ethtool or nsenter not installed";
  }
  std::map<std::string, std::string> headers = EthtoolCommandHeaders(*ns_, "va");
  ASSERT_FALSE(headers.empty()) << "ethtool -k printed nothing";
  const std::map<std::string, std::string> header_of = {
      {"tso", "tcp-segmentation-offload"}, {"gso", "generic-segmentation-offload"},
      {"gro", "generic-receive-offload"},  {"lro", "large-receive-offload"},
      {"tx", "tx-checksumming"},           {"sg", "scatter-gather"}};
  for (const auto& [group, state] : ethtool_->Read("va")) {
    std::string expected = std::string(state.active ? "on" : "off") +
                           (state.changeable ? "" : " [fixed]");
    EXPECT_EQ(headers[header_of.at(group)], expected) << group;
  }
}

}  // namespace
}  // namespace mtulab
