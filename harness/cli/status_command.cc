// mtulab status: what `mtulab up` and `run --keep-on-failure` pinned, and whether it is there.
#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "harness/cli/cli.h"
#include "harness/cli/lab_pins.h"
#include "harness/cli/options.h"
#include "harness/sys/pin.h"
#include "harness/sys/pin_record.h"

namespace mtulab {
namespace {

constexpr char kStatusHelp[] =
    "usage: mtulab status\n"
    "\n"
    "Lists every topology `mtulab up` (or `mtulab run --keep-on-failure`) pinned, from its\n"
    "record in /run/mtulab, with each namespace and whether it is still there; then any\n"
    "mtulab-* namespace under /run/netns that no record lists (`mtulab clean` removes\n"
    "those). Changes nothing. Exit 0, or 1 when a record cannot be read.\n";

// "%41" -> "A": the inverse of the E of PinName, for record file names.
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// "up", "gone" or "replaced" for one recorded pin.
const char* PinState(const PinnedNetns& pin) {
  struct stat st {};
  if (::stat(PinPath(pin.name).c_str(), &st) != 0) return "gone";
  return st.st_dev == pin.dev && st.st_ino == pin.ino ? "up" : "replaced (not ours)";
}

// Prints one topology's record; adds its pins to `listed`. False when it cannot be read.
bool PrintRecord(const std::string& topology, std::set<std::string>* listed) {
  try {
    std::optional<std::vector<PinnedNetns>> pins = ReadPinRecord(topology);
    if (!pins) return true;  // removed meanwhile
    std::printf("topology '%s': %zu namespace%s (remove: mtulab down FILE, or mtulab clean)\n",
                topology.c_str(), pins->size(), pins->size() == 1 ? "" : "s");
    for (const PinnedNetns& pin : *pins) {
      std::printf("  %-40s %s\n", pin.name.c_str(), PinState(pin));
      listed->insert(pin.name);
    }
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab status: %s\n", e.what());
    return false;
  }
}

}  // namespace

int StatusCommand(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> rest;
  if (int rc = o.Parse("status", kStatusHelp, args, &rest); rc >= 0) return rc;
  if (!rest.empty()) {
    std::fprintf(stderr, "mtulab status: takes no arguments (see `mtulab status --help`)\n");
    return kExitUsage;
  }
  if (!CheckPrivileges("status")) return kExitUsage;
  std::set<std::string> topologies, listed;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(kPinRecordDir, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("up-", 0) == 0) topologies.insert(Unescape(name.substr(3)));
  }
  bool ok = true;
  for (const std::string& t : topologies) ok = PrintRecord(t, &listed) && ok;
  std::vector<std::string> strays;
  for (const std::string& n : ListPinned(kPinPrefix)) {
    if (listed.count(n) == 0) strays.push_back(n);
  }
  for (const std::string& n : strays) {
    std::printf("unrecorded: %s (`mtulab clean` removes it)\n", n.c_str());
  }
  if (topologies.empty() && strays.empty()) std::printf("nothing is pinned\n");
  return ok ? kExitPass : kExitFail;
}

}  // namespace mtulab
