// The record `mtulab up` keeps of its pins, in a scratch directory (no root needed).
#include "harness/sys/pin_record.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/sys/pin.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

class PinRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mtulab-pin-record-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    dir_ = base_ + "/records";  // created by the first record
  }
  void TearDown() override { fs::remove_all(base_); }

  std::string base_, dir_;
};

TEST_F(PinRecordTest, WrittenEntriesReadBackAndRemove) {
  {
    PinRecord r = PinRecord::Create("relq-x", dir_);
    EXPECT_EQ(r.path(), dir_ + "/up-relq-x");
    r.Add({PinName("relq-x", "y-z"), 4, 4026532001});
    r.Add({PinName("relq-x", "w"), 4, 4026532002});
  }
  EXPECT_EQ(fs::status(dir_).permissions() & fs::perms::all, fs::perms::owner_all);
  auto pins = ReadPinRecord("relq-x", dir_);
  ASSERT_TRUE(pins.has_value());
  ASSERT_EQ(pins->size(), 2u);
  EXPECT_EQ((*pins)[0].name, "mtulab-relq-x:y-z");
  EXPECT_EQ((*pins)[0].ino, 4026532001u);
  EXPECT_EQ((*pins)[1].name, "mtulab-relq-x:w");
  EXPECT_FALSE(ReadPinRecord("relq-x-y", dir_).has_value()) << "another topology's record";
  RemovePinRecord("relq-x", dir_);
  EXPECT_FALSE(ReadPinRecord("relq-x", dir_).has_value());
  RemovePinRecord("relq-x", dir_);  // none: nothing to do
}

TEST_F(PinRecordTest, SecondUpOfATopologyIsRefused) {
  PinRecord first = PinRecord::Create("t", dir_);
  try {
    PinRecord::Create("t", dir_);
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EEXIST);
    EXPECT_NE(std::string(e.what()).find("topology 't' is already up (record " + dir_ + "/up-t"),
              std::string::npos)
        << e.what();
  }
  PinRecord other = PinRecord::Create("t-x", dir_);  // a different topology is fine
}

TEST_F(PinRecordTest, CollidingTopologiesHaveTheirOwnRecords) {
  PinRecord::Create("relq-x", dir_).Add({PinName("relq-x", "y-z"), 1, 2});
  PinRecord::Create("relq-x-y", dir_).Add({PinName("relq-x-y", "z"), 1, 3});
  EXPECT_EQ(ReadPinRecord("relq-x", dir_)->at(0).ino, 2u);
  EXPECT_EQ(ReadPinRecord("relq-x-y", dir_)->at(0).ino, 3u);
  EXPECT_EQ(RemoveAllPinRecords(dir_), 2);
  EXPECT_EQ(RemoveAllPinRecords(dir_), 0);
}

TEST_F(PinRecordTest, ARecordNamingAnotherTopologysPinIsRejected) {
  PinRecord::Create("relq-x", dir_).Add({PinName("relq-x", "y"), 1, 2});
  std::ofstream(dir_ + "/up-relq-x", std::ios::app) << "mtulab-relq-x-y:z 1 3\n";
  try {
    ReadPinRecord("relq-x", dir_);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), dir_ + "/up-relq-x:2: 'mtulab-relq-x-y:z' is not a pin of "
                                            "topology 'relq-x'");
  }
  std::ofstream(dir_ + "/up-relq-x", std::ios::trunc) << "mtulab-relq-x:y 1\n";
  EXPECT_THROW(ReadPinRecord("relq-x", dir_), std::runtime_error);
}

TEST_F(PinRecordTest, SymlinksAndForeignDirectoriesAreNotFollowed) {
  // The record itself a symlink: never followed, neither when created nor when read.
  ASSERT_EQ(::mkdir(dir_.c_str(), 0700), 0);
  std::string victim = base_ + "/victim";
  std::ofstream(victim) << "keep\n";
  fs::create_symlink(victim, dir_ + "/up-t");
  EXPECT_THROW(PinRecord::Create("t", dir_), SysError);
  EXPECT_THROW(ReadPinRecord("t", dir_), SysError);
  std::ifstream in(victim);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "keep");
  // The directory a symlink, or writable by others: refused.
  std::string link = base_ + "/link";
  fs::create_symlink(dir_, link);
  EXPECT_THROW(PinRecord::Create("u", link), SysError);
  ASSERT_EQ(::chmod(dir_.c_str(), 0777), 0);
  EXPECT_THROW(PinRecord::Create("u", dir_), SysError);
}

}  // namespace
}  // namespace mtulab
