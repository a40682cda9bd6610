// The rows of the hostile input table (tests/e2e/hostile_input_test.cc runs them).
#include "tests/e2e/hostile_input_rows.h"

#include "tests/e2e/e2e_util.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace mtulab::e2e {

// Line 5 columns: '<' 5, node 10, name 19, mtu 29, ipv4 40.
constexpr char kTopo[] =
    "<topology name=\"t\">\n"
    "  <node name=\"a\"/>\n"
    "  <node name=\"b\"/>\n"
    "  <link>\n"
    "    <end node=\"a\" name=\"a0\" mtu=\"1500\" ipv4=\"10.0.0.1/24\"/>\n"
    "    <end node=\"b\" name=\"b0\" mtu=\"1500\" ipv4=\"10.0.0.2/24\"/>\n"
    "  </link>\n"
    "</topology>\n";

// Line 3 columns: '<' 5, from 11, to 20. A case must expect something: ping.sent.
constexpr char kPing[] = "<ping from=\"a\" to=\"b:b0\"><expect fact=\"ping.sent\" equals=\"1\"/></ping>";
constexpr char kSuite[] =
    "<suite name=\"s\" topology=\"t.xml\">\n"
    "  <case name=\"c\">\n"
    "    <ping from=\"a\" to=\"b:b0\"><expect fact=\"ping.sent\" equals=\"1\"/></ping>\n"
    "  </case>\n"
    "</suite>\n";

// `text` with the single occurrence of `from` replaced by `to` (aborts if not exactly one:
// a table typo, not a test outcome).
std::string Edit(const std::string& text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) std::abort();
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// The prefix of `text` up to (not including) the first occurrence of `marker`, plus `keep`
// characters of it.
std::string CutAt(const std::string& text, const std::string& marker, size_t keep) {
  size_t at = text.find(marker);
  if (at == std::string::npos) std::abort();
  return text.substr(0, at + keep);
}

Row TopoRow(std::string name, std::string topology, std::vector<std::string> expected) {
  Row r;
  r.name = std::move(name);
  r.files = {{"t.xml", std::move(topology)}, {"s.xml", kSuite}};
  r.check_topology = true;
  r.expected = std::move(expected);
  return r;
}

Row SuiteRow(std::string name, std::string suite, std::vector<std::string> expected) {
  Row r;
  r.name = std::move(name);
  r.files = {{"t.xml", kTopo}, {"s.xml", std::move(suite)}};
  r.expected = std::move(expected);
  return r;
}

Row Accepted(Row r, std::string outcome, std::string reason) {
  r.accepted = true;
  r.outcome = std::move(outcome);
  r.reason = std::move(reason);
  return r;
}

// The <end> of a0 with `attrs` instead of its own mtu/ipv4.
std::string EndA(const std::string& attrs) {
  return Edit(kTopo, "name=\"a0\" mtu=\"1500\" ipv4=\"10.0.0.1/24\"", "name=\"a0\" " + attrs);
}

std::string MtuA(const std::string& mtu) {
  return Edit(kTopo, "name=\"a0\" mtu=\"1500\"", "name=\"a0\" mtu=\"" + mtu + "\"");
}

std::string CaseNamed(const std::string& name) {
  return Edit(kSuite, "<case name=\"c\">", "<case name=\"" + name + "\">");
}

std::string PingAttrs(const std::string& attrs) {
  return Edit(kSuite, kPing,
              "<ping " + attrs + "><expect fact=\"ping.sent\" equals=\"1\"/></ping>");
}

std::string Expect(const std::string& attrs) {
  return Edit(kSuite, kPing, "<ping from=\"a\" to=\"b:b0\"><expect " + attrs + "/></ping>");
}

std::string SuiteWithTopology(const std::string& topology) {
  return Edit(kSuite, "topology=\"t.xml\"", "topology=\"" + topology + "\"");
}

// Routes of node a (line 2) and b (line 3).
std::string Routes(const std::string& a, const std::string& b) {
  std::string t = Edit(kTopo, "<node name=\"a\"/>", "<node name=\"a\">" + a + "</node>");
  return Edit(t, "<node name=\"b\"/>", "<node name=\"b\">" + b + "</node>");
}

namespace {

namespace fs = std::filesystem;

const char kBillionLaughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE topology [\n"
    "  <!ENTITY lol \"lol\">\n"
    "  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    "  <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    "  <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    "  <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    "  <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    "  <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    "  <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    "  <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    "  <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<topology name=\"&lol9;\"/>\n";

// Bytes and XML syntax: truncation, control characters, entities.
void AddXmlSyntaxRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(TopoRow("TruncatedInsideTagName", CutAt(kTopo, "<node name=\"a\"", 3),
              {"t.xml:2:5: malformed XML: Error parsing start element tag"}));
  add(TopoRow("TruncatedInsideAttributeName", CutAt(kTopo, "name=\"a\"", 3),
              {"t.xml:2:12: malformed XML: Error parsing element attribute"}));
  add(TopoRow("TruncatedInsideAttributeValue", CutAt(kTopo, "10.0.0.1/24", 5),
              {"t.xml:5:46: malformed XML: Error parsing element attribute"}));
  add(TopoRow("TruncatedAfterStartTag", CutAt(kTopo, "  </link>", 0),
              {"t.xml:6:60: malformed XML: Start-end tags mismatch"}));
  add(TopoRow("TruncatedInsideEndTag", CutAt(kTopo, "</topology>", 6),
              {"t.xml:8:3: malformed XML: Start-end tags mismatch"}));
  add(TopoRow("TruncatedInsideComment", std::string(kTopo) + "<!-- trailing",
              {"t.xml:9:13: malformed XML: Error parsing comment"}));
  add(TopoRow("UnclosedInnerElement", Edit(kTopo, "<node name=\"a\"/>", "<node name=\"a\">"),
              {"t.xml:8:3: malformed XML: Start-end tags mismatch"}));
  add(TopoRow("MismatchedEndTag", Edit(kTopo, "</link>", "</lnik>"),
              {"t.xml:7:5: malformed XML: Start-end tags mismatch"}));
  add(TopoRow("EmptyFile", "", {"t.xml:1:1: malformed XML: No document element found"}));
  add(TopoRow("TextIsNotXml", "mtu=1500\n",
              {"t.xml:2:1: malformed XML: No document element found"}));
  add(TopoRow("GarbageBytes", std::string("\x89PNG\r\n\x1a\n\xff\xfe", 10),
              {"t.xml:2:1: malformed XML: control character 0x1A is not allowed in XML"}));
  add(TopoRow("NulByteInAttribute", Edit(kTopo, "name=\"a0\"", std::string("name=\"a\0\"", 9)),
              {"t.xml:5:26: malformed XML: control character 0x00 is not allowed in XML"}));
  // pugixml stops at a NUL: whatever follows used to be silently ignored.
  add(TopoRow("NulByteHidesTheRest",
              std::string("<topology name=\"t\"/>\n\0<node name=\"hidden\"/>\n", 44),
              {"t.xml:2:1: malformed XML: control character 0x00 is not allowed in XML"}));
  // "&#0;" used to be decoded into a NUL that cut the name to "a" and was accepted.
  add(TopoRow("NulCharacterReferenceInName",
              Edit(kTopo, "<node name=\"a\"/>", "<node name=\"a&#0;evil\"/>"),
              {"t.xml:2:16: malformed XML: character reference '&#0;' is not an XML character"}));
  add(TopoRow("ControlCharacterReference",
              Edit(kTopo, "<node name=\"b\"/>", "<node name=\"&#x1b;[31m\"/>"),
              {"t.xml:3:15: malformed XML: character reference '&#x1b;' is not an XML "
               "character"}));
  add(TopoRow("SecondRootElement", std::string(kTopo) + "<topology name=\"u\"/>\n",
              {"t.xml:9:1: unexpected second root element <topology>"}));
  add(TopoRow("BillionLaughsIsNotExpanded", kBillionLaughs, {"t.xml:2:1: DOCTYPE is not allowed"}));
  add(TopoRow("ExternalEntityIsNotRead",
              "<!DOCTYPE topology [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
              "<topology name=\"&x;\"/>\n",
              {"t.xml:1:1: DOCTYPE is not allowed"}));
  add(SuiteRow("ExternalEntityInSuite",
               "<!DOCTYPE suite [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
               "<suite name=\"s\" topology=\"t.xml\"><case name=\"&x;\"/></suite>\n",
               {"s.xml:1:1: DOCTYPE is not allowed"}));
}

// Inputs too big or too deep to handle naively.
void AddHugeInputRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  {
    Row r = TopoRow("TenMegabyteAttributeValue", "",
                    {"t.xml: cannot be read: more than 4194304 bytes (the limit for a topology "
                     "or suite file)"});
    r.files = {{"s.xml", kSuite}};
    r.make = [](const std::string& dir) {
      WriteFile(dir + "/t.xml", "<topology name=\"t\">\n  <node name=\"" +
                                    std::string(10 << 20, 'x') + "\"/>\n</topology>\n");
    };
    // Through the suite the same limit is reported at the suite's root element.
    r.check_topology = false;
    r.expected = {
        "s.xml:1:1: topology file 't.xml' (resolved to $DIR/t.xml) cannot be read: "
        "more than 4194304 bytes (the limit for a topology or suite file)"};
    add(r);
  }
  {
    // 100k levels: pugixml parses iteratively and the loader reads two levels only.
    std::string deep = "<topology name=\"t\">\n";
    for (int i = 0; i < 100000; ++i) deep += "<node>";
    for (int i = 0; i < 100000; ++i) deep += "</node>";
    deep += "\n</topology>\n";
    add(TopoRow("DeepNesting100k", deep,
                {"s.xml:3:11: node 'a' is not defined", "s.xml:3:20: node 'b' is not defined",
                 "t.xml:2:1: <node> needs attribute 'name'",
                 "t.xml:2:7: unknown element <node> in <node> (allowed: sysctl, route, "
                 "mpls-route, rule, icmp-filter, mss-clamp)"}));
  }
}

// Interface, node, case and suite names.
void AddNameRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(TopoRow("IfnameOver15Bytes", Edit(kTopo, "name=\"a0\"", "name=\"a0123456789abcdef\""),
              {"t.xml:5:19: interface name 'a0123456789abcdef' is 17 bytes; Linux allows at "
               "most 15"}));
  add(TopoRow("IfnameWithSlash", Edit(kTopo, "name=\"a0\"", "name=\"a/0\""),
              {"t.xml:5:19: interface name 'a/0' contains '/'"}));
  add(TopoRow("IfnameWithColon", Edit(kTopo, "name=\"a0\"", "name=\"a:0\""),
              {"t.xml:5:19: interface name 'a:0' contains ':'"}));
  add(TopoRow("IfnameWithSpace", Edit(kTopo, "name=\"a0\"", "name=\"a 0\""),
              {"t.xml:5:19: interface name 'a 0' contains whitespace"}));
  add(TopoRow("IfnameEmpty", Edit(kTopo, "name=\"a0\"", "name=\"\""),
              {"t.xml:5:19: interface name is empty"}));
  add(TopoRow("NodeNameEmpty", Edit(kTopo, "<node name=\"b\"/>", "<node name=\"\"/>"),
              {"s.xml:3:20: node 'b' is not defined; did you mean 'a'?",
               "t.xml:3:9: node name '' must match [A-Za-z0-9_-]{1,32}",
               "t.xml:6:5: node 'b' is not defined; did you mean 'a'?"}));
  add(TopoRow("NodeNameWithNewlineStaysOneLine",
              Edit(kTopo, "<node name=\"b\"/>", "<node name=\"b&#10;x\"/>"),
              {"s.xml:3:20: node 'b' is not defined; did you mean 'a'?",
               "t.xml:3:9: node name 'b\\nx' must match [A-Za-z0-9_-]{1,32}",
               "t.xml:6:5: node 'b' is not defined; did you mean 'a'?"}));
  add(TopoRow("DuplicateNode", Edit(kTopo, "<node name=\"b\"/>", "<node name=\"a\"/>"),
              {"s.xml:3:20: node 'b' is not defined; did you mean 'a'?",
               "t.xml:3:3: node 'a' is already defined at t.xml:2:3",
               "t.xml:6:5: node 'b' is not defined; did you mean 'a'?"}));
  add(TopoRow("DuplicateInterface", Edit(kTopo, "node=\"b\" name=\"b0\"", "node=\"a\" name=\"a0\""),
              {"s.xml:3:20: interface 'b0' is not defined on node 'b'",
               "t.xml:6:5: interface 'a0' on node 'a' is already defined at t.xml:5:5"}));
  add(TopoRow("DuplicateAddress", Edit(kTopo, "10.0.0.2/24", "10.0.0.1/24"),
              {"t.xml:6:40: address 10.0.0.1 is already assigned to interface 'a0' on node 'a' "
               "at t.xml:5:40"}));
  add(SuiteRow("DuplicateCase", Edit(kSuite, "  </case>\n", "  </case>\n  <case name=\"c\"><flush node=\"a\">"
                                    "<expect fact=\"flush.ipv6_removed\" equals=\"0\"/></flush></case>\n"),
               {"s.xml:5:3: case 'c' is already defined at s.xml:2:3"}));
  add(SuiteRow("CaseNameEscapesUpward", CaseNamed("../x"),
               {"s.xml:2:9: case name '../x' must match [A-Za-z0-9_.-]{1,64}"}));
  add(SuiteRow("CaseNameWithSlash", CaseNamed("a/b"),
               {"s.xml:2:9: case name 'a/b' must match [A-Za-z0-9_.-]{1,64}"}));
  // '.' is allowed in names, so ".." matched the pattern and used to be accepted.
  add(SuiteRow("CaseNameDotDot", CaseNamed(".."),
               {"s.xml:2:9: case name '..' cannot be '.' or '..' (it names report paths such "
                "as suite/case)"}));
  add(SuiteRow("SuiteNameDot", Edit(kSuite, "name=\"s\"", "name=\".\""),
               {"s.xml:1:8: suite name '.' cannot be '.' or '..' (it names report paths such "
                "as suite/case)"}));
  add(SuiteRow("CaseNameWithNewline", CaseNamed("a&#10;b"),
               {"s.xml:2:9: case name 'a\\nb' must match [A-Za-z0-9_.-]{1,64}"}));
  add(SuiteRow("CaseNameWithNul", CaseNamed("a&#x0;b"),
               {"s.xml:2:16: malformed XML: character reference '&#x0;' is not an XML "
                "character"}));
}

// MTUs out of range or not numbers.
void AddMtuRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(TopoRow("Mtu0", MtuA("0"), {"t.xml:5:29: mtu 0 is out of range 68..65535"}));
  add(TopoRow("Mtu67", MtuA("67"), {"t.xml:5:29: mtu 67 is out of range 68..65535"}));
  add(TopoRow("Mtu65536", MtuA("65536"), {"t.xml:5:29: mtu 65536 is out of range 68..65535"}));
  add(TopoRow("Mtu4294967296", MtuA("4294967296"),
              {"t.xml:5:29: mtu 4294967296 is out of range 68..65535"}));
  // Used to say "is not an unsigned integer".
  add(TopoRow("MtuBeyond64Bits", MtuA("18446744073709551616"),
              {"t.xml:5:29: mtu 18446744073709551616 is out of range 68..65535"}));
  add(TopoRow("MtuNegative", MtuA("-1500"),
              {"t.xml:5:29: mtu=\"-1500\" is not an unsigned integer"}));
  add(TopoRow("MtuHex", MtuA("0x5dc"), {"t.xml:5:29: mtu=\"0x5dc\" is not an unsigned integer"}));
  add(TopoRow("MtuWithSpaces", MtuA(" 1500 "),
              {"t.xml:5:29: mtu=\" 1500 \" is not an unsigned integer"}));
  add(TopoRow("MtuEmpty", MtuA(""), {"t.xml:5:29: mtu=\"\" is not an unsigned integer"}));
  add(TopoRow("Ipv6BelowMtu1280", EndA("mtu=\"1279\" ipv6=\"fd00::1/64\""),
              {"t.xml:5:5: interface 'a0' on node 'a' has IPv6 addresses but mtu 1279 < 1280 "
               "(Linux removes IPv6 from such a link)"}));
}

// Addresses and routes.
void AddAddressAndRouteRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(TopoRow("Ipv4Prefix33", EndA("ipv4=\"10.0.0.1/33\""),
              {"t.xml:5:29: ipv4=\"10.0.0.1/33\": prefix length 33 is out of range 0..32"}));
  add(TopoRow("Ipv6Prefix129", EndA("ipv6=\"fd00::1/129\""),
              {"t.xml:5:29: ipv6=\"fd00::1/129\": prefix length 129 is out of range 0..128"}));
  add(TopoRow("Ipv4OctetOver255", EndA("ipv4=\"10.0.0.256/24\""),
              {"t.xml:5:29: ipv4=\"10.0.0.256/24\" is not an IPv4 address with prefix length"}));
  add(TopoRow("Ipv6InIpv4Attribute", EndA("ipv4=\"fd00::1/64\""),
              {"t.xml:5:29: ipv4=\"fd00::1/64\" is not an IPv4 address with prefix length"}));
  add(TopoRow("RouteToWithHostBits", Routes("<route to=\"10.1.0.1/16\" via=\"10.0.0.2\"/>", ""),
              {"t.xml:2:25: route to 10.1.0.1/16 has host bits set (did you mean "
               "10.1.0.0/16?)"}));
  // New check: the kernel accepts this for IPv4 and refuses it for IPv6 mid-run.
  add(TopoRow("RouteThroughItself", Routes("<route to=\"10.1.0.0/16\" via=\"10.0.0.1\"/>", ""),
              {"t.xml:2:18: route 10.1.0.0/16 on node 'a': gateway 10.0.0.1 is an address of "
               "'a' itself"}));
  add(TopoRow("RouteMtuLockWithoutMtu",
              Routes("<route to=\"10.1.0.0/16\" via=\"10.0.0.2\" lock=\"true\"/>", ""),
              {"t.xml:2:57: route 10.1.0.0/16 on node 'a': lock=\"true\" needs 'mtu'"}));
}

// Files: missing, not regular, of the wrong kind.
void AddFileRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(SuiteRow("MissingTopology", SuiteWithTopology("nope.xml"),
               {"s.xml:1:1: topology file 'nope.xml' (resolved to $DIR/nope.xml) cannot be "
                "read: No such file or directory"}));
  {
    Row r = SuiteRow("TopologyIsADirectory", SuiteWithTopology("topo"),
                     {"s.xml:1:1: topology file 'topo' (resolved to $DIR/topo) cannot be read: "
                      "Is a directory"});
    r.make = [](const std::string& dir) { fs::create_directory(dir + "/topo"); };
    add(r);
  }
  // Used to read forever (and grow without bound); now refused without reading.
  add(SuiteRow("TopologyIsDevZero", SuiteWithTopology("/dev/zero"),
               {"s.xml:1:1: topology file '/dev/zero' (resolved to /dev/zero) cannot be read: "
                "not a regular file (a character device); name a regular file"}));
  {
    // Opening a FIFO without a writer used to block forever, reading one with a writer that
    // stays open still did (loader_bounds_test.cc holds a writer open).
    Row r = SuiteRow("TopologyIsAFifoWithoutWriter", SuiteWithTopology("fifo"),
                     {"s.xml:1:1: topology file 'fifo' (resolved to $DIR/fifo) cannot be read: "
                      "not a regular file (a FIFO or pipe); name a regular file"});
    r.make = [](const std::string& dir) { ::mkfifo((dir + "/fifo").c_str(), 0600); };
    add(r);
  }
  {
    Row r = SuiteRow("TopologyIsASuite", SuiteWithTopology("other.xml"),
                     {"other.xml:1:1: expected root element <topology>, found <suite>"});
    r.files.emplace_back("other.xml", kSuite);
    add(r);
  }
  add(SuiteRow("SuiteIsItsOwnTopology", SuiteWithTopology("s.xml"),
               {"s.xml:1:1: expected root element <topology>, found <suite>"}));
}

// Steps and expectations.
void AddStepRows(std::vector<Row>* rows) {
  auto add = [rows](Row r) { rows->push_back(std::move(r)); };
  add(SuiteRow("UnknownStep", Edit(kSuite, kPing, "<pong from=\"a\" to=\"b:b0\"/>"),
               {"s.xml:3:5: unknown element <pong> in <case>; did you mean <ping>?"}));
  add(SuiteRow("UnknownAttributeDidYouMean", PingAttrs("form=\"a\" to=\"b:b0\""),
               {"s.xml:3:5: <ping> needs attribute 'from'",
                "s.xml:3:11: unknown attribute 'form' on <ping>; did you mean 'from'?"}));
  add(SuiteRow("ExpectWithoutPredicate", Expect("fact=\"ping.result\""),
               {"s.xml:3:30: <expect> needs at least one of 'equals', 'at_least', 'at_most', "
                "'one_of', 'between', 'contains', 'all_at_least', 'all_at_most', 'length', "
                "'distinct', 'is'"}));
  add(SuiteRow("BetweenReversed", Expect("fact=\"ping.sent\" between=\"5,1\""),
               {"s.xml:3:55: between=\"5,1\" is empty: 5 > 1"}));
  add(SuiteRow("ExpectIsMaybe", Expect("fact=\"ping.result\" is=\"maybe\""),
               {"s.xml:3:57: is=\"maybe\" must be 'present' or 'absent'"}));
  add(SuiteRow("AtLeastNotAnInteger", Expect("fact=\"ping.sent\" at_least=\"1.5\""),
               {"s.xml:3:55: at_least=\"1.5\" is not an integer"}));
  add(SuiteRow("DuplicateAttribute", PingAttrs("from=\"a\" to=\"b:b0\" size=\"1\" size=\"2\""),
               {"s.xml:3:39: attribute 'size' is repeated on <ping>"}));
}

}  // namespace

std::vector<Row> Rows() {
  std::vector<Row> rows;
  AddXmlSyntaxRows(&rows);
  AddHugeInputRows(&rows);
  AddNameRows(&rows);
  AddMtuRows(&rows);
  AddAddressAndRouteRows(&rows);
  AddFileRows(&rows);
  AddStepRows(&rows);
  for (Row& r : ContrastRows()) rows.push_back(std::move(r));
  for (Row& r : LoaderBoundsRows()) rows.push_back(std::move(r));
  return rows;
}

}  // namespace mtulab::e2e
