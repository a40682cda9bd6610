#include "harness/base/safe_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace mtulab {
namespace {

namespace fs = std::filesystem;

class SafeFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mtulab-safe-file-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    victim_ = dir_ + "/victim";
    Put(victim_, "precious\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void Put(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  static std::string Get(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static pid_t DeadPid() {
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
  }

  std::string dir_, victim_;
};

TEST_F(SafeFileTest, OwnSymlinkToAFileIsRefused) {
  std::string report = dir_ + "/j.xml";
  fs::create_symlink(victim_, report);
  EXPECT_THROW(WriteTarget(report, "<report/>\n", false), FileError);
  EXPECT_EQ(Get(victim_), "precious\n");
  EXPECT_TRUE(fs::is_symlink(report));
}

TEST_F(SafeFileTest, ForeignSymlinkAtTheFinalNameIsReplacedNotFollowed) {
  if (::geteuid() != 0) GTEST_SKIP() << "lchown needs root";
  std::string report = dir_ + "/j.xml";
  fs::create_symlink(victim_, report);
  ASSERT_EQ(::lchown(report.c_str(), 65534, 65534), 0);  // planted by another user
  WriteTarget(report, "<report/>\n", false);
  EXPECT_EQ(Get(victim_), "precious\n");
  EXPECT_FALSE(fs::is_symlink(report));
  EXPECT_EQ(Get(report), "<report/>\n");
}

TEST_F(SafeFileTest, SymlinkAtThePredictableTemporaryNameIsNotFollowed) {
  // The name the writer used to create (<report>.tmp.<pid>) and a guess of the new form.
  std::string report = dir_ + "/j.xml";
  std::string pid = std::to_string(::getpid());
  fs::create_symlink(victim_, report + ".tmp." + pid);
  fs::create_symlink(victim_, report + ".tmp." + pid + ".AAAAAA");
  WriteTarget(report, "<report/>\n", false);
  EXPECT_EQ(Get(victim_), "precious\n");
  EXPECT_EQ(Get(report), "<report/>\n");
  EXPECT_TRUE(fs::is_symlink(report + ".tmp." + pid)) << "not mtulab's: left alone";
}

TEST_F(SafeFileTest, ReplacesAnExistingFileAndLeavesNoTemporary) {
  std::string report = dir_ + "/sub/dir/j.xml";
  WriteTarget(report, "one\n", true);
  WriteTarget(report, "two\n", true);
  EXPECT_EQ(Get(report), "two\n");
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/sub/dir")) entries += !e.path().empty();
  EXPECT_EQ(entries, 1);
}

TEST_F(SafeFileTest, MissingDirectoryIsAnErrorUnlessCreated) {
  EXPECT_THROW(WriteTarget(dir_ + "/none/j.xml", "x", false), FileError);
  EXPECT_FALSE(fs::exists(dir_ + "/none"));
}

TEST_F(SafeFileTest, CharacterDeviceStaysADevice) {
  if (::geteuid() != 0) GTEST_SKIP() << "mknod needs root";
  std::string null = dir_ + "/null";
  ASSERT_EQ(::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  WriteTarget(null, "<report/>\n", false);
  struct stat st {};
  ASSERT_EQ(::lstat(null.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node was replaced by a regular file";
  EXPECT_EQ(ClassifyTarget("/dev/null"), TargetKind::kStream);
  WriteTarget("/dev/null", "x", false);  // the real one, through the same path
}

TEST_F(SafeFileTest, FifoGetsTheContent) {
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = Get(fifo); });
  // The reader may not have opened yet: the writer then waits for it.
  WriteTarget(fifo, "<report/>\n", false);
  reader.join();
  EXPECT_EQ(got, "<report/>\n");
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(SafeFileTest, DirectoriesAndSocketsAreRefused) {
  fs::create_directory(dir_ + "/d");
  EXPECT_THROW(ClassifyTarget(dir_ + "/d"), FileError);
  EXPECT_THROW(WriteTarget(dir_ + "/d", "x", false), FileError);
  EXPECT_THROW(WriteTarget(dir_ + "/", "x", false), FileError);
  EXPECT_EQ(ClassifyTarget("-"), TargetKind::kStdout);
  EXPECT_EQ(ClassifyTarget(dir_ + "/absent"), TargetKind::kFile);
}

TEST_F(SafeFileTest, ForeignSymlinkToADeviceIsNotFollowed) {
  if (::geteuid() != 0) GTEST_SKIP() << "lchown needs root";
  std::string link = dir_ + "/j.xml";
  fs::create_symlink("/dev/null", link);
  EXPECT_EQ(ClassifyTarget(link), TargetKind::kStream) << "root's own link is followed";
  ASSERT_EQ(::lchown(link.c_str(), 65534, 65534), 0);
  EXPECT_EQ(ClassifyTarget(link), TargetKind::kFile) << "another user's link is replaced";
}

TEST_F(SafeFileTest, SubdirectoryNeverFollowsASymlink) {
  fs::create_directory(dir_ + "/real");
  fs::create_directory_symlink(dir_ + "/real", dir_ + "/link");
  Directory top = Directory::Open(dir_, false);
  EXPECT_THROW(top.Sub("link", true), FileError);
  EXPECT_THROW(top.Sub("..", true), FileError);
  EXPECT_THROW(top.Sub("a/b", true), FileError);
  Directory made = top.Sub("new", true);
  PendingFile f(made, "x.pcap");
  f.Write("data");
  f.Commit();
  EXPECT_EQ(Get(dir_ + "/new/x.pcap"), "data");
}

TEST_F(SafeFileTest, UncommittedFileLeavesNothing) {
  Directory top = Directory::Open(dir_, false);
  { PendingFile f(top, "j.xml"); f.Write("half"); }
  EXPECT_FALSE(fs::exists(dir_ + "/j.xml"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) entries += !e.path().empty();
  EXPECT_EQ(entries, 1);  // the victim
}

TEST_F(SafeFileTest, SharedDirectoryWithoutStickyBitIsRefused) {
  fs::create_directories(dir_ + "/shared/inner");
  ASSERT_EQ(::chmod((dir_ + "/shared").c_str(), 0777), 0);
  EXPECT_THROW(CheckNotSharedDirectory(dir_ + "/shared"), FileError);
  EXPECT_THROW(CheckNotSharedDirectory(dir_ + "/shared/inner"), FileError) << "an ancestor";
  EXPECT_THROW(CheckNotSharedDirectory(dir_ + "/shared/inner/missing"), FileError);
  ASSERT_EQ(::chmod((dir_ + "/shared").c_str(), 01777), 0);
  EXPECT_NO_THROW(CheckNotSharedDirectory(dir_ + "/shared/inner"));
  EXPECT_NO_THROW(CheckNotSharedDirectory("/tmp"));
}

TEST_F(SafeFileTest, RemovesOnlyProvablyStaleTemporaries) {
  std::string dead = std::to_string(DeadPid()), alive = std::to_string(::getpid());
  auto at = [&](const std::string& n) { return dir_ + "/" + n; };
  Put(at("j.xml.tmp." + dead + ".Ab3xYz"), "stale");      // removed
  Put(at("j.xml.tmp." + dead), "stale, old name form");   // removed
  Put(at("j.xml.tmp." + alive + ".Ab3xYz"), "writer running");
  Put(at("j.xml.tmp." + dead + ".Ab3xY"), "not the pattern");
  Put(at("j.xml.tmp." + dead + ".Ab3xYz.bak"), "not the pattern");
  Put(at("other.xml.tmp." + dead + ".Ab3xYz"), "another report's");
  fs::create_symlink(victim_, at("j.xml.tmp." + dead + ".LinkAa"));
  Put(at("j.xml.tmp." + dead + ".Hard11"), "two links");
  fs::create_hard_link(at("j.xml.tmp." + dead + ".Hard11"), at("elsewhere"));
  Directory top = Directory::Open(dir_, false);
  EXPECT_EQ(RemoveStaleTemporaries(top, "j.xml"), 2);
  EXPECT_FALSE(fs::exists(at("j.xml.tmp." + dead + ".Ab3xYz")));
  EXPECT_FALSE(fs::exists(at("j.xml.tmp." + dead)));
  for (const char* kept : {".Ab3xY", ".Ab3xYz.bak", ".LinkAa", ".Hard11"}) {
    EXPECT_TRUE(fs::symlink_status(at("j.xml.tmp." + dead + kept)).type() !=
                fs::file_type::not_found) << kept;
  }
  EXPECT_TRUE(fs::exists(at("j.xml.tmp." + alive + ".Ab3xYz")));
  EXPECT_TRUE(fs::exists(at("other.xml.tmp." + dead + ".Ab3xYz")));
  EXPECT_EQ(Get(victim_), "precious\n");
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(at("j.xml.tmp." + alive + ".Ab3xYz").c_str(), 65534, 65534), 0);
    Put(at("j.xml.tmp." + dead + ".Other1"), "another user's");
    ASSERT_EQ(::chown(at("j.xml.tmp." + dead + ".Other1").c_str(), 65534, 65534), 0);
    EXPECT_EQ(RemoveStaleTemporaries(top, "j.xml"), 0);
  }
}

}  // namespace
}  // namespace mtulab
