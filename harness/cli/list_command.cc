// mtulab list: the cases `mtulab run` would run with the same files and flags, no root.
#include <cstdio>
#include <string>

#include "harness/cli/case_selection.h"
#include "harness/cli/cli.h"
#include "harness/cli/options.h"

namespace mtulab {
namespace {

constexpr char kListHelpHead[] =
    "usage: mtulab list [options] [SUITE.xml | DIR]...\n"
    "\n"
    "Loads and validates the suites like `mtulab run` (no root, nothing is created) and\n"
    "prints, one per line in run order, exactly the cases `mtulab run` would run with the\n"
    "same files, --filter and --shard. With no SUITE, lists every *.xml of the default\n"
    "suites directory (./suites in a checkout, the installed suites otherwise).\n"
    "\n"
    "options:\n";
constexpr char kListHelpTail[] =
    "  --format FORMAT    name: 'suite/case' (default);\n"
    "                     tsv: 'suite/case<TAB>file:line<TAB>description'\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit: 0 listed (a shard may hold no case), 2 usage/config error or no case matches.\n";

// One line: runs of whitespace (the XML text's indentation and newlines) become one space.
std::string OneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

int ListCommand(const std::vector<std::string>& args) {
  static const std::string help =
      std::string(kListHelpHead) + kCaseFilterHelp + kShardHelp + kListHelpTail;
  Options o;
  CaseSelectionFlags flags;
  std::string format = "name";
  flags.Register(o);
  o.String({"--format"}, &format);
  std::vector<std::string> paths;
  if (int rc = o.Parse("list", help.c_str(), args, &paths); rc >= 0) return rc;
  if (format != "name" && format != "tsv") {
    std::fprintf(stderr, "mtulab list: --format '%s' is not one of name, tsv\n", format.c_str());
    return kExitUsage;
  }
  CaseSelection selection;
  if (int rc = SelectCases("list", paths, flags, &selection); rc >= 0) return rc;
  for (const Suite& s : selection.suites) {
    for (const Case& c : s.cases) {
      std::string id = CaseId(s, c);
      if (format == "name") {
        std::printf("%s\n", id.c_str());
      } else {
        std::printf("%s\t%s:%d\t%s\n", id.c_str(), c.loc.file.c_str(), c.loc.line,
                    OneLine(c.description).c_str());
      }
    }
  }
  if (selection.shard && selection.suites.empty()) {
    std::fprintf(stderr, "mtulab list: shard %s holds no case (%zu cases over %d shards)\n",
                 selection.shard->ToString().c_str(), selection.TotalCases(),
                 selection.shard->total);
  }
  return kExitPass;
}

}  // namespace mtulab
