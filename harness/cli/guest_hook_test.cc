// MTULAB_GUEST_HOOK: the guest script's lines and the copy of the hook's files back.
#include "harness/cli/guest_hook.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace mtulab {
namespace {

namespace fs = std::filesystem;

class GuestHookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mtulab-guest-hook.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
  }
  void TearDown() override {
    unsetenv("MTULAB_GUEST_HOOK");
    unsetenv("MTULAB_GUEST_HOOK_OUT");
    fs::remove_all(root_);
  }

  fs::path root_;
};

TEST_F(GuestHookTest, NoLinesWithoutTheVariable) {
  unsetenv("MTULAB_GUEST_HOOK");
  EXPECT_EQ(GuestHookLines("/run/mtulab-out"), "");
}

TEST_F(GuestHookTest, RunsTheHookIntoTheShareAndKeepsItsStatus) {
  setenv("MTULAB_GUEST_HOOK", "/tmp/it's hook.sh", 1);
  EXPECT_EQ(GuestHookLines("/run/out"),
            "mkdir -p '/run/out/hook'\n"
            "'/tmp/it'\\''s hook.sh' '/run/out/hook' > '/run/out/hook'/hook.log 2>&1\n"
            "echo $? > '/run/out/hook'/hook.rc\n");
}

TEST_F(GuestHookTest, CopiesRegularFilesOnlyIntoAReleaseDirectory) {
  fs::create_directories(root_ / "share" / "hook");
  std::ofstream(root_ / "share" / "hook" / "pmtu.log") << "1 TEST: x [ OK ]\n";
  fs::create_symlink("/etc/passwd", root_ / "share" / "hook" / "link");
  setenv("MTULAB_GUEST_HOOK", "/bin/true", 1);
  setenv("MTULAB_GUEST_HOOK_OUT", (root_ / "out").c_str(), 1);
  CopyGuestHookOutput((root_ / "share").string(), "6.1.0-57-amd64");
  std::ifstream in(root_ / "out" / "6.1.0-57-amd64" / "pmtu.log");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "1 TEST: x [ OK ]");
  EXPECT_FALSE(fs::exists(fs::symlink_status(root_ / "out" / "6.1.0-57-amd64" / "link")));
}

TEST_F(GuestHookTest, CopiesNothingWithoutTheOutVariable) {
  fs::create_directories(root_ / "share" / "hook");
  std::ofstream(root_ / "share" / "hook" / "pmtu.log") << "x\n";
  setenv("MTULAB_GUEST_HOOK", "/bin/true", 1);
  CopyGuestHookOutput((root_ / "share").string(), "6.1.0-57-amd64");
  EXPECT_FALSE(fs::exists(root_ / "out"));
}

}  // namespace
}  // namespace mtulab
