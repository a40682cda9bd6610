// Rows of the hostile input table about the loader's bounds (issue 17 items 4, 5, 8):
// dependency cycles, size limits, files that are not regular or not UTF-8, what is quoted,
// and addresses and interface names that can never work.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/e2e/e2e_util.h"
#include "tests/e2e/hostile_input_rows.h"

namespace mtulab::e2e {
namespace {

// kTopo with `links` after its veth link (line 8 onwards).
std::string WithLinks(const std::string& links) {
  return Edit(kTopo, "  </link>\n", "  </link>\n" + links);
}

std::string Utf16Le(const std::string& ascii) {
  std::string out;
  for (char c : ascii) out += std::string{c, '\0'};
  return out;
}

// The first NUL-terminated entry of this process's environment: mtulab inherits it, so the
// first line of /proc/self/environ is this entry and more.
std::string FirstEnvironEntry() {
  std::ifstream in("/proc/self/environ", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.substr(0, text.find('\0'));
}

void AddCyclesAndLimits(std::vector<Row>& rows) {
  rows.push_back(TopoRow(
      "DependencyCycleIsNamed",
      WithLinks("  <link kind=\"bridge\" node=\"a\" name=\"br0\" ports=\"br1\"/>\n"
                "  <link kind=\"bridge\" node=\"a\" name=\"br1\" ports=\"br0\"/>\n"),
      {"t.xml:8:3: bridge 'br0' on node 'a' depends on itself through other links: "
       "br0 -> br1 -> br0",
       "t.xml:9:3: bridge 'br1' on node 'a' depends on itself through other links: "
       "br1 -> br0 -> br1"}));
  // Used to be rejected as a cycle: br0 is reached twice, through vx1 and through vx2.
  rows.push_back(Accepted(TopoRow(
      "TwoVxlansOnOneUnderlayBridgeAreNoCycle",
      WithLinks("  <link kind=\"bridge\" node=\"a\" name=\"br0\" ipv4=\"10.9.0.1/24\"/>\n"
                "  <link kind=\"vxlan\" node=\"a\" name=\"vx1\" vni=\"1\" dev=\"br0\" "
                "remote=\"10.9.0.2\"/>\n"
                "  <link kind=\"vxlan\" node=\"a\" name=\"vx2\" vni=\"2\" dev=\"br0\" "
                "remote=\"10.9.0.3\"/>\n"
                "  <link kind=\"bridge\" node=\"a\" name=\"br1\" ports=\"vx1 vx2\"/>\n"),
      {})));
  {
    Row r = TopoRow("NodesOverTheLimit", "",
                    {"t.xml:65538:3: node 65537: a topology may have at most 65536 nodes"});
    r.make = [](const std::string& dir) {
      std::string nodes;
      for (int k = 0; k < 65535; ++k) nodes += "  <node name=\"n" + std::to_string(k) + "\"/>\n";
      WriteFile(dir + "/t.xml", Edit(kTopo, "  <link>\n", nodes + "  <link>\n"));
    };
    rows.push_back(r);
  }
  {
    Row r = SuiteRow("StepsOverTheLimit", "",
                     {"s.xml:65539:5: step 65537: a suite may have at most 65536 steps (over "
                      "all its cases)"});
    r.files.pop_back();
    r.make = [](const std::string& dir) {
      std::string pings;
      for (int k = 0; k < 65536; ++k) pings += "    <ping from=\"a\" to=\"b:b0\"/>\n";
      WriteFile(dir + "/s.xml", Edit(kSuite, "  </case>\n", pings + "  </case>\n"));
    };
    rows.push_back(r);
  }
  rows.push_back(TopoRow(
      "AttributeOverTheLimit",
      Edit(kTopo, "<node name=\"b\"/>", "<node name=\"" + std::string(300000, 'b') + "\"/>"),
      {"t.xml:3:9: attribute 'name' is 300000 bytes; at most 262144 allowed"}));
}

void AddFiles(std::vector<Row>& rows) {
  // mtulab's stdin is /dev/null here; a pipe whose writer stays open used to hang check.
  rows.push_back(SuiteRow("TopologyIsDevStdin", SuiteWithTopology("/dev/stdin"),
                          {"s.xml:1:1: topology file '/dev/stdin' (resolved to /dev/stdin) cannot "
                           "be read: not a regular file (a character device); name a regular "
                           "file"}));
  {
    // Its first line (up to the first NUL) used to be printed under the diagnostic.
    std::string first = FirstEnvironEntry();
    Row r = SuiteRow("ProcSelfEnvironIsNotQuoted", SuiteWithTopology("/proc/self/environ"),
                     {"/proc/self/environ:1:" + std::to_string(first.size() + 1) +
                      ": malformed XML: control character 0x00 is not allowed in XML"});
    if (first.size() > 8) r.never_printed = {first};
    rows.push_back(r);
  }
  {
    // Outside the suite's directory: reported, its line not quoted.
    Row r = SuiteRow("TopologyOutsideTheSuiteTreeIsNotQuoted", "",
                     {"t.xml:5:29: mtu 99999 is out of range 68..65535"});
    r.files = {{"t.xml", Edit(kTopo, "name=\"a0\" mtu=\"1500\"", "name=\"a0\" mtu=\"99999\"")}};
    r.make = [](const std::string& dir) {
      std::filesystem::create_directory(dir + "/sub");
      WriteFile(dir + "/sub/s.xml", SuiteWithTopology("../t.xml"));
    };
    r.entry = "sub/s.xml";
    r.never_printed = {"mtu=\"99999\""};
    rows.push_back(r);
  }
  rows.push_back(TopoRow("Utf16WithByteOrderMark", "\xFF\xFE" + Utf16Le(kTopo),
                         {"t.xml:1:1: file is UTF-16 (byte-order mark FF FE); save it as UTF-8"}));
  rows.push_back(TopoRow("Utf16WithoutByteOrderMark", Utf16Le(kTopo),
                         {"t.xml:1:1: file looks like UTF-16 without a byte-order mark (a NUL "
                          "byte beside the first '<'); save it as UTF-8"}));
}

void AddAddressesAndNames(std::vector<Row>& rows) {
  const std::string iface = " and cannot be an interface's address";
  rows.push_back(TopoRow("InterfaceAddressUnspecified", EndA("ipv4=\"0.0.0.0/24\""),
                         {"t.xml:5:29: ipv4=\"0.0.0.0/24\": 0.0.0.0 is the unspecified address" +
                          iface}));
  rows.push_back(TopoRow("InterfaceAddressIpv6Unspecified", EndA("ipv6=\"::/64\""),
                         {"t.xml:5:29: ipv6=\"::/64\": :: is the unspecified address" + iface}));
  rows.push_back(TopoRow("InterfaceAddressIpv6Loopback", EndA("ipv6=\"::1/128\""),
                         {"t.xml:5:29: ipv6=\"::1/128\": ::1 is the loopback address" + iface}));
  rows.push_back(TopoRow("InterfaceAddressMulticast", EndA("ipv4=\"239.1.1.1/24\""),
                         {"t.xml:5:29: ipv4=\"239.1.1.1/24\": 239.1.1.1 is a multicast address" +
                          iface}));
  rows.push_back(TopoRow("InterfaceAddressBroadcast", EndA("ipv4=\"255.255.255.255/32\""),
                         {"t.xml:5:29: ipv4=\"255.255.255.255/32\": 255.255.255.255 is the limited "
                          "broadcast address" + iface}));
  rows.push_back(TopoRow("GatewayUnspecified",
                         Routes("<route to=\"10.1.0.0/16\" via=\"0.0.0.0\"/>", ""),
                         {"t.xml:2:42: via=\"0.0.0.0\" is the unspecified address and cannot be a "
                          "gateway"}));
  rows.push_back(TopoRow("GatewayMulticast",
                         Routes("<route to=\"10.1.0.0/16\" via=\"224.0.0.1\"/>", ""),
                         {"t.xml:2:42: via=\"224.0.0.1\" is a multicast address and cannot be a "
                          "gateway"}));
  rows.push_back(SuiteRow("TargetBroadcast", PingAttrs("from=\"a\" to=\"255.255.255.255\""),
                          {"s.xml:3:20: to=\"255.255.255.255\" is the limited broadcast address "
                           "and cannot be a target"}));
  rows.push_back(SuiteRow("TargetIpv6Loopback", PingAttrs("from=\"a\" to=\"::1\""),
                          {"s.xml:3:20: to=\"::1\" is the loopback address and cannot be a "
                           "target"}));
  rows.push_back(TopoRow("IfnameAll", Edit(kTopo, "name=\"a0\"", "name=\"all\""),
                         {"t.xml:5:19: interface name 'all' is reserved (net.ipv4.conf.all is "
                          "not an interface)"}));
  rows.push_back(TopoRow("IfnameDefault", Edit(kTopo, "name=\"a0\"", "name=\"default\""),
                         {"t.xml:5:19: interface name 'default' is reserved "
                          "(net.ipv4.conf.default is not an interface)"}));
  // The default route is a destination of all zeros, and valid.
  rows.push_back(Accepted(TopoRow("DefaultRouteStaysValid",
                                  Routes("<route to=\"0.0.0.0/0\" via=\"10.0.0.2\"/>", ""), {}),
                          "pass"));
}

}  // namespace

std::vector<Row> LoaderBoundsRows() {
  std::vector<Row> rows;
  AddCyclesAndLimits(rows);
  AddFiles(rows);
  AddAddressesAndNames(rows);
  return rows;
}

// Contrast rows of the table (not about bounds; here to keep hostile_input_rows.cc under
// 400 lines): inputs that look odd but are accepted on purpose.
std::vector<Row> ContrastRows() {
  std::vector<Row> rows;
  auto add = [&rows](Row r) { rows.push_back(std::move(r)); };
  // A UTF-8 BOM is what some editors write; it is dropped (columns still count from '<').
  add(Accepted(TopoRow("Utf8BomAccepted", "\xEF\xBB\xBF" + std::string(kTopo), {}), "pass"));
  add(TopoRow("Utf8BomColumnsUnshifted",
              "\xEF\xBB\xBF" + Edit(kTopo, "<topology name=\"t\">", "<topology name=\"t!\">"),
              {"t.xml:1:11: topology name 't!' must match [A-Za-z0-9_.-]{1,32}"}));
  // Inside a comment "&#0;" is text, not a character.
  add(Accepted(TopoRow("CharacterReferenceInComment", std::string(kTopo) + "<!-- &#0; -->\n", {})));
  {
    // The bounds themselves are valid, and the kernel takes them.
    Row r = TopoRow("Mtu68And65535",
                    Edit(MtuA("68"), "name=\"b0\" mtu=\"1500\"", "name=\"b0\" mtu=\"65535\""), {});
    r.files[1].second =
        Edit(kSuite, kPing,
             "<link node=\"a\" dev=\"a0\"><expect fact=\"link.mtu\" equals=\"68\"/></link>"
             "<link node=\"b\" dev=\"b0\"><expect fact=\"link.mtu\" equals=\"65535\"/>"
             "</link>");
    add(Accepted(r, "pass"));
  }
  // A loop between two nodes is behaviour to observe (TTL expiry), not a typo: a static loop
  // finder belongs to the path predictor / `mtulab lint`.
  add(Accepted(TopoRow("RoutingLoopBetweenNodes",
                       Routes("<route to=\"10.1.0.0/16\" via=\"10.0.0.2\"/>",
                              "<route to=\"10.1.0.0/16\" via=\"10.0.0.1\"/>"),
                       {}),
               "pass"));
  // A kind the kernel lacks is not a configuration error: the case skips at run time.
  add(Accepted(TopoRow("GreIsASkipNotAConfigError",
                       Edit(kTopo, "  </link>\n",
                            "  </link>\n"
                            "  <link kind=\"gre\" node=\"a\" name=\"gre1\" local=\"10.0.0.1\" "
                            "remote=\"10.0.0.2\" ipv4=\"10.9.0.1/30\"/>\n"
                            "  <link kind=\"gre\" node=\"b\" name=\"gre1\" local=\"10.0.0.2\" "
                            "remote=\"10.0.0.1\" ipv4=\"10.9.0.2/30\"/>\n"),
                       {}),
               "skipped", "kernel lacks gre"));
  return rows;
}

}  // namespace mtulab::e2e
