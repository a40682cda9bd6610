// Contrast rows of the hostile input table: inputs that look odd but are accepted on purpose.
#include <string>
#include <vector>

#include "tests/e2e/hostile_input_rows.h"

namespace mtulab::e2e {

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
