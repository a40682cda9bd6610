#include "reports/run_report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace mtulab {

ReportTotals CountOutcomes(const std::vector<SuiteResult>& suites) {
  ReportTotals t;
  for (const SuiteResult& s : suites) {
    for (const CaseResult& c : s.cases) {
      ++t.cases;
      switch (c.outcome) {
        case Outcome::kPass:
          ++t.passed;
          break;
        case Outcome::kFail:
          ++t.failed;
          break;
        case Outcome::kSkip:
          ++t.skipped;
          break;
        case Outcome::kError:
          ++t.errors;
          break;
      }
    }
  }
  return t;
}

const Unmet* FindUnmet(const CaseResult& r, int step_index, const Expectation& e) {
  for (const Unmet& u : r.unmet) {
    const Expectation& x = u.expectation;
    if (u.step_index == step_index && x.fact == e.fact && x.op == e.op && x.values == e.values &&
        x.loc.file == e.loc.file && x.loc.line == e.loc.line && x.loc.col == e.loc.col) {
      return &u;
    }
  }
  return nullptr;
}

void WriteFileAtomically(const std::string& path, const std::string& text,
                         const std::string& what) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto fail = [&](int err, int fd) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw std::runtime_error("writing " + what + " " + path + ": " + std::strerror(err));
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(errno, -1);
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(errno, fd);
    done += size_t(n);
  }
  if (::fsync(fd) != 0) fail(errno, fd);
  if (::close(fd) != 0) fail(errno, -1);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail(errno, -1);
}

void WriteReportFile(const std::string& path, const std::string& text, const std::string& what) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::create_directories(dir, ec) && ec) {
    throw std::runtime_error("writing " + what + " " + path + ": creating directory " +
                             dir.string() + ": " + ec.message());
  }
  WriteFileAtomically(path, text, what);
}

}  // namespace mtulab
