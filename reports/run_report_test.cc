// Where the report files go: never through a symlink, never replacing a device or FIFO.
#include "reports/run_report.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace mtulab {
namespace {

namespace fs = std::filesystem;

class ReportFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mtulab-report-file-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    victim_ = dir_ + "/victim";
    std::ofstream(victim_) << "precious\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string Get(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string dir_, victim_;
};

TEST_F(ReportFileTest, SymlinkAtTheOldTemporaryNameIsNotFollowed) {
  std::string report = dir_ + "/j.xml";
  fs::create_symlink(victim_, report + ".tmp." + std::to_string(::getpid()));
  WriteFileAtomically(report, "<r/>\n", "JUnit report");
  EXPECT_EQ(Get(victim_), "precious\n");
  EXPECT_EQ(Get(report), "<r/>\n");
}

TEST_F(ReportFileTest, SymlinkAtTheFinalNameIsReplacedNotFollowed) {
  if (::geteuid() != 0) GTEST_SKIP() << "lchown needs root";
  std::string report = dir_ + "/out/mtulab.json";
  fs::create_directory(dir_ + "/out");
  fs::create_symlink(victim_, report);
  ASSERT_EQ(::lchown(report.c_str(), 65534, 65534), 0);  // planted by another user
  WriteReportFile(report, "{}\n", "JSON report");
  EXPECT_EQ(Get(victim_), "precious\n");
  EXPECT_EQ(Get(report), "{}\n");
  EXPECT_FALSE(fs::is_symlink(report));
}

TEST_F(ReportFileTest, CharacterDeviceStaysACharacterDevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "mknod needs root";
  std::string null = dir_ + "/null";  // a private /dev/null (1,3)
  ASSERT_EQ(::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  WriteReportFile(null, "<r/>\n", "JUnit report");
  struct stat st {};
  ASSERT_EQ(::lstat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "replaced by a regular file";
}

TEST_F(ReportFileTest, FifoGetsTheContent) {
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  int in = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(in, 0);
  std::string got;
  std::thread reader([&] {  // reads until the writer has come and gone, at most 5 s
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{in, POLLIN, 0};
      ::poll(&p, 1, 50);
      char buf[256];
      ssize_t n = ::read(in, buf, sizeof buf);
      if (n > 0) got.append(buf, size_t(n));
      if (n == 0 && !got.empty()) break;
    }
  });
  WriteReportFile(fifo, "<r/>\n", "JUnit report");
  reader.join();
  ::close(in);
  EXPECT_EQ(got, "<r/>\n");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "replaced by a regular file";
}

TEST_F(ReportFileTest, DirectoryIsRefusedAndNamed) {
  fs::create_directory(dir_ + "/d");
  try {
    WriteReportFile(dir_ + "/d", "x", "HTML report");
    FAIL() << "a directory was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "writing HTML report " + dir_ + "/d: is a directory");
  }
}

}  // namespace
}  // namespace mtulab
