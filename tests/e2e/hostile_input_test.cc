// Hostile and malformed input through the real binary. Every row is run as
// `mtulab run SUITE --junit DIR/j.xml` and as `mtulab check SUITE` (`mtulab check t.xml` for
// rows about the topology), with the temporary directory as the working directory so that
// messages carry the relative paths given. A rejected row must print exactly its
// "file:line:col: message" lines (each followed only by the source line and caret), exit 2,
// write no JUnit, and create nothing: no pinned namespace, no host link, no file or
// directory beside the inputs. A few contrast rows show what is deliberately accepted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

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

// Line 3 columns: '<' 5, from 11, to 20.
constexpr char kSuite[] =
    "<suite name=\"s\" topology=\"t.xml\">\n"
    "  <case name=\"c\">\n"
    "    <ping from=\"a\" to=\"b:b0\"/>\n"
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

struct Row {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;  // written into the directory
  std::function<void(const std::string& dir)> make;        // other inputs (big, dir, fifo)
  std::string entry = "s.xml";                             // the suite run and checked
  // `mtulab check` is given t.xml instead of the suite, and must print the t.xml lines.
  bool check_topology = false;
  // The diagnostic lines, in order; "$DIR" stands for the temporary directory.
  std::vector<std::string> expected;
  // Contrast rows: exit 0; with `outcome`, `run` (root) must report the case so in JUnit,
  // whose message starts with `reason`.
  bool accepted = false;
  std::string outcome, reason;
};

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

Row Accepted(Row r, std::string outcome = "", std::string reason = "") {
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
  return Edit(kSuite, "<ping from=\"a\" to=\"b:b0\"/>", "<ping " + attrs + "/>");
}

std::string Expect(const std::string& attrs) {
  return Edit(kSuite, "<ping from=\"a\" to=\"b:b0\"/>",
              "<ping from=\"a\" to=\"b:b0\"><expect " + attrs + "/></ping>");
}

std::string SuiteWithTopology(const std::string& topology) {
  return Edit(kSuite, "topology=\"t.xml\"", "topology=\"" + topology + "\"");
}

// Routes of node a (line 2) and b (line 3).
std::string Routes(const std::string& a, const std::string& b) {
  std::string t = Edit(kTopo, "<node name=\"a\"/>", "<node name=\"a\">" + a + "</node>");
  return Edit(t, "<node name=\"b\"/>", "<node name=\"b\">" + b + "</node>");
}

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

std::vector<Row> Rows() {
  std::vector<Row> rows;
  auto add = [&rows](Row r) { rows.push_back(std::move(r)); };

  // --- bytes and XML syntax ---
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
                 "t.xml:2:7: unknown element <node> in <node> (allowed: sysctl, route)"}));
  }

  // --- names ---
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
  add(SuiteRow("DuplicateCase", Edit(kSuite, "  </case>\n", "  </case>\n  <case name=\"c\"/>\n"),
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

  // --- MTUs ---
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

  // --- addresses and routes ---
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

  // --- files ---
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
  // Used to read forever (and grow without bound).
  add(SuiteRow("TopologyIsDevZero", SuiteWithTopology("/dev/zero"),
               {"s.xml:1:1: topology file '/dev/zero' (resolved to /dev/zero) cannot be read: "
                "more than 4194304 bytes (the limit for a topology or suite file)"}));
  {
    // Opening a FIFO without a writer used to block forever.
    Row r = SuiteRow("TopologyIsAFifoWithoutWriter", SuiteWithTopology("fifo"),
                     {"fifo:1:1: malformed XML: No document element found"});
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

  // --- steps and expectations ---
  add(SuiteRow("UnknownStep", Edit(kSuite, "<ping ", "<pong "),
               {"s.xml:3:5: unknown element <pong> in <case>; did you mean <ping>?"}));
  add(SuiteRow("UnknownAttributeDidYouMean", PingAttrs("form=\"a\" to=\"b:b0\""),
               {"s.xml:3:5: <ping> needs attribute 'from'",
                "s.xml:3:11: unknown attribute 'form' on <ping>; did you mean 'from'?"}));
  add(SuiteRow("ExpectWithoutPredicate", Expect("fact=\"ping.result\""),
               {"s.xml:3:30: <expect> needs at least one of 'equals', 'at_least', 'at_most', "
                "'one_of', 'is'"}));
  add(SuiteRow("ExpectIsMaybe", Expect("fact=\"ping.result\" is=\"maybe\""),
               {"s.xml:3:57: is=\"maybe\" must be 'present' or 'absent'"}));
  add(SuiteRow("AtLeastNotAnInteger", Expect("fact=\"ping.sent\" at_least=\"1.5\""),
               {"s.xml:3:55: at_least=\"1.5\" is not an integer"}));
  add(SuiteRow("DuplicateAttribute", PingAttrs("from=\"a\" to=\"b:b0\" size=\"1\" size=\"2\""),
               {"s.xml:3:39: attribute 'size' is repeated on <ping>"}));

  // --- contrast: accepted on purpose ---
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
        Edit(kSuite, "<ping from=\"a\" to=\"b:b0\"/>",
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

// Every file and directory under `dir`, relative, with its size for files.
std::set<std::string> Tree(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), dir).string();
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) rel += " " + std::to_string(it->file_size(size_ec));
    out.insert(rel);
  }
  return out;
}

// The "file:line:col: message" lines of stderr; fails on any other line that is not a
// two-space-indented source line or caret.
std::vector<std::string> DiagnosticLines(const std::string& err) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < err.size()) {
    size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    start = end + 1;
    if (line.rfind("  ", 0) == 0) continue;
    EXPECT_LT(line.size(), 1000u) << "a diagnostic line this long is not readable";
    out.push_back(line.substr(0, 1000));
  }
  return out;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// One mtulab process started in `cwd`, its output going to files in `io` (outside `cwd`, so
// that the "nothing created" check sees only what mtulab itself wrote).
struct Running {
  pid_t pid = -1;
  std::string out, err;
};

Running Start(const std::vector<std::string>& args, const std::string& cwd, const std::string& io,
              const std::string& tag) {
  Running r{-1, io + "/" + tag + ".out", io + "/" + tag + ".err"};
  std::vector<std::string> argv = {MTULAB_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  r.pid = ::fork();
  if (r.pid == 0) {
    int out = ::open(r.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(r.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> cargs;
    for (const std::string& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    ::execv(cargs[0], cargs.data());
    ::_exit(127);
  }
  return r;
}

// Waits up to 10 s: a hang fails the row (exit code 124, as timeout(1)) instead of the run.
ProcessResult Finish(const Running& r) {
  ProcessResult result;
  if (r.pid < 0) {
    ADD_FAILURE() << "fork failed";
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(r.pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    ::usleep(2000);
  }
  if (done == 0) {
    ::kill(r.pid, SIGKILL);
    ::waitpid(r.pid, &status, 0);
    ADD_FAILURE() << "mtulab did not finish within 10 s";
    result.exit_code = 124;
  } else {
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  result.out = ReadFile(r.out);
  result.err = ReadFile(r.err);
  return result;
}

std::set<std::string> Added(const std::set<std::string>& before,
                            const std::set<std::string>& after) {
  std::set<std::string> out;
  for (const std::string& s : after) {
    if (!before.count(s)) out.insert(s);
  }
  return out;
}

class HostileInputTest : public ::testing::TestWithParam<Row> {};

TEST_P(HostileInputTest, RejectedExactlyAndNothingCreated) {
  const Row& row = GetParam();
  TempDir dir;
  for (const auto& [name, text] : row.files) WriteFile(dir.path() + "/" + name, text);
  if (row.make) row.make(dir.path());
  const std::set<std::string> inputs = Tree(dir.path());
  std::vector<std::string> expected;
  for (const std::string& e : row.expected) expected.push_back(Replace(e, "$DIR", dir.path()));
  const std::string junit = dir.path() + "/j.xml";
  HostSnapshot before = TakeSnapshot();

  // The invocations run concurrently (they only read the inputs; `run` alone may write).
  TempDir io;
  bool root = ::geteuid() == 0;
  bool do_run = !row.accepted || (!row.outcome.empty() && root);
  Running run_proc;
  if (do_run) run_proc = Start({"run", row.entry, "--junit", junit}, dir.path(), io.path(), "run");
  // A suite row is checked through its suite, a topology row through the topology alone,
  // which reports exactly the topology's lines (without what they cascade into the suite).
  std::string checked = row.check_topology ? "t.xml" : row.entry;
  std::vector<std::string> check_expected;
  for (const std::string& e : expected) {
    if (!row.check_topology || e.rfind("t.xml:", 0) == 0) check_expected.push_back(e);
  }
  Running check_proc = Start({"check", checked}, dir.path(), io.path(), "check");

  if (do_run) {
    ProcessResult run = Finish(run_proc);
    if (!row.accepted) {
      EXPECT_EQ(run.exit_code, 2) << run.err;
      EXPECT_EQ(DiagnosticLines(run.err), expected) << "mtulab run " << row.entry;
      EXPECT_EQ(run.out, "");
      EXPECT_FALSE(fs::exists(junit)) << "a JUnit report was written";
    } else {
      EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
      std::vector<JunitCase> cases = ParseJunit(junit);
      EXPECT_EQ(cases.size(), 1u);
      std::string outcome = cases.empty() ? "" : cases[0].outcome;
      if (row.outcome == "skipped" && outcome == "pass") {
        // This kernel has the kind after all: running it is the right answer too.
      } else if (!cases.empty()) {
        EXPECT_EQ(outcome, row.outcome) << cases[0].message << cases[0].body;
        EXPECT_EQ(cases[0].message.rfind(row.reason, 0), 0u) << cases[0].message;
      }
      fs::remove(junit);
    }
  }
  ProcessResult check = Finish(check_proc);
  if (row.accepted) {
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find(": ok\n"), std::string::npos) << check.out;
    EXPECT_EQ(check.err, "");
  } else {
    EXPECT_EQ(check.exit_code, 2) << check.err;
    EXPECT_EQ(DiagnosticLines(check.err), check_expected) << "mtulab check " << checked;
  }

  HostSnapshot after = TakeSnapshot();
  // Only additions count: other suites on a shared machine may remove their own pins.
  EXPECT_EQ(Added(before.pinned, after.pinned), std::set<std::string>{})
      << "a namespace was pinned";
  EXPECT_EQ(Added(before.host_links, after.host_links), std::set<std::string>{})
      << "a host link was created";
  EXPECT_EQ(Added(before.children, after.children), std::set<std::string>{})
      << "a child process was left";
  EXPECT_EQ(Tree(dir.path()), inputs) << "something was created beside the inputs";
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileInputTest, ::testing::ValuesIn(Rows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

TEST(HostileInputTableTest, HasAtLeastFortyRejectedRows) {
  size_t rejected = 0;
  std::set<std::string> names;
  for (const Row& r : Rows()) {
    rejected += !r.accepted;
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate row " << r.name;
    EXPECT_EQ(r.accepted, r.expected.empty()) << r.name;
  }
  EXPECT_GE(rejected, 40u);
}

}  // namespace
}  // namespace mtulab::e2e
