#ifndef MTULAB_TESTS_E2E_HOSTILE_INPUT_ROWS_H_
#define MTULAB_TESTS_E2E_HOSTILE_INPUT_ROWS_H_

#include <functional>
#include <string>
#include <vector>

namespace mtulab::e2e {

/// One hostile or malformed input and what the binary must answer.
struct Row {
  std::string name;
  std::vector<std::pair<std::string, std::string>> files;  // written into the directory
  std::function<void(const std::string& dir)> make;        // other inputs (big, dir, fifo)
  std::string entry = "s.xml";                             // the suite run and checked
  // `mtulab check` is given t.xml instead of the suite, and must print the t.xml lines.
  bool check_topology = false;
  // The diagnostic lines, in order; "$DIR" stands for the temporary directory.
  std::vector<std::string> expected;
  // Contrast rows: exit 0; with `outcome`, `run` (root) must report the case so in JUnit,
  // whose message starts with `reason`.
  bool accepted = false;
  std::string outcome, reason;
  // Text that must appear in no output (the content of a file that must not be quoted).
  std::vector<std::string> never_printed;
};

/// The table: rejected inputs (exact diagnostics, exit 2) and a few accepted contrasts.
std::vector<Row> Rows();

/// The rows about the loader's bounds (hostile_input_bounds_rows.cc): limits, files that are
/// not regular or not UTF-8, quoting, addresses and names that can never work.
std::vector<Row> LoaderBoundsRows();

/// The contrast rows (hostile_input_bounds_rows.cc too): odd inputs accepted on purpose.
std::vector<Row> ContrastRows();

// Shared by the row files. Line 5 of kTopo is a0's <end>; line 3 of kSuite is the ping.
extern const char kTopo[];
extern const char kSuite[];
/// The ping of kSuite (with its expectation).
extern const char kPing[];
/// `text` with the single occurrence of `from` replaced by `to`.
std::string Edit(const std::string& text, const std::string& from, const std::string& to);
/// A row about t.xml (checked alone too) / about s.xml over kTopo.
Row TopoRow(std::string name, std::string topology, std::vector<std::string> expected);
Row SuiteRow(std::string name, std::string suite, std::vector<std::string> expected);
Row Accepted(Row r, std::string outcome = "", std::string reason = "");
/// kTopo with a0's mtu and ipv4 replaced by `attrs`.
std::string EndA(const std::string& attrs);
/// kTopo with a0's mtu replaced by `mtu`.
std::string MtuA(const std::string& mtu);
/// kSuite with the ping's attributes replaced by `attrs`.
std::string PingAttrs(const std::string& attrs);
/// kSuite naming `topology`.
std::string SuiteWithTopology(const std::string& topology);
/// kTopo with routes inside node a (line 2) and b (line 3).
std::string Routes(const std::string& a, const std::string& b);

}  // namespace mtulab::e2e

#endif  // MTULAB_TESTS_E2E_HOSTILE_INPUT_ROWS_H_
