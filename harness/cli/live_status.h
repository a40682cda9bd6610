#ifndef MTULAB_CLI_LIVE_STATUS_H_
#define MTULAB_CLI_LIVE_STATUS_H_

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "harness/model/verdict.h"

namespace mtulab {

/// --color: kAuto colours on a terminal (isatty, TERM not "dumb") when NO_COLOR is unset
/// or empty (https://no-color.org); kAlways and kNever regardless of both.
enum class ColorMode { kAuto, kAlways, kNever };
/// The mode --color names: "always", "never", else (its default "auto") kAuto.
ColorMode ColorModeNamed(const std::string& name);

/// How `run` talks while cases run, on one console stream.
struct ConsoleStyle {
  bool tty = false;    // a live status line, redrawn in place
  bool color = false;  // outcome words in colour
  bool verbose = false;
  /// For `console`: a terminal (isatty, TERM not "dumb") gets the status line; colour as
  /// `color` says (kAuto: that terminal, and NO_COLOR unset or empty).
  static ConsoleStyle For(std::FILE* console, bool verbose, ColorMode color = ColorMode::kAuto);
};

/// The console of a running `run`: one line per finished case (with its details), and for
/// the cases still running either a live status line (terminal) or, in a pipe or file, one
/// "RUN" line for each case that has been running for a second. Every method is
/// thread-safe; lines never interleave.
class LiveStatus {
 public:
  LiveStatus(std::FILE* console, int total, ConsoleStyle style);
  ~LiveStatus();
  LiveStatus(const LiveStatus&) = delete;
  LiveStatus& operator=(const LiveStatus&) = delete;

  /// Starts the thread that redraws the status line or prints the "RUN" lines. Call it
  /// after every signal mask is set (see SignalWatcher).
  void Start();
  void CaseStarted(const std::string& id);
  void CaseDone(const CaseResult& result, int done);
  /// A line of its own (e.g. the acknowledgement of Ctrl-C), printed at once.
  void Message(const std::string& line);

 private:
  using Clock = std::chrono::steady_clock;
  struct Running {
    Clock::time_point since;
    bool announced = false;
  };
  void Tick();         // with mu_ held
  void ClearStatus();  // with mu_ held: erases the status line
  void Loop();

  std::FILE* console_;
  int total_;
  ConsoleStyle style_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool status_shown_ = false;
  int done_ = 0;
  std::map<std::string, Running> running_;
  std::thread thread_;
};

}  // namespace mtulab

#endif  // MTULAB_CLI_LIVE_STATUS_H_
