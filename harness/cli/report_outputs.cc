#include "harness/cli/report_outputs.h"

#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/sys/process.h"
#include "reports/json_writer.h"
#include "reports/markdown_writer.h"
#include "reports/topology_dot.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

constexpr char kVersion[] = "0.1.0";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return in ? text.str() : "";
}

// A private directory for dot's input and output, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    std::string tmpl = ((ec ? fs::path("/tmp") : tmp) / "mtulab-dot-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `argv` to completion within `timeout_s`; "" on success, else what went wrong.
std::string RunDot(const std::vector<std::string>& argv, double timeout_s) {
  SpawnOptions spawn;
  spawn.argv = argv;
  try {
    ChildProcess child = ChildProcess::Spawn(spawn);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (child.Running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        child.Stop();
        return "dot did not finish within " + std::to_string(int(timeout_s)) + " s";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::optional<int> status = child.wait_status();
    if (status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) return "";
    std::string output = child.Output(600);
    return "dot " + child.Describe() + (output.empty() ? "" : ": " + output);
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

void ReportFlags::Register(Options& options) {
  options.String({"--json"}, &json_).String({"--markdown"}, &markdown_).String({"--html"}, &html_);
}

std::string ReportFlags::Resolve(const std::string& flag, const std::string& junit,
                                 const char* name) {
  if (flag != kUnset) return flag;
  fs::path dir = fs::path(junit).parent_path();
  return (dir / name).string();
}

RunInfo MakeRunInfo(const std::string& command, const std::vector<std::string>& args,
                    const std::string& started, double seconds, const std::string& shard) {
  RunInfo run;
  run.mtulab_version = kVersion;
  struct utsname u {};
  if (::uname(&u) == 0) run.kernel = u.release;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) run.hostname = host;
  run.started = started;
  run.seconds = seconds;
  run.command_line = {"mtulab", command};
  run.command_line.insert(run.command_line.end(), args.begin(), args.end());
  run.shard = shard;
  return run;
}

std::map<std::string, TopologyPicture> RenderTopologies(const std::vector<Suite>& suites,
                                                        double timeout_s) {
  std::map<std::string, TopologyPicture> pictures;
  std::optional<std::string> dot = FindExecutable("dot");
  std::vector<std::string> texts;  // made before anything is created on disk
  for (size_t i = 0; dot && i < suites.size(); ++i) {
    texts.push_back(TopologyDot(suites[i].topology, PredictedBottlenecks(suites[i])));
  }
  std::optional<ScratchDir> scratch;
  if (dot) scratch.emplace();
  std::string problem;
  if (!dot) problem = "Graphviz 'dot' is not installed (Debian package graphviz)";
  if (dot && scratch->path().empty()) problem = "cannot create a scratch directory for dot";
  std::vector<std::string> argv = {dot.value_or("dot"), "-Tsvg", "-O"};
  for (size_t i = 0; problem.empty() && i < texts.size(); ++i) {
    fs::path input = scratch->path() / ("suite" + std::to_string(i) + ".dot");
    std::ofstream(input) << texts[i];
    argv.push_back(input.string());
  }
  // One process draws every suite (-O writes suiteN.dot.svg): dot's start-up dominates.
  if (problem.empty() && !suites.empty()) problem = RunDot(argv, timeout_s);
  for (size_t i = 0; i < suites.size(); ++i) {
    TopologyPicture& picture = pictures[suites[i].name];
    if (scratch && !scratch->path().empty()) {
      picture.svg = ReadText(scratch->path() / ("suite" + std::to_string(i) + ".dot.svg"));
    }
    if (picture.svg.empty()) picture.unavailable = problem.empty() ? "dot wrote no SVG" : problem;
  }
  return pictures;
}

bool WriteRunReports(const RunReport& report, const std::vector<Suite>& suites,
                     const std::string& json, const std::string& markdown,
                     const std::string& html) {
  bool ok = true;
  auto write = [&](const std::string& path, const char* kind, auto&& writer) {
    if (path.empty()) return;
    try {
      writer();
      std::printf("%s report: %s\n", kind, path.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab run: %s\n", e.what());
      ok = false;
    }
  };
  write(json, "JSON", [&] { WriteJson(report, json); });
  write(markdown, "Markdown", [&] { WriteMarkdown(report, markdown); });
  write(html, "HTML", [&] { WriteHtml(report, RenderTopologies(suites), html); });
  return ok;
}

}  // namespace mtulab
