// mtulab check: validate files without root and without touching the kernel.
#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/cli/load_suite.h"
#include "harness/cli/options.h"
#include "harness/config/file_kind.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"

namespace mtulab {
namespace {

constexpr char kCheckHelp[] =
    "usage: mtulab check FILE.xml...\n"
    "\n"
    "Loads and validates topology and suite files (a suite's topology too) exactly as\n"
    "`mtulab run` would, without root and without creating anything. Prints every problem\n"
    "as file:line:col with the source line. Exit 0 when all are valid, 2 otherwise.\n";

}  // namespace

int CheckCommand(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> files;
  if (int rc = o.Parse("check", kCheckHelp, args, &files); rc >= 0) return rc;
  if (files.empty()) {
    std::fprintf(stderr, "mtulab check: name at least one file (see `mtulab check --help`)\n");
    return kExitUsage;
  }
  int rc = kExitPass;
  for (const std::string& f : files) {
    try {
      if (IsSuiteFile(f)) {
        Suite s = LoadSuiteWithPredictions(f);
        std::printf("%s: suite '%s', %zu cases, topology '%s': ok\n", f.c_str(), s.name.c_str(),
                    s.cases.size(), s.topology.name.c_str());
      } else {
        Topology t = LoadTopology(f);
        std::printf("%s: topology '%s', %zu nodes, %zu links: ok\n", f.c_str(), t.name.c_str(),
                    t.nodes.size(), t.links.size() + t.devices.size());
      }
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      rc = kExitUsage;
    }
  }
  return rc;
}

}  // namespace mtulab
