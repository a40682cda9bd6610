#include "harness/probes/counter_table.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

constexpr char kSnmp[] =
    "Ip: Forwarding DefaultTTL InReceives InErrors\n"
    "Ip: 2 64 10 0\n"
    "Icmp: InMsgs InErrors InDestUnreachs\n"
    "Icmp: 3 0 2\n";
constexpr char kNetstat[] =
    "TcpExt: SyncookiesSent IPReversePathFilter\n"
    "TcpExt: 0 7\n"
    "IpExt: InNoRoutes InTruncatedPkts\n"
    "IpExt: 1 0\n";
constexpr char kSnmp6[] = "Ip6InReceives                   \t12\nIcmp6InPktTooBigs 4\n";

CounterTable Table() {
  CounterTable t;
  t.AddPairedLines(kSnmp);
  t.AddPairedLines(kNetstat);
  t.AddNameValueLines(kSnmp6);
  return t;
}

TEST(CounterTableTest, FindsQualifiedBareAndSnmp6Names) {
  CounterTable t = Table();
  int64_t v = -1;
  std::string error;
  ASSERT_TRUE(t.Lookup("TcpExt.IPReversePathFilter", &v, &error));
  EXPECT_EQ(v, 7);
  ASSERT_TRUE(t.Lookup("IPReversePathFilter", &v, &error));
  EXPECT_EQ(v, 7);
  ASSERT_TRUE(t.Lookup("Icmp6InPktTooBigs", &v, &error));
  EXPECT_EQ(v, 4);
  ASSERT_TRUE(t.Lookup("Icmp.InDestUnreachs", &v, &error));
  EXPECT_EQ(v, 2);
}

TEST(CounterTableTest, AmbiguousBareNameIsAnError) {
  int64_t v = 0;
  std::string error;
  EXPECT_FALSE(Table().Lookup("InErrors", &v, &error));
  EXPECT_EQ(error, "counter name 'InErrors' is ambiguous: Icmp.InErrors, Ip.InErrors");
}

TEST(CounterTableTest, UnknownNameSuggestsTheClosest) {
  int64_t v = 0;
  std::string error;
  EXPECT_FALSE(Table().Lookup("IPReversePathFiltr", &v, &error));
  EXPECT_EQ(error,
            "no counter 'IPReversePathFiltr' in /proc/net/snmp, snmp6 or netstat "
            "(did you mean TcpExt.IPReversePathFilter?)");
}

TEST(CounterTableTest, PerTypeIcmpCountersTheKernelHasNotPrintedYetReadZero) {
  CounterTable t = Table();
  int64_t v = -1;
  std::string error;
  ASSERT_TRUE(t.Lookup("IcmpMsg.InType8", &v, &error)) << error;
  EXPECT_EQ(v, 0);
  ASSERT_TRUE(t.Lookup("Icmp6OutType128", &v, &error)) << error;
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(t.Lookup("IcmpMsg.InTypeX", &v, &error));
  EXPECT_FALSE(t.Lookup("Icmp6InTyp128", &v, &error));
}

}  // namespace
}  // namespace mtulab
