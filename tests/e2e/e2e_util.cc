#include "tests/e2e/e2e_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

namespace mtulab::e2e {
namespace fs = std::filesystem;

ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd) {
  TempDir io;
  std::string out_path = io.path() + "/out", err_path = io.path() + "/err";
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ProcessResult r;
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) {
    ADD_FAILURE() << "could not run " << argv[0];
    return r;
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

ProcessResult RunMtulab(const std::vector<std::string>& args, const std::string& cwd) {
  std::vector<std::string> argv = {MTULAB_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, cwd);
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/mtulab-e2e-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void CopyShippedFiles(const std::string& dir) {
  for (const char* sub : {"topologies", "suites"}) {
    fs::copy(fs::path(MTULAB_SOURCE_DIR) / sub, fs::path(dir) / sub,
             fs::copy_options::recursive);
  }
}

void Mutate(const std::string& file, const std::string& case_name, const std::string& from,
            const std::string& to, bool every) {
  std::string text = ReadFile(file);
  size_t begin = 0, end = text.size();
  if (!case_name.empty()) {
    begin = text.find("<case name=\"" + case_name + "\"");
    ASSERT_NE(begin, std::string::npos) << "no case " << case_name << " in " << file;
    end = text.find("</case>", begin);
  }
  std::string region = text.substr(begin, end - begin);
  size_t at = region.find(from);
  ASSERT_NE(at, std::string::npos) << "'" << from << "' not in " << case_name;
  if (!every) {
    ASSERT_EQ(region.find(from, at + 1), std::string::npos) << "'" << from << "' not unique";
  }
  for (; at != std::string::npos; at = region.find(from, at + to.size())) {
    region.replace(at, from.size(), to);
  }
  text.replace(begin, end - begin, region);
  WriteFile(file, text);
}

std::vector<JunitCase> ParseJunit(const std::string& path) {
  std::vector<JunitCase> cases;
  pugi::xml_document doc;
  pugi::xml_parse_result ok = doc.load_file(path.c_str());
  EXPECT_TRUE(ok) << path << ": " << ok.description();
  pugi::xml_node root = doc.child("testsuites");
  int total = 0, failures = 0, errors = 0, skipped = 0;
  for (pugi::xml_node suite : root.children("testsuite")) {
    int n = 0, suite_skipped = 0;
    for (pugi::xml_node tc : suite.children("testcase")) {
      JunitCase c{tc.attribute("classname").value(), tc.attribute("name").value(), "pass"};
      for (const char* kind : {"failure", "error", "skipped"}) {
        if (pugi::xml_node r = tc.child(kind)) {
          c.outcome = kind;
          c.message = r.attribute("message").value();
          c.type = r.attribute("type").value();
          c.body = r.text().get();
        }
      }
      c.system_out = tc.child("system-out").text().get();
      failures += c.outcome == "failure";
      errors += c.outcome == "error";
      skipped += c.outcome == "skipped";
      suite_skipped += c.outcome == "skipped";
      cases.push_back(c);
      ++n;
    }
    EXPECT_EQ(suite.attribute("tests").as_int(), n) << suite.attribute("name").value();
    EXPECT_EQ(suite.attribute("skipped").as_int(), suite_skipped) << suite.attribute("name").value();
    total += n;
  }
  EXPECT_EQ(root.attribute("tests").as_int(), total);
  EXPECT_EQ(root.attribute("failures").as_int(), failures);
  EXPECT_EQ(root.attribute("errors").as_int(), errors);
  // junit-10.xsd has no `skipped` on <testsuites>: only --junit-flavor=gitlab writes it.
  if (pugi::xml_attribute root_skipped = root.attribute("skipped")) {
    EXPECT_EQ(root_skipped.as_int(), skipped);
  }
  return cases;
}

HostSnapshot TakeSnapshot() {
  HostSnapshot s;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/run/netns", ec)) {
    s.pinned.insert(e.path().filename());
  }
  for (const auto& e : fs::directory_iterator("/sys/class/net", ec)) {
    s.host_links.insert(e.path().filename());
  }
  for (const auto& e : fs::directory_iterator("/proc/self/fd", ec)) {
    (void)e;
    ++s.open_fds;
  }
  std::string self = std::to_string(::getpid());
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    std::string stat = ReadFile(e.path().string() + "/stat");
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 2));
    std::string state, ppid;
    rest >> state >> ppid;
    if (ppid == self) s.children.insert(e.path().filename());
    if (ReadFile(e.path().string() + "/comm") == "wireguard-go\n") ++s.wireguard_go;
  }
  s.host_run_wireguard = fs::exists("/run/wireguard", ec);
  return s;
}

}  // namespace mtulab::e2e
