#ifndef MTULAB_CLI_REPORT_OUTPUTS_H_
#define MTULAB_CLI_REPORT_OUTPUTS_H_

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/sys/process.h"
#include "harness/sys/unique_fd.h"
#include "reports/html_writer.h"
#include "reports/run_report.h"

namespace mtulab {

/// The run's metadata: this mtulab's version, the kernel release, the host name, argv
/// ("mtulab" + `command` + `args`), the start time, wall seconds and the shard ("K/N" or "").
RunInfo MakeRunInfo(const std::string& command, const std::vector<std::string>& args,
                    const std::string& started, double seconds, const std::string& shard);

/// Each suite's topology drawn by Graphviz: TopologyDot() with the predicted bottlenecks,
/// rendered to SVG by one `dot -Tsvg` process started by the constructor, which returns at
/// once: `mtulab run` starts it before the first case, so dot's start-up (tens of ms) and
/// layout overlap with the cases instead of adding to the run. Finish() waits for dot (at
/// most `timeout_s`, then stops it) and collects the pictures; when dot is missing or fails,
/// each picture says why instead. Keyed by suite name. Destruction stops a dot still
/// running. Nothing is written to disk (memory files, see report_outputs.cc).
class TopologyRenderer {
 public:
  explicit TopologyRenderer(const std::vector<Suite>& suites);
  TopologyRenderer(const TopologyRenderer&) = delete;
  TopologyRenderer& operator=(const TopologyRenderer&) = delete;
  std::map<std::string, TopologyPicture> Finish(double timeout_s = 30);

 private:
  std::vector<std::string> names_;
  std::string problem_;
  std::vector<UniqueFd> inputs_;  // one memory file per topology (dot source)
  UniqueFd svg_;                  // every SVG, one after another
  std::optional<ChildProcess> dot_;
};

/// Each suite's topology drawn by Graphviz, synchronously: TopologyRenderer + Finish.
std::map<std::string, TopologyPicture> RenderTopologies(const std::vector<Suite>& suites,
                                                        double timeout_s = 30);

/// Writes the reports whose path is not empty; prints "<Kind> report: PATH" for each on
/// `console` and every failure on stderr. Returns false when one could not be written.
/// `pictures` (may be null: no pictures) is finished only when the HTML report is written.
bool WriteRunReports(const RunReport& report, TopologyRenderer* pictures,
                     const std::string& json, const std::string& markdown,
                     const std::string& html, std::FILE* console = stdout);

}  // namespace mtulab

#endif  // MTULAB_CLI_REPORT_OUTPUTS_H_
