// Hostile and malformed input through the real binary. Every row is run as
// `mtulab run SUITE --junit DIR/j.xml` and as `mtulab check SUITE` (`mtulab check t.xml` for
// rows about the topology), with the temporary directory as the working directory so that
// messages carry the relative paths given. A rejected row must print exactly its
// "file:line:col: message" lines (each followed only by the source line and caret), exit 2,
// write no JUnit, and create nothing: no pinned namespace, no host link, no file or
// directory beside the inputs. A few contrast rows show what is deliberately accepted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/e2e_util.h"

#include "tests/e2e/hostile_input_rows.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;


// Every file and directory under `dir`, relative, with its size for files.
std::set<std::string> Tree(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string rel = fs::relative(it->path(), dir).string();
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) rel += " " + std::to_string(it->file_size(size_ec));
    out.insert(rel);
  }
  return out;
}

// The "file:line:col: message" lines of stderr; fails on any other line that is not a
// two-space-indented source line or caret.
std::vector<std::string> DiagnosticLines(const std::string& err) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < err.size()) {
    size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    start = end + 1;
    if (line.rfind("  ", 0) == 0) continue;
    EXPECT_LT(line.size(), 1000u) << "a diagnostic line this long is not readable";
    out.push_back(line.substr(0, 1000));
  }
  return out;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// One mtulab process started in `cwd`, its output going to files in `io` (outside `cwd`, so
// that the "nothing created" check sees only what mtulab itself wrote).
struct Running {
  pid_t pid = -1;
  std::string out, err;
};

Running Start(const std::vector<std::string>& args, const std::string& cwd, const std::string& io,
              const std::string& tag) {
  Running r{-1, io + "/" + tag + ".out", io + "/" + tag + ".err"};
  std::vector<std::string> argv = {MTULAB_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  r.pid = ::fork();
  if (r.pid == 0) {
    int out = ::open(r.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(r.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> cargs;
    for (const std::string& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    ::execv(cargs[0], cargs.data());
    ::_exit(127);
  }
  return r;
}

// Waits up to 10 s: a hang fails the row (exit code 124, as timeout(1)) instead of the run.
ProcessResult Finish(const Running& r) {
  ProcessResult result;
  if (r.pid < 0) {
    ADD_FAILURE() << "fork failed";
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  pid_t done = 0;
  while ((done = ::waitpid(r.pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    ::usleep(2000);
  }
  if (done == 0) {
    ::kill(r.pid, SIGKILL);
    ::waitpid(r.pid, &status, 0);
    ADD_FAILURE() << "mtulab did not finish within 10 s";
    result.exit_code = 124;
  } else {
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  result.out = ReadFile(r.out);
  result.err = ReadFile(r.err);
  return result;
}

std::set<std::string> Added(const std::set<std::string>& before,
                            const std::set<std::string>& after) {
  std::set<std::string> out;
  for (const std::string& s : after) {
    if (!before.count(s)) out.insert(s);
  }
  return out;
}

// What `mtulab run` must have done with `row`: rejected it with exactly `expected` and
// written nothing, or (a contrast row) accepted it with its outcome and written its reports.
void ExpectRunResult(const Row& row, const ProcessResult& run,
                     const std::vector<std::string>& expected, const std::string& junit,
                     const std::string& dir) {
  if (!row.accepted) {
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_EQ(DiagnosticLines(run.err), expected) << "mtulab run " << row.entry;
    for (const std::string& secret : row.never_printed) {
      EXPECT_EQ(run.err.find(secret), std::string::npos) << "run printed " << secret;
    }
    EXPECT_EQ(run.out, "");
    EXPECT_FALSE(fs::exists(junit)) << "a JUnit report was written";
    return;
  }
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  std::vector<JunitCase> cases = ParseJunit(junit);
  EXPECT_EQ(cases.size(), 1u);
  std::string outcome = cases.empty() ? "" : cases[0].outcome;
  if (row.outcome == "skipped" && outcome == "pass") {
    // This kernel has the kind after all: running it is the right answer too.
  } else if (!cases.empty()) {
    EXPECT_EQ(outcome, row.outcome) << cases[0].message << cases[0].body;
    EXPECT_EQ(cases[0].message.rfind(row.reason, 0), 0u) << cases[0].message;
  }
  fs::remove(junit);
  // `run` writes its JSON, markdown and HTML reports beside the JUnit file by default.
  for (const char* report : {"mtulab.json", "summary.md", "report.html"}) {
    EXPECT_TRUE(fs::remove(dir + "/" + report)) << report << " was not written";
  }
}

// What `mtulab check CHECKED` must have answered for `row`.
void ExpectCheckResult(const Row& row, const ProcessResult& check,
                       const std::vector<std::string>& check_expected, const std::string& checked) {
  if (row.accepted) {
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(check.out.find(": ok\n"), std::string::npos) << check.out;
    EXPECT_EQ(check.err, "");
  } else {
    EXPECT_EQ(check.exit_code, 2) << check.err;
    EXPECT_EQ(DiagnosticLines(check.err), check_expected) << "mtulab check " << checked;
  }

  for (const std::string& secret : row.never_printed) {
    EXPECT_EQ(check.err.find(secret), std::string::npos) << "check printed " << secret;
    EXPECT_EQ(check.out.find(secret), std::string::npos) << "check printed " << secret;
  }
}

// No pinned namespace, host link or child process appeared since `before`.
void ExpectHostUntouched(const HostSnapshot& before) {
  HostSnapshot after = TakeSnapshot();
  // Only additions count: other suites on a shared machine may remove their own pins.
  EXPECT_EQ(Added(before.pinned, after.pinned), std::set<std::string>{})
      << "a namespace was pinned";
  EXPECT_EQ(Added(before.host_links, after.host_links), std::set<std::string>{})
      << "a host link was created";
  EXPECT_EQ(Added(before.children, after.children), std::set<std::string>{})
      << "a child process was left";
}

class HostileInputTest : public ::testing::TestWithParam<Row> {};

TEST_P(HostileInputTest, RejectedExactlyAndNothingCreated) {
  const Row& row = GetParam();
  TempDir dir;
  for (const auto& [name, text] : row.files) WriteFile(dir.path() + "/" + name, text);
  if (row.make) row.make(dir.path());
  const std::set<std::string> inputs = Tree(dir.path());
  std::vector<std::string> expected;
  for (const std::string& e : row.expected) expected.push_back(Replace(e, "$DIR", dir.path()));
  const std::string junit = dir.path() + "/j.xml";
  HostSnapshot before = TakeSnapshot();

  // The invocations run concurrently (they only read the inputs; `run` alone may write).
  TempDir io;
  bool root = ::geteuid() == 0;
  bool do_run = !row.accepted || (!row.outcome.empty() && root);
  Running run_proc;
  if (do_run) run_proc = Start({"run", row.entry, "--junit", junit}, dir.path(), io.path(), "run");
  // A suite row is checked through its suite, a topology row through the topology alone,
  // which reports exactly the topology's lines (without what they cascade into the suite).
  std::string checked = row.check_topology ? "t.xml" : row.entry;
  std::vector<std::string> check_expected;
  for (const std::string& e : expected) {
    if (!row.check_topology || e.rfind("t.xml:", 0) == 0) check_expected.push_back(e);
  }
  Running check_proc = Start({"check", checked}, dir.path(), io.path(), "check");

  if (do_run) ExpectRunResult(row, Finish(run_proc), expected, junit, dir.path());
  ExpectCheckResult(row, Finish(check_proc), check_expected, checked);
  ExpectHostUntouched(before);
  EXPECT_EQ(Tree(dir.path()), inputs) << "something was created beside the inputs";
}

INSTANTIATE_TEST_SUITE_P(Hostile, HostileInputTest, ::testing::ValuesIn(Rows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

TEST(HostileInputTableTest, HasAtLeastFortyRejectedRows) {
  size_t rejected = 0;
  std::set<std::string> names;
  for (const Row& r : Rows()) {
    rejected += !r.accepted;
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate row " << r.name;
    EXPECT_EQ(r.accepted, r.expected.empty()) << r.name;
  }
  EXPECT_GE(rejected, 40u);
}

}  // namespace
}  // namespace mtulab::e2e
