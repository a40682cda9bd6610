#include "harness/cli/report_outputs.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "harness/cli/topology_dot_predict.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"
#include "reports/json_writer.h"
#include "reports/markdown_writer.h"
#include "reports/topology_dot.h"

namespace mtulab {
namespace {

constexpr char kVersion[] = "0.1.0";

}  // namespace

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

namespace {

// An anonymous memory file holding `text` (or empty), for dot to reach by a /proc path.
UniqueFd MemoryFile(const char* name, const std::string& text) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd.valid()) ThrowErrno(std::string("creating a memory file for dot (memfd_create)"));
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowErrno(std::string("writing dot's input to a memory file"));
    done += static_cast<size_t>(n);
  }
  return fd;
}

// The child closes every inherited descriptor but stdio; it opens these by path instead.
std::string ProcFdPath(const UniqueFd& fd) {
  return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd.get());
}

// dot writes one SVG document per input graph, one after another, into the same file.
std::vector<std::string> SplitSvgDocuments(const std::string& text) {
  std::vector<std::string> docs;
  size_t start = 0;
  for (size_t end; (end = text.find("</svg>", start)) != std::string::npos; start = end + 6) {
    docs.push_back(text.substr(start, end + 6 - start));
  }
  return docs;
}

}  // namespace

TopologyRenderer::TopologyRenderer(const std::vector<Suite>& suites) {
  for (const Suite& suite : suites) names_.push_back(suite.name);
  std::optional<std::string> dot = FindExecutable("dot");
  if (!dot) {
    problem_ = "Graphviz 'dot' is not installed (Debian package graphviz)";
    return;
  }
  if (suites.empty()) return;
  // Nothing touches the disk, so an interrupted run leaves no scratch files behind: dot
  // reads each topology from a memory file of this process (through /proc/<pid>/fd) and
  // writes every SVG, one after another, to its stdout, another memory file (with -o it
  // would reopen the file for each graph and keep only the last).
  try {
    SpawnOptions spawn;
    spawn.argv = {*dot, "-Tsvg"};
    for (const Suite& suite : suites) {
      inputs_.push_back(MemoryFile("mtulab-dot-input",
                                   TopologyDot(suite.topology, PredictedBottlenecks(suite))));
      spawn.argv.push_back(ProcFdPath(inputs_.back()));
    }
    svg_ = MemoryFile("mtulab-dot-svg", "");
    spawn.stdout_fd = svg_.get();
    // One process draws every suite: dot's start-up dominates.
    dot_.emplace(ChildProcess::Spawn(spawn));
  } catch (const std::exception& e) {
    problem_ = e.what();
  }
}

std::map<std::string, TopologyPicture> TopologyRenderer::Finish(double timeout_s) {
  if (dot_) {
    if (!dot_->WaitExit(std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000)))) {
      dot_->Stop();
      problem_ = "dot did not finish within " + std::to_string(int(timeout_s)) + " s";
    }
    std::optional<int> status = dot_->wait_status();
    if (problem_.empty() && !(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0)) {
      std::string output = dot_->Output(600);
      problem_ = "dot " + dot_->Describe() + (output.empty() ? "" : ": " + output);
    }
    dot_.reset();
  }
  std::vector<std::string> docs;
  if (problem_.empty() && svg_.valid()) {
    struct stat st {};
    std::string text;
    if (::fstat(svg_.get(), &st) == 0) text.resize(static_cast<size_t>(st.st_size));
    ssize_t n = ::pread(svg_.get(), text.data(), text.size(), 0);
    text.resize(n > 0 ? static_cast<size_t>(n) : 0);
    docs = SplitSvgDocuments(text);
    if (docs.size() != names_.size()) {
      problem_ = "dot wrote " + std::to_string(docs.size()) + " pictures for " +
                 std::to_string(names_.size()) + " topologies";
      docs.clear();
    }
  }
  std::map<std::string, TopologyPicture> pictures;
  for (size_t i = 0; i < names_.size(); ++i) {
    TopologyPicture& picture = pictures[names_[i]];
    if (i < docs.size()) picture.svg = docs[i];
    if (picture.svg.empty()) picture.unavailable = problem_.empty() ? "dot wrote no SVG" : problem_;
  }
  inputs_.clear();
  svg_.Reset();
  return pictures;
}

std::map<std::string, TopologyPicture> RenderTopologies(const std::vector<Suite>& suites,
                                                        double timeout_s) {
  return TopologyRenderer(suites).Finish(timeout_s);
}

bool WriteRunReports(const RunReport& report, TopologyRenderer* pictures,
                     const std::string& json, const std::string& markdown,
                     const std::string& html, std::FILE* console) {
  bool ok = true;
  auto write = [&](const std::string& path, const char* kind, auto&& writer) {
    if (path.empty()) return;
    try {
      writer();
      std::fprintf(console, "%s report: %s\n", kind, path.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab run: %s\n", e.what());
      ok = false;
    }
  };
  write(json, "JSON", [&] { WriteJson(report, json); });
  write(markdown, "Markdown", [&] { WriteMarkdown(report, markdown); });
  write(html, "HTML", [&] {
    WriteHtml(report, pictures ? pictures->Finish() : std::map<std::string, TopologyPicture>{}, html);
  });
  return ok;
}

}  // namespace mtulab
