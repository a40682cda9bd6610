// Where an installed mtulab finds its data: beside its bin/ directory, only when the suites
// are there.
#include "harness/cli/data_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace mtulab {
namespace {

namespace fs = std::filesystem;

class InstalledDataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mtulab-data-dir.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
    fs::create_directories(root_ / "usr" / "bin");
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
};

TEST_F(InstalledDataDirTest, FindsShareMtulabBesideBin) {
  fs::create_directories(root_ / "usr" / "share" / "mtulab" / "suites");
  EXPECT_EQ(InstalledDataDir((root_ / "usr" / "bin" / "mtulab").string()),
            (root_ / "usr" / "share" / "mtulab").string());
}

TEST_F(InstalledDataDirTest, BuildTreeWithoutInstalledSuitesIsNotInstalled) {
  fs::create_directories(root_ / "usr" / "share" / "mtulab");  // no suites/ in it
  EXPECT_EQ(InstalledDataDir((root_ / "usr" / "bin" / "mtulab").string()), "");
  fs::create_directories(root_ / "build" / "share" / "mtulab" / "suites");
  // A binary that is not in a bin/ directory (a build tree) never counts as installed.
  EXPECT_EQ(InstalledDataDir((root_ / "build" / "x" / "mtulab").string()), "");
}

TEST(DataDirsTest, ThisTestBinaryRunsFromABuildTree) {
  // The unit tests run from the build directory, not an installed prefix.
  if (const char* env = ::getenv("MTULAB_DATA_DIR"); env != nullptr && *env != '\0') {
    GTEST_SKIP() << "MTULAB_DATA_DIR is set";
  }
  const DataDirs& dirs = FindDataDirs();
  EXPECT_FALSE(dirs.installed);
  EXPECT_EQ(dirs.suites, "suites");
  EXPECT_EQ(dirs.docs, "README.md");
}

}  // namespace
}  // namespace mtulab
