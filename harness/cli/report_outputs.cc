#include "harness/cli/report_outputs.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

#include "harness/cli/topology_dot_predict.h"
#include "reports/graphviz_svg.h"
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

// `topology` drawn with `annotations`, or why not.
TopologyPicture Draw(const Topology& topology, const DotAnnotations& annotations) {
  try {
    return TopologyPicture{RenderDotToSvg(TopologyDot(topology, annotations)), ""};
  } catch (const std::exception& e) {
    return TopologyPicture{"", e.what()};
  }
}

// The case's own topology (after its overrides) with what they changed, or why not.
TopologyPicture DrawCase(const Suite& suite, const Case& c) {
  try {
    Topology applied = ApplyOverrides(suite.topology, c);
    return Draw(applied, CaseAnnotations(suite, c, applied));
  } catch (const std::exception& e) {
    return TopologyPicture{"", e.what()};
  }
}

bool Failed(Outcome o) { return o == Outcome::kFail || o == Outcome::kError; }

}  // namespace

TopologyRenderer::TopologyRenderer(std::vector<Suite> suites) : suites_(std::move(suites)) {
  if (suites_.empty()) return;
  thread_ = std::thread([this] {
    for (const Suite& suite : suites_) {
      try {
        pictures_[suite.name] = Draw(suite.topology, SuiteAnnotations(suite));
      } catch (const std::exception& e) {
        pictures_[suite.name] = TopologyPicture{"", e.what()};
      }
    }
  });
}

TopologyRenderer::~TopologyRenderer() {
  if (thread_.joinable()) thread_.join();
}

std::map<std::string, TopologyPicture> TopologyRenderer::Finish(
    const std::vector<SuiteResult>& results) {
  if (thread_.joinable()) thread_.join();
  int drawn = 0;
  for (const SuiteResult& result : results) {
    const Suite* suite = nullptr;
    for (const Suite& s : suites_) suite = s.name == result.name ? &s : suite;
    if (suite == nullptr) continue;
    for (const CaseResult& r : result.cases) {
      if (!Failed(r.outcome) || drawn >= kMaxCasePictures) continue;
      for (const Case& c : suite->cases) {
        if (c.name != r.name) continue;
        pictures_[CasePictureKey(suite->name, c.name)] = DrawCase(*suite, c);
        ++drawn;
      }
    }
  }
  return pictures_;
}

std::map<std::string, TopologyPicture> RenderTopologies(const std::vector<Suite>& suites,
                                                        const std::vector<SuiteResult>& results) {
  return TopologyRenderer(suites).Finish(results);
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
    WriteHtml(report,
              pictures ? pictures->Finish(report.suites) : std::map<std::string, TopologyPicture>{},
              html);
  });
  return ok;
}

}  // namespace mtulab
