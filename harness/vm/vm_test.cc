#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "harness/vm/cpio_newc.h"
#include "harness/vm/initramfs.h"
#include "harness/vm/kernel_image.h"
#include "harness/vm/qemu.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

TEST(CpioNewcTest, HeaderNamePaddingAndTrailer) {
  std::string a = CpioNewc({{"init", S_IFREG | 0755, "abc"}});
  // 110-byte header, "init\0" padded to 116, "abc" padded to 120, then the trailer.
  ASSERT_GE(a.size(), 120u);
  EXPECT_EQ(a.substr(0, 6), "070701");
  EXPECT_EQ(a.substr(14, 8), "000081ED");  // mode: regular file, 0755
  EXPECT_EQ(a.substr(54, 8), "00000003");  // file size
  EXPECT_EQ(a.substr(94, 8), "00000005");  // name size with its NUL
  EXPECT_EQ(a.substr(110, 5), std::string("init\0", 5));
  EXPECT_EQ(a.substr(116, 3), "abc");
  EXPECT_EQ(a.substr(120, 6), "070701");
  EXPECT_NE(a.find("TRAILER!!!"), std::string::npos);
  EXPECT_EQ(a.size() % 4, 0u);
}

TEST(CpioNewcTest, DeviceNodeNumbers) {
  std::string a = CpioNewc({{"dev/console", S_IFCHR | 0600, "", 5, 1}});
  EXPECT_EQ(a.substr(78, 8), "00000005");  // rdevmajor
  EXPECT_EQ(a.substr(86, 8), "00000001");  // rdevminor
}

TEST(KernelImageTest, LabelDropsArchitecture) {
  EXPECT_EQ(KernelLabel("6.1.0-57-amd64"), "6.1.0-57");
  EXPECT_EQ(KernelLabel("6.12.118+deb12-amd64"), "6.12.118+deb12");
  EXPECT_EQ(KernelLabel("6.18.44-fc-v1272"), "6.18.44-fc-v1272");
}

class KernelDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mtulab-kernel-test-" + std::to_string(getpid()));
    fs::create_directories(dir_ / "lib/modules/6.1.0-9-amd64");
  }
  void TearDown() override { fs::remove_all(dir_); }
  static void Touch(const fs::path& p) { std::ofstream(p) << "x"; }
  fs::path dir_;
};

TEST_F(KernelDirTest, NeedsModulesDepAndAnImage) {
  EXPECT_THROW(FindKernelImage(dir_.string()), std::runtime_error);  // no modules.dep
  Touch(dir_ / "lib/modules/6.1.0-9-amd64/modules.dep");
  EXPECT_THROW(FindKernelImage(dir_.string()), std::runtime_error);  // no image
  fs::create_directories(dir_ / "boot");
  Touch(dir_ / "boot/vmlinuz-6.1.0-9-amd64");
  KernelImage k = FindKernelImage(dir_.string());
  EXPECT_EQ(k.release, "6.1.0-9-amd64");
  EXPECT_EQ(k.image, (dir_ / "boot/vmlinuz-6.1.0-9-amd64").string());
  Touch(dir_ / "vmlinux");  // the ELF is preferred (PVH entry: faster under TCG)
  EXPECT_EQ(FindKernelImage(dir_.string()).image, (dir_ / "vmlinux").string());
  fs::create_directories(dir_ / "lib/modules/6.1.0-10-amd64");
  EXPECT_THROW(FindKernelImage(dir_.string()), std::runtime_error);  // two releases
}

TEST(QemuArgvTest, NoNetworkRootReadOnlyResultsWritable) {
  GuestBoot b;
  b.qemu = "/usr/bin/qemu-system-x86_64";
  b.kernel.image = "/k/vmlinux";
  b.initramfs = "/tmp/x/initramfs.cpio";
  b.out_dir = "/tmp/x";
  std::vector<std::string> a = QemuArgv(b);
  auto has = [&](const std::string& s) { return std::find(a.begin(), a.end(), s) != a.end(); };
  EXPECT_TRUE(has("-nodefaults"));
  EXPECT_TRUE(has("-no-reboot"));
  EXPECT_TRUE(has("tcg"));
  for (const std::string& s : a) {
    EXPECT_EQ(s.find("-nic"), std::string::npos) << s;
    EXPECT_EQ(s.find("-netdev"), std::string::npos) << s;
  }
  EXPECT_TRUE(has("local,id=root,path=/,readonly=on,security_model=none,multidevs=remap"));
  EXPECT_TRUE(has("local,id=out,path=/tmp/x,security_model=none,multidevs=remap"));
}

TEST(GuestInitTest, MountsAndRunsTheScript) {
  KernelImage k;
  k.release = "6.1.0-9-amd64";
  k.modules_dir = "/cache/k/lib/modules/6.1.0-9-amd64";
  std::string init = GuestInit(k);
  EXPECT_EQ(init.rfind("#!/bin/busybox sh\n", 0), 0u);
  EXPECT_NE(init.find("version=9p2000.L,ro,"), std::string::npos);  // host root read-only
  EXPECT_NE(init.find("/lower/cache/k/lib/modules/6.1.0-9-amd64 /newroot/lib/modules/"
                      "6.1.0-9-amd64"),
            std::string::npos);
  EXPECT_NE(init.find("mknod /newroot/dev/net/tun c 10 200"), std::string::npos);
  EXPECT_NE(init.find("tmpfs /newroot/run"), std::string::npos);
  EXPECT_NE(init.find("exec switch_root /newroot /bin/sh /run/mtulab-out/guest.sh"),
            std::string::npos);
}

TEST(GuestModprobeTest, LoadsTheAliaslessModulesInOneExec) {
  std::string line = GuestModprobeLine();
  EXPECT_EQ(line.rfind("/sbin/modprobe -a -q fou fou6 mpls_router mpls_iptunnel || ", 0), 0u)
      << line;
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;
}

}  // namespace
}  // namespace mtulab
