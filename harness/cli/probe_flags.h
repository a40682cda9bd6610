#ifndef MTULAB_CLI_PROBE_FLAGS_H_
#define MTULAB_CLI_PROBE_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/cli/case_selection.h"
#include "harness/cli/report_paths.h"

namespace mtulab {

/// A namespace mtulab did not create, named on the command line: --node NAME=PATH[@ADDR]
/// (addr set only in mesh mode, where it is the address the others probe).
struct NodeArg {
  std::string name;
  std::string path;                 // /run/netns/NAME, /proc/PID/ns/net, ...
  std::optional<std::string> addr;  // mesh: the address peers aim at
};

/// A peer of mesh mode that runs elsewhere (another pod or host): --peer NAME=ADDR.
struct PeerArg {
  std::string name;
  std::string addr;
};

/// The inclusive range of packet sizes (IP header included) a mesh DF sweep searches.
struct SweepRange {
  unsigned lo = 0, hi = 0;
};

/// `mtulab probe`'s command line, both modes (raw strings; parsed by the mode that uses them).
struct ProbeArgs {
  std::vector<std::string> args;   // as given (run metadata)
  std::vector<std::string> files;  // suite mode: SUITE.xml...
  std::string netns;               // --netns: the "local" node; empty: the current namespace
  std::vector<std::string> nodes;  // --node
  std::vector<std::string> peers;  // --peer (mesh)
  std::string name;                // --name (mesh): the local namespace's member name
  std::string sweep;               // --sweep LO:HI (mesh)
  std::string family = "4";        // --family 4|6 (mesh)
  std::string timeout;             // --timeout S per echo (mesh)
  int max_sockets = 64;
  int expect_mtu = 0;  // --expect-mtu (mesh); 0: the route's MTU
  int jobs = 0;        // 0: the mode's default
  bool mesh = false, allow_changes = false, verbose = false, fail_fast = false;
  CaseSelectionFlags selection;
  ReportFlags reports;
};

/// Parses "NAME=PATH" (or, with `with_addr`, "NAME=PATH@ADDR"). Returns the problem, "" if
/// all is well. NAME matches [A-Za-z0-9_.-]{1,64}; ADDR is an IPv4 or IPv6 address.
std::string ParseNodeArg(const std::string& text, bool with_addr, NodeArg* out);

/// Parses "NAME=ADDR" of --peer. Returns the problem, "" if all is well.
std::string ParsePeerArg(const std::string& text, PeerArg* out);

/// Parses "LO:HI" of --sweep (68 <= LO <= HI <= 65535). Returns the problem or "".
std::string ParseSweepRange(const std::string& text, SweepRange* out);

/// The first name given twice among the nodes, the peers and `self` (empty: none), or "".
std::string DuplicateName(const std::vector<NodeArg>& nodes, const std::vector<PeerArg>& peers,
                          const std::string& self);

/// `mtulab probe --mesh` (cli/probe_mesh_command.cc): the exit code.
int ProbeMeshCommand(const ProbeArgs& a);

}  // namespace mtulab

#endif  // MTULAB_CLI_PROBE_FLAGS_H_
