#include "harness/cli/report_paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "harness/base/safe_file.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

// One report target: its flag ("--json") and whether that flag was given or defaulted.
struct Named {
  const char* flag;
  std::string path;
  bool defaulted;
};

std::string Describe(const Named& n) {
  return n.flag + std::string(n.defaulted ? " (default, beside the JUnit) " : " ") + n.path;
}

bool Refuse(const std::string& message) {
  std::fprintf(stderr, "mtulab run: %s\n", message.c_str());
  return false;
}

bool SameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

bool SameReportTarget(const std::string& a, const std::string& b) {
  if (a == b) return true;
  TargetKind ka = ClassifyTarget(a), kb = ClassifyTarget(b);
  if ((ka == TargetKind::kFile) != (kb == TargetKind::kFile)) return false;
  if (ka == TargetKind::kFile) {
    std::error_code ea, eb;
    fs::path pa = fs::absolute(a), pb = fs::absolute(b);
    fs::path ca = fs::weakly_canonical(pa.parent_path(), ea) / pa.filename();
    fs::path cb = fs::weakly_canonical(pb.parent_path(), eb) / pb.filename();
    return !ea && !eb && ca == cb;
  }
  struct stat sa {
  }, sb{};
  bool ha =
      ka == TargetKind::kStdout ? ::fstat(STDOUT_FILENO, &sa) == 0 : ::stat(a.c_str(), &sa) == 0;
  bool hb =
      kb == TargetKind::kStdout ? ::fstat(STDOUT_FILENO, &sb) == 0 : ::stat(b.c_str(), &sb) == 0;
  return ha && hb && SameFile(sa, sb);
}

namespace {

std::string DirectoryOf(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

}  // namespace

void ReportFlags::Register(Options& options) {
  options.String({"--junit"}, &junit_).String({"--json"}, &json_);
  options.String({"--markdown"}, &markdown_).String({"--html"}, &html_);
  options.String({"--junit-flavor"}, &junit_flavor_);
}

std::optional<ReportTargets> ReportFlags::Resolve() const {
  ReportTargets t;
  std::optional<JunitFlavor> flavor = ParseJunitFlavor(junit_flavor_);
  if (!flavor) {
    Refuse("--junit-flavor " + junit_flavor_ + ": expected junit10 (the default) or gitlab");
    return std::nullopt;
  }
  t.junit_flavor = *flavor;
  t.junit = junit_;
  std::optional<std::string> beside;  // the JUnit file's directory
  if (!t.junit.empty()) {
    try {
      if (ClassifyTarget(t.junit) == TargetKind::kFile) {
        beside = fs::path(t.junit).parent_path().string();
        t.captures_dir = DirectoryOf(t.junit);
      }
    } catch (const FileError& e) {
      Refuse("--junit " + t.junit + ": " + e.what() +
             "; a report goes to a file, a character device, a FIFO or '-'");
      return std::nullopt;
    }
  }
  auto pick = [&](const std::string& flag, const char* name) {
    if (flag != kUnset) return flag;
    return beside ? (fs::path(*beside) / name).string() : std::string();
  };
  t.json = pick(json_, "mtulab.json");
  t.markdown = pick(markdown_, "summary.md");
  t.html = pick(html_, "report.html");
  std::vector<Named> named = {{"--junit", t.junit, false},
                              {"--json", t.json, json_ == kUnset},
                              {"--markdown", t.markdown, markdown_ == kUnset},
                              {"--html", t.html, html_ == kUnset}};
  for (size_t i = 1; i < named.size(); ++i) {
    if (named[i].path.empty()) continue;
    try {
      ClassifyTarget(named[i].path);
    } catch (const FileError& e) {
      Refuse(Describe(named[i]) + ": " + e.what() +
             "; a report goes to a file, a character device, a FIFO or '-'");
      return std::nullopt;
    }
  }
  for (size_t i = 0; i < named.size(); ++i) {
    for (size_t j = i + 1; j < named.size(); ++j) {
      if (named[i].path.empty() || named[j].path.empty()) continue;
      if (!SameReportTarget(named[i].path, named[j].path)) continue;
      Refuse(Describe(named[i]) + " and " + Describe(named[j]) +
             " are the same target: each report needs its own (an empty value, e.g. " +
             named[j].flag + "=, turns one off)");
      return std::nullopt;
    }
    if (!named[i].path.empty() && ClassifyTarget(named[i].path) == TargetKind::kStdout) {
      t.console = stderr;
    }
  }
  return t;
}

bool ReportTargets::Prepare() const {
  const std::pair<const char*, const std::string*> reports[] = {
      {"--junit", &junit}, {"--json", &json}, {"--markdown", &markdown}, {"--html", &html}};
  for (const auto& [flag, path] : reports) {
    if (path->empty()) continue;
    std::string dir = DirectoryOf(*path);
    try {
      if (ClassifyTarget(*path) != TargetKind::kFile) continue;
      CheckNotSharedDirectory(dir);
      Directory d = Directory::Open(dir, true);
      std::string name = fs::path(*path).filename().string();
      { PendingFile probe(d, name); }  // unnamed (or removed at once): is it writable?
      RemoveStaleTemporaries(d, name);
    } catch (const FileError& e) {
      return Refuse(std::string(flag) + " " + *path + ": report directory " + dir + ": " +
                    e.what());
    }
  }
  return true;
}

}  // namespace mtulab
