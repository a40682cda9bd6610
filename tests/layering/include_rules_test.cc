// The include rules of README.md's "Layout": every #include "harness/X/..." or "reports/..."
// in harness/ and reports/ (tests and test helpers excepted) goes down the layering, and
// neither the directories nor the files include each other in a loop. No root, no build
// products: the test reads the source tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef MTULAB_SOURCE_DIR
#error "MTULAB_SOURCE_DIR must name the source tree"
#endif

namespace mtulab {
namespace {

namespace fs = std::filesystem;

// What each layer may include besides itself (README.md "Layout" states the same table).
// base (harness/base: helpers without a layer, e.g. safe file writing) is below everything;
// cli, the top, may include every layer.
using Rules = std::map<std::string, std::set<std::string>>;
const Rules& LayerRules() {
  static const Rules rules = {
      {"base", {}},
      {"model", {"base"}},
      {"config", {"model", "base"}},
      {"plan", {"model", "base"}},
      {"checks", {"model", "base"}},
      {"reports", {"model", "base"}},
      {"sys", {"model", "base"}},
      {"links", {"sys", "model", "base"}},
      {"probes", {"sys", "model", "base"}},
      {"runner", {"links", "probes", "checks", "sys", "model", "base"}},
      {"vm", {"sys", "model", "base"}},
      {"cli",
       {"runner", "vm", "links", "probes", "checks", "sys", "config", "plan", "reports", "model",
        "base"}},
  };
  return rules;
}

// Single headers a layer may include outside its rules: libpcap's filter compiler without an
// interface, which the loader uses to check capture filters (built into the pure library).
const std::set<std::pair<std::string, std::string>>& Exceptions() {
  static const std::set<std::pair<std::string, std::string>> exceptions = {
      {"config", "harness/sys/pcap_filter.h"},
  };
  return exceptions;
}

// "harness/plan/lint.h" -> "plan", "reports/console.h" -> "reports", else "".
std::string LayerOf(const std::string& path) {
  static const std::regex layer(R"re(^(?:harness/([a-z_]+)|(reports))/[^/]+$)re");
  std::smatch m;
  if (!std::regex_match(path, m, layer)) return "";
  return m[1].matched ? m[1].str() : m[2].str();
}

struct Include {
  std::string file;  // "harness/config/loader.cc"
  int line = 0;
  std::string header;  // "harness/plan/predicted_facts.h"
};

// The project includes ("harness/..." or "reports/...") of every file in `files`
// (path relative to the source root -> contents).
std::vector<Include> ProjectIncludes(const std::map<std::string, std::string>& files) {
  static const std::regex include(R"re(^\s*#\s*include\s*"((?:harness|reports)/[^"]+)")re");
  std::vector<Include> out;
  for (const auto& [path, text] : files) {
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      std::smatch m;
      if (std::regex_search(line, m, include)) out.push_back({path, n, m[1].str()});
    }
  }
  return out;
}

// One line per include that breaks `rules`: "FILE:LINE: LAYER may not include HEADER
// (LAYER -> OTHER is not in the layering)".
std::vector<std::string> RuleViolations(const std::map<std::string, std::string>& files,
                                        const Rules& rules) {
  std::vector<std::string> out;
  for (const auto& [path, text] : files) {
    if (rules.count(LayerOf(path)) == 0) {
      out.push_back(path + ": not in a layer of the table (add its directory to README Layout)");
    }
  }
  for (const Include& inc : ProjectIncludes(files)) {
    std::string from = LayerOf(inc.file);
    std::string to = LayerOf(inc.header);
    if (from == to || rules.count(from) == 0) continue;
    if (rules.at(from).count(to) != 0 || Exceptions().count({from, inc.header}) != 0) continue;
    out.push_back(inc.file + ":" + std::to_string(inc.line) + ": " + from + " may not include " +
                  inc.header + " (" + from + " -> " + (to.empty() ? "?" : to) +
                  " is not in the layering)");
  }
  return out;
}

// A loop in `graph` as "a -> b -> a", or "" when there is none.
std::string FindCycle(const std::map<std::string, std::set<std::string>>& graph) {
  std::map<std::string, int> state;  // 0 new, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::string cycle;
  std::function<bool(const std::string&)> visit = [&](const std::string& node) {
    state[node] = 1;
    stack.push_back(node);
    auto it = graph.find(node);
    if (it != graph.end()) {
      for (const std::string& next : it->second) {
        if (state[next] == 1) {
          auto from = std::find(stack.begin(), stack.end(), next);
          for (; from != stack.end(); ++from) cycle += *from + " -> ";
          cycle += next;
          return true;
        }
        if (state[next] == 0 && visit(next)) return true;
      }
    }
    stack.pop_back();
    state[node] = 2;
    return false;
  };
  for (const auto& [node, edges] : graph) {
    if (state[node] == 0 && visit(node)) return cycle;
  }
  return "";
}

// Layer -> layers it includes, and file -> project files it includes.
std::map<std::string, std::set<std::string>> LayerGraph(
    const std::map<std::string, std::string>& files) {
  std::map<std::string, std::set<std::string>> graph;
  for (const Include& inc : ProjectIncludes(files)) {
    std::string from = LayerOf(inc.file), to = LayerOf(inc.header);
    if (from != to) graph[from].insert(to);
  }
  return graph;
}
std::map<std::string, std::set<std::string>> FileGraph(
    const std::map<std::string, std::string>& files) {
  std::map<std::string, std::set<std::string>> graph;
  for (const Include& inc : ProjectIncludes(files)) graph[inc.file].insert(inc.header);
  return graph;
}

// Every .cc/.h directly in harness/*/ and reports/, without tests and test helpers.
std::map<std::string, std::string> SourceTree(const fs::path& root) {
  std::vector<fs::path> dirs = {root / "reports"};
  for (const fs::directory_entry& e : fs::directory_iterator(root / "harness")) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::map<std::string, std::string> files;
  for (const fs::path& dir : dirs) {
    for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
      std::string name = e.path().filename().string();
      std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".cc" && ext != ".h")) continue;
      if (name.find("_test") != std::string::npos) continue;  // foo_test.cc, foo_test_util.h
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      files[fs::relative(e.path(), root).generic_string()] = text.str();
    }
  }
  return files;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST(IncludeRulesTest, TreeFollowsTheLayering) {
  std::map<std::string, std::string> files = SourceTree(MTULAB_SOURCE_DIR);
  ASSERT_GT(files.size(), 100u);  // found the tree
  EXPECT_EQ(Joined(RuleViolations(files, LayerRules())), "");
}

TEST(IncludeRulesTest, TreeHasNoIncludeCycle) {
  std::map<std::string, std::string> files = SourceTree(MTULAB_SOURCE_DIR);
  EXPECT_EQ(FindCycle(LayerGraph(files)), "");
  EXPECT_EQ(FindCycle(FileGraph(files)), "");
}

TEST(IncludeRulesTest, TheTableItselfHasNoCycle) { EXPECT_EQ(FindCycle(LayerRules()), ""); }

// The checker on planted input: the violations this change removed are found again.
TEST(IncludeRulesTest, FindsAnUpwardInclude) {
  std::map<std::string, std::string> files = {
      {"harness/config/loader.cc",
       "#include \"harness/config/loader.h\"\n\n#include \"harness/model/suite.h\"\n"
       "#include \"harness/plan/predicted_facts.h\"\n"},
      {"harness/probes/probe.h", "  # include \"harness/runner/lab.h\"  // why\n"},
      {"harness/config/step_reader.cc", "#include \"harness/sys/pcap_filter.h\"\n"},
      {"harness/config/x.cc", "#include \"harness/sys/pcap.h\"\n"},
      {"reports/junit_merge.cc", "#include \"harness/plan/selection.h\"\n"},
      {"harness/cli/main.cc", "#include \"harness/runner/lab.h\"\n#include \"reports/a.h\"\n"},
      {"harness/newdir/a.cc", ""},
  };
  EXPECT_EQ(Joined(RuleViolations(files, LayerRules())),
            "harness/newdir/a.cc: not in a layer of the table (add its directory to README "
            "Layout)\n"
            "harness/config/loader.cc:4: config may not include harness/plan/predicted_facts.h "
            "(config -> plan is not in the layering)\n"
            "harness/config/x.cc:1: config may not include harness/sys/pcap.h (config -> sys is "
            "not in the layering)\n"
            "harness/probes/probe.h:1: probes may not include harness/runner/lab.h (probes -> "
            "runner is not in the layering)\n"
            "reports/junit_merge.cc:1: reports may not include harness/plan/selection.h "
            "(reports -> plan is not in the layering)\n");
}

TEST(IncludeRulesTest, FindsCycles) {
  std::map<std::string, std::string> files = {
      {"harness/config/loader.cc", "#include \"harness/plan/predicted_facts.h\"\n"},
      {"harness/plan/lint.cc", "#include \"harness/config/config_error.h\"\n"},
      {"harness/model/a.h", "#include \"harness/model/b.h\"\n"},
      {"harness/model/b.h", "#include \"harness/model/c.h\"\n"},
      {"harness/model/c.h", "#include \"harness/model/a.h\"\n"},
  };
  EXPECT_EQ(FindCycle(LayerGraph(files)), "config -> plan -> config");
  EXPECT_EQ(FindCycle(FileGraph(files)),
            "harness/model/a.h -> harness/model/b.h -> harness/model/c.h -> harness/model/a.h");
  Rules loop = LayerRules();
  loop["model"].insert("cli");
  EXPECT_EQ(FindCycle(loop), "checks -> model -> cli -> checks");
}

TEST(IncludeRulesTest, LayerOfPaths) {
  EXPECT_EQ(LayerOf("harness/plan/lint.h"), "plan");
  EXPECT_EQ(LayerOf("reports/console.h"), "reports");
  EXPECT_EQ(LayerOf("reports/testdata/sample_report.h"), "");
  EXPECT_EQ(LayerOf("tests/e2e/x.cc"), "");
}

}  // namespace
}  // namespace mtulab
