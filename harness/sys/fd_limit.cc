#include "harness/sys/fd_limit.h"

#include <atomic>

namespace mtulab {
namespace {

// The soft limit found at start, or RLIM_INFINITY while nothing was changed.
std::atomic<rlim_t> g_original_soft{RLIM_INFINITY};
std::atomic<rlim_t> g_hard{RLIM_INFINITY};

}  // namespace

rlim_t RaiseFdLimit() {
  rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur >= limit.rlim_max) return limit.rlim_cur;
  rlimit raised = limit;
  raised.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) return limit.rlim_cur;
  g_hard = limit.rlim_max;
  g_original_soft = limit.rlim_cur;
  return raised.rlim_cur;
}

void RestoreFdLimitForChild() {
  rlim_t soft = g_original_soft.load(std::memory_order_relaxed);
  if (soft == RLIM_INFINITY) return;
  rlimit limit {soft, g_hard.load(std::memory_order_relaxed)};
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

std::string FdLimitHint() {
  rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return "";
  auto text = [](rlim_t v) {
    return v == RLIM_INFINITY ? std::string("unlimited") : std::to_string(v);
  };
  return "RLIMIT_NOFILE is " + text(limit.rlim_cur) + ", hard " + text(limit.rlim_max) +
         "; mtulab holds a few descriptors per namespace: raise it with `ulimit -n N` as root";
}

}  // namespace mtulab
