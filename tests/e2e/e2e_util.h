#ifndef MTULAB_TESTS_E2E_E2E_UTIL_H_
#define MTULAB_TESTS_E2E_E2E_UTIL_H_

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mtulab::e2e {

// topologies/pair.xml of several tests: a (10.1.0.1) == veth, MTU 1400 == b (10.1.0.2).
inline constexpr char kPair1400Topology[] = R"(<topology name="pair">
  <node name="a"/>
  <node name="b"/>
  <link kind="veth">
    <end node="a" name="eth0" mtu="1400" ipv4="10.1.0.1/24"/>
    <end node="b" name="eth0" mtu="1400" ipv4="10.1.0.2/24"/>
  </link>
</topology>
)";

/// What one run of a program gave.
struct ProcessResult {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out, err;
};

/// Runs `argv` (no shell) in `cwd`, waits, captures stdout and stderr.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd);

/// Runs the mtulab binary under test with `args` in `cwd`.
ProcessResult RunMtulab(const std::vector<std::string>& args, const std::string& cwd);

/// A fresh directory under /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

/// Copies topologies/ and suites/ of the source tree into `dir`.
void CopyShippedFiles(const std::string& dir);

/// Replaces `from` by `to` inside the <case name="NAME"> element of the suite file (or in the
/// whole file when `case_name` is empty). Fails the test unless `from` occurs exactly once
/// in that region, or, with `every`, at least once (then every occurrence is replaced).
void Mutate(const std::string& file, const std::string& case_name, const std::string& from,
            const std::string& to, bool every = false);

/// One <testcase> of a JUnit report.
struct JunitCase {
  std::string classname, name, outcome;  // outcome: pass, failure, error, skipped
  std::string message, body, system_out;
  std::string type;  // type attribute of the <failure>/<error> ("Interrupted", ...)
};

/// Parses a JUnit file; fails the test on malformed XML or inconsistent counts.
std::vector<JunitCase> ParseJunit(const std::string& path);

/// Things a run must not leave behind: pinned namespaces, host links, our open fds.
struct HostSnapshot {
  std::set<std::string> pinned;      // /run/netns entries
  std::set<std::string> host_links;  // /sys/class/net of the host namespace
  int open_fds = 0;                  // of this test process
  std::set<std::string> children;    // PIDs whose parent is this process
  int wireguard_go = 0;              // wireguard-go processes on the machine
  bool host_run_wireguard = false;   // /run/wireguard exists on the host
};
HostSnapshot TakeSnapshot();

}  // namespace mtulab::e2e

#endif  // MTULAB_TESTS_E2E_E2E_UTIL_H_
