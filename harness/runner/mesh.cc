// Mesh mode: every ordered pair's DF sweep, a bounded number of sockets at once.
#include "harness/runner/mesh.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "harness/runner/case_runner.h"

namespace mtulab {

std::vector<MeshPair> MeshPairs(const std::vector<MeshMember>& members) {
  std::vector<MeshPair> pairs;
  for (size_t a = 0; a < members.size(); ++a) {
    if (!members[a].ns) continue;
    for (size_t b = 0; b < members.size(); ++b) {
      if (b != a) pairs.push_back({a, b});
    }
  }
  return pairs;
}

int MeshWorkers(int jobs, int max_sockets, size_t pairs) {
  size_t n = std::min<size_t>({static_cast<size_t>(std::max(jobs, 1)),
                               static_cast<size_t>(std::max(max_sockets, 1)), pairs});
  return static_cast<int>(std::max<size_t>(n, 1));
}

namespace {

CaseResult Interrupted(const std::string& suite, const std::string& name) {
  CaseResult r;
  r.suite = suite;
  r.name = name;
  r.outcome = Outcome::kInterrupted;
  r.reason = "the run was interrupted before this pair was probed";
  return r;
}

}  // namespace

SuiteResult RunMesh(const std::string& suite, const std::vector<MeshMember>& members,
                    const MeshOptions& options, MeshStats* stats) {
  std::vector<MeshPair> pairs = MeshPairs(members);
  SuiteResult result;
  result.name = suite;
  result.timestamp = UtcTimestamp();
  result.cases.resize(pairs.size());
  std::atomic<size_t> next{0};
  std::atomic<int> sockets{0}, peak{0};
  std::mutex mu;
  int done = 0;
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pairs.size();) {
      const MeshMember& a = members[pairs[i].from];
      const MeshMember& b = members[pairs[i].to];
      CaseResult r = options.stop != nullptr && options.stop->load() != 0
                         ? Interrupted(suite, a.name + "->" + b.name)
                         : ProbeMeshPair(a, b, options, &sockets, &peak);
      r.suite = suite;
      std::lock_guard<std::mutex> lock(mu);
      result.seconds += r.seconds;
      result.cases[i] = std::move(r);
      ++done;
      if (options.on_done) options.on_done(result.cases[i], done, static_cast<int>(pairs.size()));
    }
  };
  int n = MeshWorkers(options.jobs, options.max_sockets, pairs.size());
  std::vector<std::thread> threads;
  for (int t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (stats != nullptr) *stats = MeshStats{n, peak.load()};
  return result;
}

}  // namespace mtulab
