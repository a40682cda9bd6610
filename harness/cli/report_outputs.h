#ifndef MTULAB_CLI_REPORT_OUTPUTS_H_
#define MTULAB_CLI_REPORT_OUTPUTS_H_

#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/verdict.h"
#include "reports/html_writer.h"
#include "reports/run_report.h"

namespace mtulab {

/// The run's metadata: this mtulab's version, the kernel release, the host name, argv
/// ("mtulab" + `command` + `args`), the start time, wall seconds and the shard ("K/N" or "").
RunInfo MakeRunInfo(const std::string& command, const std::vector<std::string>& args,
                    const std::string& started, double seconds, const std::string& shard);

/// Topology pictures drawn by Graphviz in this process (reports/graphviz_svg.h, libgvc): the
/// constructor copies the suites and starts a thread that draws each suite's topology
/// (TopologyDot with SuiteAnnotations: derived MTUs, predicted bottlenecks), so the layout
/// overlaps with the cases instead of adding to the run. Finish() waits for it and then draws
/// each failed or errored case's own topology (after its overrides; CaseAnnotations: the
/// changed values and that case's bottleneck), at most kMaxCasePictures of them. A picture
/// Graphviz could not draw says why instead. Destruction waits for the thread.
class TopologyRenderer {
 public:
  static constexpr int kMaxCasePictures = 20;

  explicit TopologyRenderer(std::vector<Suite> suites);
  ~TopologyRenderer();
  TopologyRenderer(const TopologyRenderer&) = delete;
  TopologyRenderer& operator=(const TopologyRenderer&) = delete;
  /// Every suite's picture (by suite name) and, for the cases of `results` that failed or
  /// errored, their own (by CasePictureKey).
  std::map<std::string, TopologyPicture> Finish(const std::vector<SuiteResult>& results = {});

 private:
  std::vector<Suite> suites_;
  std::map<std::string, TopologyPicture> pictures_;  // written by thread_ only until joined
  std::thread thread_;
};

/// TopologyRenderer + Finish(results), synchronously.
std::map<std::string, TopologyPicture> RenderTopologies(
    const std::vector<Suite>& suites, const std::vector<SuiteResult>& results = {});

/// Writes the reports whose path is not empty; prints "<Kind> report: PATH" for each on
/// `console` and every failure on stderr. Returns false when one could not be written.
/// `pictures` (may be null: no pictures) is finished only when the HTML report is written.
bool WriteRunReports(const RunReport& report, TopologyRenderer* pictures,
                     const std::string& json, const std::string& markdown,
                     const std::string& html, std::FILE* console = stdout);

}  // namespace mtulab

#endif  // MTULAB_CLI_REPORT_OUTPUTS_H_
