#include "harness/sys/nftables.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace mtulab {
namespace {

TEST(NftErrorTest, FirstLineWithoutThePrefix) {
  // As libnftables 1.0.6 writes it for a rule the kernel refuses.
  std::string buffer =
      "Error: Could not process rule: Operation not supported\n"
      "add rule inet mtulab input tcp flags syn tcp option maxseg size set rt mtu\n"
      "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n";
  EXPECT_EQ(NftErrorMessage(buffer), "Could not process rule: Operation not supported");
  EXPECT_EQ(NftErrorMessage("Error: Could not parse ICMP type\nx\n  ^\n"),
            "Could not parse ICMP type");
  EXPECT_EQ(NftErrorMessage(""), "nftables failed without a message");
  EXPECT_EQ(NftErrorMessage("\n"), "nftables failed without a message");
}

TEST(NftErrorTest, CodeFromTheMessagesErrnoText) {
  EXPECT_EQ(NftErrorCode("Could not process rule: Operation not supported"), EOPNOTSUPP);
  EXPECT_EQ(NftErrorCode("Could not process rule: No such file or directory"), ENOENT);
  EXPECT_EQ(NftErrorCode("Could not process rule: Operation not permitted"), EPERM);
  EXPECT_EQ(NftErrorCode("syntax error, unexpected string"), EINVAL);
}

}  // namespace
}  // namespace mtulab
