#include "harness/cli/live_status.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "reports/console.h"

namespace mtulab {
namespace {

constexpr auto kAnnounceAfter = std::chrono::seconds(1);
constexpr auto kTick = std::chrono::milliseconds(200);

void PrintFacts(std::FILE* out, const CaseResult& r) {
  for (const StepRecord& s : r.steps) {
    std::fprintf(out, "      %s (%.3fs)\n", s.description.c_str(), s.seconds);
    for (const auto& [name, value] : s.facts.All()) {
      std::fprintf(out, "        %s=%s\n", name.c_str(), value.c_str());
    }
  }
}

size_t TerminalWidth(std::FILE* console) {
  winsize ws{};
  if (::ioctl(::fileno(console), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

ColorMode ColorModeNamed(const std::string& name) {
  if (name == "always") return ColorMode::kAlways;
  if (name == "never") return ColorMode::kNever;
  return ColorMode::kAuto;
}

ConsoleStyle ConsoleStyle::For(std::FILE* console, bool verbose, ColorMode color) {
  ConsoleStyle style;
  style.verbose = verbose;
  const char* term = std::getenv("TERM");
  style.tty =
      ::isatty(::fileno(console)) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0);
  const char* no_color = std::getenv("NO_COLOR");
  style.color = color == ColorMode::kAlways || (color == ColorMode::kAuto && style.tty &&
                                                (no_color == nullptr || *no_color == '\0'));
  return style;
}

LiveStatus::LiveStatus(std::FILE* console, int total, ConsoleStyle style)
    : console_(console), total_(total), style_(style) {}

LiveStatus::~LiveStatus() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    ClearStatus();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LiveStatus::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void LiveStatus::CaseStarted(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  running_[id] = Running{Clock::now()};
}

void LiveStatus::CaseDone(const CaseResult& r, int done) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearStatus();
  running_.erase(r.suite + "/" + r.name);
  done_ = done;
  std::fprintf(console_, "%s\n", FormatProgressLine(r, done, total_, style_.color).c_str());
  std::string details = FormatCaseDetails(r);
  if (!details.empty()) std::fprintf(console_, "%s", details.c_str());
  if (style_.verbose || r.outcome == Outcome::kFail) PrintFacts(console_, r);
  Tick();
  std::fflush(console_);
}

void LiveStatus::Message(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  ClearStatus();
  std::fprintf(console_, "%s\n", line.c_str());
  Tick();
  std::fflush(console_);
}

void LiveStatus::ClearStatus() {
  if (!status_shown_) return;
  std::fputs("\r\033[K", console_);
  status_shown_ = false;
}

void LiveStatus::Tick() {
  auto now = Clock::now();
  if (!style_.tty) {
    for (auto& [id, r] : running_) {
      if (r.announced || now - r.since < kAnnounceAfter) continue;
      r.announced = true;
      double s = std::chrono::duration<double>(now - r.since).count();
      std::fprintf(console_, "%s\n", FormatRunningLine(id, s, total_).c_str());
    }
    return;
  }
  std::vector<std::pair<std::string, double>> shown;
  for (const auto& [id, r] : running_) {
    shown.emplace_back(id, std::chrono::duration<double>(now - r.since).count());
  }
  if (shown.empty() || stopping_) return ClearStatus();
  std::string line = FormatStatusLine(done_, total_, shown, TerminalWidth(console_) - 1);
  std::fprintf(console_, "\r\033[K%s", line.c_str());
  status_shown_ = true;
}

void LiveStatus::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick);
    if (stopping_) break;
    Tick();
    std::fflush(console_);
  }
}

}  // namespace mtulab
