#ifndef MTULAB_RUNNER_MESH_H_
#define MTULAB_RUNNER_MESH_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/values.h"
#include "harness/model/verdict.h"
#include "harness/sys/netns.h"

namespace mtulab {

/// A member of the mesh: a namespace this process probes from (ns set), or a peer probed
/// from here only (ns unset). `addr` is what the others aim at.
struct MeshMember {
  std::string name;
  std::optional<Netns> ns;
  std::string addr;
};

/// One ordered pair: members[from] probes members[to].
struct MeshPair {
  size_t from = 0, to = 0;
};

/// Every ordered pair (A, B), A a member with a namespace and B any other member, A-major in
/// member order: n namespaces and p peers give n * (n - 1 + p) pairs.
std::vector<MeshPair> MeshPairs(const std::vector<MeshMember>& members);

/// Threads that probe at once: each holds at most one socket at a time (the route lookup's
/// netlink socket, then the ping socket), so this bounds the sockets open at once:
/// min(jobs, max_sockets, pairs), at least 1.
int MeshWorkers(int jobs, int max_sockets, size_t pairs);

struct MeshOptions {
  Family family = Family::kIpv4;
  unsigned lo = 576, hi = 9000;        // packet sizes (IP header included) searched
  std::optional<unsigned> expect_mtu;  // unset: the route's MTU from A
  int jobs = 16;
  int max_sockets = 64;
  double timeout_s = 0.3;                  // per echo
  unsigned tries = 2;                      // echoes per size; a size crosses if one is answered
  const std::atomic<int>* stop = nullptr;  // set: pairs not started are interrupted
  /// Called (serialized) as each pair ends.
  std::function<void(const CaseResult&, int done, int total)> on_done;
};

/// What a mesh run observed besides the verdicts.
struct MeshStats {
  int workers = 0;
  int peak_sockets = 0;  // most sockets the mesh had open at once (counted as opened/closed)
};

/// Runs the DF sweep of every pair, MeshWorkers() at a time, as one suite named `suite`:
/// a case "A->B" per pair. It passes when the path MTU found is at least the expected MTU,
/// fails below it, and errors when B does not answer at the smallest size (or A has no
/// route to it).
SuiteResult RunMesh(const std::string& suite, const std::vector<MeshMember>& members,
                    const MeshOptions& options, MeshStats* stats);

/// One pair's sweep (mesh_pair.cc); `sockets` counts the sockets it holds open.
CaseResult ProbeMeshPair(const MeshMember& from, const MeshMember& to, const MeshOptions& options,
                         std::atomic<int>* sockets, std::atomic<int>* peak);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_MESH_H_
