// libFuzzer target for the XML loader (harness/config): LoadTopology() and LoadSuite() on
// arbitrary bytes. Built only with -DMTULAB_FUZZ=ON (clang); run through ci/fuzz.sh.
//
// The loader reads files, so each input is written to a per-process scratch directory
// (mkdtemp under $TMPDIR, removed at exit) laid out like the repository:
//
//   DIR/topologies/*.xml   copies of the shipped topologies (made once, never written again)
//   DIR/suites/...         this input's files
//
// An input is used in one of two ways:
//
//   * No NUL byte: the whole input is one file, DIR/suites/input.xml, loaded both as a
//     topology and as a suite. A suite's topology="../topologies/X.xml" therefore resolves
//     to a valid shipped topology, as it does for the shipped suites (the seeds).
//   * With a NUL byte: the bytes before the first NUL are a topology, the bytes after it a
//     suite. They are written to DIR/suites/pair_topology.xml and DIR/suites/pair_suite.xml;
//     the topology is loaded on its own, then the suite is loaded with the value of its first
//     `topology=` attribute (text between the quotes after `topology=`) replaced by
//     "pair_topology.xml", so the fuzzed suite always meets the fuzzed topology. ci/fuzz.sh
//     seeds such pairs from each shipped suite and its topology.
//
// mtulab::ConfigError is the loader's documented way to reject input and is swallowed. Any
// other exception, a crash or a sanitizer report is a bug: it escapes, and libFuzzer
// reports it and saves the input.

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/plan/predicted_facts.h"

#ifndef MTULAB_SOURCE_DIR
#error "MTULAB_SOURCE_DIR must name the source tree (for the shipped topologies)"
#endif

namespace {

namespace fs = std::filesystem;

std::string g_dir;  // the scratch directory, "" until created

void RemoveScratch() {
  if (g_dir.empty()) return;
  std::error_code ec;
  fs::remove_all(g_dir, ec);
}

const std::string& ScratchDir() {
  if (!g_dir.empty()) return g_dir;
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/mtulab-fuzz-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::perror("fuzz_loader: mkdtemp");
    std::abort();
  }
  g_dir = pattern;
  std::atexit(RemoveScratch);
  fs::create_directories(g_dir + "/suites");
  fs::create_directories(g_dir + "/topologies");
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(MTULAB_SOURCE_DIR) / "topologies")) {
    if (entry.path().extension() == ".xml") {
      fs::copy_file(entry.path(), g_dir + "/topologies/" + entry.path().filename().string());
    }
  }
  return g_dir;
}

void WriteFile(const std::string& path, std::string_view data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror("fuzz_loader: open");
    std::abort();
  }
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      std::perror("fuzz_loader: write");
      std::abort();
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  ::close(fd);
}

// `suite` with the value of its first topology="..." (or '...') replaced by `path`.
std::string ForceTopologyAttr(std::string suite, const std::string& path) {
  size_t at = suite.find("topology=");
  if (at == std::string::npos) return suite;
  size_t open = at + std::strlen("topology=");
  if (open >= suite.size() || (suite[open] != '"' && suite[open] != '\'')) return suite;
  size_t close = suite.find(suite[open], open + 1);
  if (close == std::string::npos) return suite;
  return suite.replace(open + 1, close - open - 1, path);
}

// LoadSuite() and then the predictor on its "predicted" values, as the commands do.
mtulab::Suite LoadSuiteAndPredict(const std::string& path) {
  mtulab::Suite suite = mtulab::LoadSuite(path);
  mtulab::ResolvePredicted(suite);
  return suite;
}

template <typename Load>
void LoadRejectingConfigErrors(const std::string& path, Load load) {
  try {
    load(path);
  } catch (const mtulab::ConfigError&) {
    // Bad input, reported the documented way.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& dir = ScratchDir();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  if (nul == std::string_view::npos) {
    std::string path = dir + "/suites/input.xml";
    WriteFile(path, input);
    LoadRejectingConfigErrors(path, mtulab::LoadTopology);
    LoadRejectingConfigErrors(path, LoadSuiteAndPredict);
    return 0;
  }
  std::string topology = dir + "/suites/pair_topology.xml";
  std::string suite = dir + "/suites/pair_suite.xml";
  WriteFile(topology, input.substr(0, nul));
  WriteFile(suite, ForceTopologyAttr(std::string(input.substr(nul + 1)), "pair_topology.xml"));
  LoadRejectingConfigErrors(topology, mtulab::LoadTopology);
  LoadRejectingConfigErrors(suite, LoadSuiteAndPredict);
  return 0;
}
