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
};

/// The table: rejected inputs (exact diagnostics, exit 2) and a few accepted contrasts.
std::vector<Row> Rows();

}  // namespace mtulab::e2e

#endif  // MTULAB_TESTS_E2E_HOSTILE_INPUT_ROWS_H_
