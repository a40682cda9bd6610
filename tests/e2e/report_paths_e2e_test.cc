// Report paths through the real binary (issue 17, items 1, 2, 8): what `mtulab run` does with
// report targets that are the same, not files, symlinks planted by someone else, shared or
// unwritable directories and temporaries a killed run left. Hostile *inputs* are in
// hostile_input_test.cc; these rows are about where the output goes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

constexpr char kTopology[] =
    "<topology name=\"rp\">\n"
    "  <node name=\"a\"/>\n"
    "  <node name=\"b\"/>\n"
    "  <link>\n"
    "    <end node=\"a\" name=\"a0\" mtu=\"1500\" ipv4=\"10.0.0.1/24\"/>\n"
    "    <end node=\"b\" name=\"b0\" mtu=\"1500\" ipv4=\"10.0.0.2/24\"/>\n"
    "  </link>\n"
    "</topology>\n";

constexpr char kSuite[] =
    "<suite name=\"rp\" topology=\"t.xml\">\n"
    "  <case name=\"passes\">\n"
    "    <ping from=\"a\" to=\"b:b0\"><expect fact=\"ping.result\" equals=\"reply\"/></ping>\n"
    "  </case>\n"
    "  <case name=\"fails\">\n"
    "    <capture-start name=\"wire\" at=\"a:a0\" filter=\"icmp\"/>\n"
    "    <ping from=\"a\" to=\"b:b0\"/>\n"
    "    <capture-stop name=\"wire\">\n"
    "      <expect fact=\"capture.packets\" equals=\"999\"/>\n"
    "    </capture-stop>\n"
    "  </case>\n"
    "</suite>\n";

// `mtulab ARGS` in `cwd`, stdout and stderr to `log`; `plant(pid)` runs after fork and
// before exec, so it knows the pid mtulab will have (and the old temporary names).
int RunGated(const std::vector<std::string>& args, const std::string& cwd,
             const std::string& log, const std::function<void(pid_t)>& plant) {
  int gate[2];
  if (::pipe(gate) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    char c;
    ::close(gate[1]);
    if (::read(gate[0], &c, 1) != 1 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv = {const_cast<char*>(MTULAB_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(gate[0]);
  plant(pid);
  (void)!::write(gate[1], "g", 1);
  ::close(gate[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

class ReportPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(in_.path() + "/t.xml", kTopology);
    WriteFile(in_.path() + "/s.xml", kSuite);
    WriteFile(victim(), "precious\n");
  }
  // `mtulab run s.xml ARGS` in the input directory.
  ProcessResult Run(std::vector<std::string> args, const std::string& filter = "rp/passes") {
    args.insert(args.begin(), {"run", "s.xml", "--filter", filter});
    return RunMtulab(args, in_.path());
  }
  std::string out(const std::string& name) const { return out_.path() + "/" + name; }
  std::string victim() const { return in_.path() + "/victim"; }
  static std::vector<std::string> Entries(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
  static void RequireRoot() {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  }
  TempDir in_, out_;
};

TEST_F(ReportPathsTest, SameTargetTwiceExitsTwoBeforeLoadingAnything) {
  // The suite does not even exist: the report paths are checked first.
  ProcessResult r = RunMtulab({"run", "missing.xml", "--junit", out("x"), "--json", out("x")},
                              in_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab run: --junit " + out("x") + " and --json " + out("x") +
                       " are the same target: each report needs its own (an empty value, "
                       "e.g. --json=, turns one off)\n");
  r = RunMtulab({"run", "missing.xml", "--junit", out("mtulab.json")}, in_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--json (default, beside the JUnit) " + out("mtulab.json") +
                       " are the same target"), std::string::npos) << r.err;
  r = RunMtulab({"run", "missing.xml", "--markdown", out("m"), "--html", out(".") + "/m"},
                in_.path());
  EXPECT_EQ(r.exit_code, 2) << "the same file by another spelling";
  EXPECT_EQ(Entries(out_.path()), std::vector<std::string>{});
}

TEST_F(ReportPathsTest, MergeRefusesTheSameTargetTwice) {
  ProcessResult r = RunMtulab({"merge", "--junit", out("m"), "--json", out("m"), "in.xml"},
                              in_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab merge: --junit " + out("m") + " and --json " + out("m") +
                       " are the same target: each report needs its own (see `mtulab merge "
                       "--help`)\n");
  EXPECT_EQ(Entries(out_.path()), std::vector<std::string>{});
}

TEST_F(ReportPathsTest, DirectoryTargetIsRefusedBeforeAnything) {
  ProcessResult r = RunMtulab({"run", "missing.xml", "--junit", out_.path()}, in_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab run: --junit " + out_.path() + ": is a directory; a report goes "
                   "to a file, a character device, a FIFO or '-'\n");
}

TEST_F(ReportPathsTest, EmptyJunitTurnsEveryDefaultReportOff) {
  RequireRoot();
  ProcessResult r = Run({"--junit="});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("report:"), std::string::npos) << r.out;
  EXPECT_EQ(Entries(in_.path()), (std::vector<std::string>{"s.xml", "t.xml", "victim"}));
}

TEST_F(ReportPathsTest, CharacterDeviceStaysADevice) {
  RequireRoot();
  std::string null = out("null");  // a private /dev/null: a broken writer cannot harm the host's
  ASSERT_EQ(::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  ProcessResult r = Run({"--junit", null});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  struct stat st {};
  ASSERT_EQ(::lstat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node was replaced by a regular file";
  EXPECT_EQ(Entries(out_.path()), std::vector<std::string>{"null"}) << "nothing beside /dev";
}

TEST_F(ReportPathsTest, FifoGetsTheJunit) {
  RequireRoot();
  std::string fifo = out("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = ReadFile(fifo); });
  ProcessResult r = Run({"--junit", fifo});
  reader.join();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(got.find(" name=\"passes\""), std::string::npos) << got;
  EXPECT_EQ(Entries(out_.path()), std::vector<std::string>{"fifo"});
}

TEST_F(ReportPathsTest, DashWritesTheReportAloneToStdout) {
  RequireRoot();
  ProcessResult r = Run({"--junit=", "--json", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{\n", 0), 0u) << "stdout is the JSON report only: " << r.out;
  EXPECT_EQ(r.out.back(), '\n');
  EXPECT_NE(r.err.find("1 passed"), std::string::npos) << "the console went to stderr: " << r.err;
  r = Run({"--junit=", "--markdown", "/dev/stdout"});  // the same as '-', and /dev untouched
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("## ", 0), 0u) << r.out;
  EXPECT_TRUE(fs::is_symlink("/dev/stdout"));
  r = Run({"--junit=", "--markdown", "/dev/stdout", "--html", "-"});
  EXPECT_EQ(r.exit_code, 2) << "one standard output for two reports";
}

TEST_F(ReportPathsTest, OwnSymlinkToAFileIsRefusedBeforeAnything) {
  fs::create_symlink(victim(), out("j.xml"));
  ProcessResult r = RunMtulab({"run", "missing.xml", "--junit", out("j.xml")}, in_.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab run: --junit " + out("j.xml") + ": is a symlink to a regular file "
                   "(mtulab writes through no symlink: name the file itself); a report goes "
                   "to a file, a character device, a FIFO or '-'\n");
  EXPECT_EQ(ReadFile(victim()), "precious\n");
}

TEST_F(ReportPathsTest, SharedReportDirectoryIsRefusedBeforeAnyCase) {
  RequireRoot();
  fs::create_directory(out("shared"));
  ASSERT_EQ(::chmod(out("shared").c_str(), 0777), 0);
  ProcessResult r = Run({"--junit", out("shared/j.xml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "") << "a case ran";
  EXPECT_NE(r.err.find("is writable by every user (mode 0777) without the sticky bit"),
            std::string::npos) << r.err;
  EXPECT_EQ(Entries(out("shared")), std::vector<std::string>{});
}

TEST_F(ReportPathsTest, UnwritableReportDirectoryIsFoundBeforeAnyCase) {
  RequireRoot();
  // A read-only file system, mounted in a mount namespace of the child alone.
  fs::create_directory(out("ro"));
  std::string stdout_file = in_.path() + "/../" + fs::path(in_.path()).filename().string() +
                            ".ro-out";
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE,
                                               nullptr) != 0 ||
        ::mount("tmpfs", out("ro").c_str(), "tmpfs", MS_RDONLY, nullptr) != 0 ||
        ::chdir(in_.path().c_str()) != 0) {
      ::_exit(100);
    }
    int fd = ::open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl(MTULAB_BINARY, MTULAB_BINARY, "run", "s.xml", "--junit", out("ro/j.xml").c_str(),
            nullptr);
    ::_exit(127);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  std::string output = ReadFile(stdout_file);
  fs::remove(stdout_file);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 100) << "could not set up the read-only mount";
  EXPECT_EQ(WEXITSTATUS(status), 2) << output;
  EXPECT_EQ(output, "mtulab run: --junit " + out("ro/j.xml") + ": report directory " +
                        out("ro") + ": creating a file in " + out("ro") +
                        ": Read-only file system\n");
}

TEST_F(ReportPathsTest, StaleTemporariesOfAKilledRunAreRemovedOthersKept) {
  RequireRoot();
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  std::string stale = out("j.xml.tmp." + std::to_string(dead) + ".Ab3xYz");
  std::string live = out("j.xml.tmp." + std::to_string(::getpid()) + ".Ab3xYz");
  std::string other = out("mine.tmp." + std::to_string(dead));
  for (const std::string& f : {stale, live, other}) WriteFile(f, "half a report");
  fs::create_symlink(victim(), out("mtulab.json.tmp." + std::to_string(dead) + ".Link00"));
  ProcessResult r = Run({"--junit", out("j.xml")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(stale)) << "a dead run's temporary was left";
  EXPECT_TRUE(fs::exists(live)) << "a running process's temporary was removed";
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::is_symlink(out("mtulab.json.tmp." + std::to_string(dead) + ".Link00")));
  EXPECT_EQ(ReadFile(victim()), "precious\n");
}

TEST_F(ReportPathsTest, SymlinksPlantedAtReportAndTemporaryNamesAreNotFollowed) {
  RequireRoot();
  // The final names of every report and kept file, and the temporary names the writer
  // used to derive from mtulab's pid, all point at a file root must not overwrite.
  std::vector<std::string> planted = {"j.xml", "mtulab.json", "summary.md", "report.html"};
  fs::create_directories(out("rp/fails"));
  for (const char* f : {"rp/fails/a-a0.pcap", "rp/fails/interfaces.txt"}) planted.push_back(f);
  std::string log = out_.path() + ".log";
  int rc = RunGated({"run", "s.xml", "--junit", out("j.xml")}, in_.path(), log, [&](pid_t pid) {
    std::vector<std::string> names = planted;
    for (const std::string& f : planted) names.push_back(f + ".tmp." + std::to_string(pid));
    for (const std::string& f : names) {  // as another user would plant them
      fs::create_symlink(victim(), out(f));
      ASSERT_EQ(::lchown(out(f).c_str(), 65534, 65534), 0) << f;
    }
  });
  std::string output = ReadFile(log);
  fs::remove(log);
  EXPECT_EQ(rc, 1) << output;  // rp/fails fails by design
  EXPECT_EQ(ReadFile(victim()), "precious\n") << output;
  for (const std::string& f : planted) {
    EXPECT_FALSE(fs::is_symlink(out(f))) << f << " was not replaced by the report";
    EXPECT_GT(fs::file_size(out(f)), 0u) << f;
  }
  std::vector<JunitCase> cases = ParseJunit(out("j.xml"));
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_NE(cases[1].system_out.find("rp/fails/a-a0.pcap"), std::string::npos);
}

TEST_F(ReportPathsTest, SymlinkedCaptureDirectoryIsRefusedNotFollowed) {
  RequireRoot();
  fs::create_directory(out("elsewhere"));
  fs::create_directory_symlink(out("elsewhere"), out("rp"));
  ProcessResult r = Run({"--junit", out("j.xml")}, "rp/fails");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(Entries(out("elsewhere")), std::vector<std::string>{}) << "followed the symlink";
  // A failed case's reason is in the JSON report (JUnit carries it for errors and skips).
  std::string json = ReadFile(out("mtulab.json"));
  EXPECT_NE(json.find("\"reason\": \"keeping the captures: opening directory " + out("rp") +
                      " (not following a symlink): Not a directory\""), std::string::npos)
      << json;
}

}  // namespace
}  // namespace mtulab::e2e
