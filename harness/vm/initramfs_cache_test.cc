// The initramfs cache: built once per content key, reused, replaced when the content changes,
// and never used through a symlink or from a directory others can write.
#include "harness/vm/initramfs_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/base/safe_file.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

constexpr char kKernels[] = "/var/cache/mtulab/kernels";
constexpr char kBusybox[] = "/bin/busybox";

class InitramfsCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = fs::temp_directory_path().string() + "/mtulab-initramfs-test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  // The first unpacked kernel of ci/fetch-kernels.sh's cache, or nullopt.
  static std::optional<KernelImage> AnyKernel() {
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(kKernels, ec)) {
      try {
        return FindKernelImage(e.path().string());
      } catch (const std::exception&) {
      }
    }
    return std::nullopt;
  }
  fs::path dir_;
};

TEST_F(InitramfsCacheTest, ASymlinkedCacheIsRefused) {
  fs::create_directory(dir_ / "real");
  fs::create_directory_symlink(dir_ / "real", dir_ / "root");
  KernelImage k{"/nonexistent", "", "6.1.0-9-amd64", ""};
  EXPECT_THROW(CachedInitramfsFor(k, kBusybox, (dir_ / "root").string()), FileError);
  fs::create_directory(dir_ / "top");
  fs::create_directory_symlink(dir_ / "real", dir_ / "top/initramfs");
  EXPECT_THROW(CachedInitramfsFor(k, kBusybox, (dir_ / "top").string()), FileError);
  EXPECT_TRUE(fs::is_empty(dir_ / "real"));
}

TEST_F(InitramfsCacheTest, ADirectoryOthersCanWriteIsRefused) {
  fs::create_directory(dir_ / "open");
  ASSERT_EQ(chmod((dir_ / "open").c_str(), 0777), 0);
  KernelImage k{"/nonexistent", "", "6.1.0-9-amd64", ""};
  EXPECT_THROW(CachedInitramfsFor(k, kBusybox, (dir_ / "open").string()), FileError);
}

TEST_F(InitramfsCacheTest, BuiltOnceReusedAndReplacedWhenTheContentChanges) {
  std::optional<KernelImage> k = AnyKernel();
  if (!k || access(kBusybox, R_OK) != 0) GTEST_SKIP() << "no kernel in " << kKernels;
  std::string root = (dir_ / "cache").string();
  CachedInitramfs first = CachedInitramfsFor(*k, kBusybox, root);
  EXPECT_TRUE(first.built);
  struct stat st {};
  ASSERT_EQ(stat((dir_ / "cache/initramfs").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  CachedInitramfs again = CachedInitramfsFor(*k, kBusybox, root);
  EXPECT_FALSE(again.built);
  EXPECT_EQ(again.path, first.path);
  // Another busybox: another key, a new entry, and the old one gone.
  fs::copy_file(kBusybox, dir_ / "busybox");
  std::ofstream(dir_ / "busybox", std::ios::app) << '\n';
  CachedInitramfs changed = CachedInitramfsFor(*k, (dir_ / "busybox").string(), root);
  EXPECT_TRUE(changed.built);
  EXPECT_NE(changed.path, first.path);
  EXPECT_FALSE(fs::exists(first.path));
  EXPECT_TRUE(fs::exists(changed.path));
}

}  // namespace
}  // namespace mtulab
