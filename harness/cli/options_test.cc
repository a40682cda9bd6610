#include "harness/cli/options.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace mtulab {
namespace {

// Parses `args` with run-like options; returns Parse's code, stderr in `err`.
int ParseCapturing(const std::vector<std::string>& args, std::string* err) {
  Options o;
  int jobs = 1;
  bool fail_fast = false;
  std::vector<std::string> excludes, positional;
  o.Int({"-j", "--jobs"}, &jobs, 1, 256).Flag({"--fail-fast"}, &fail_fast);
  o.StringList({"--exclude"}, &excludes);
  std::FILE* saved = stderr;
  std::FILE* capture = std::tmpfile();
  stderr = capture;
  int rc = o.Parse("run", "help\n", args, &positional);
  stderr = saved;
  std::rewind(capture);
  char buf[512] = {};
  size_t n = std::fread(buf, 1, sizeof buf - 1, capture);
  std::fclose(capture);
  *err = std::string(buf, n);
  return rc;
}

TEST(OptionsTest, UnknownOptionSuggestsTheClosestKnownOne) {
  std::string err;
  EXPECT_EQ(ParseCapturing({"--jbos", "2"}, &err), 2);
  EXPECT_NE(err.find("unknown option '--jbos'; did you mean '--jobs'?"), std::string::npos) << err;
  EXPECT_EQ(ParseCapturing({"--failfast"}, &err), 2);
  EXPECT_NE(err.find("did you mean '--fail-fast'?"), std::string::npos) << err;
  EXPECT_EQ(ParseCapturing({"--exclud=x"}, &err), 2);
  EXPECT_NE(err.find("did you mean '--exclude'?"), std::string::npos) << err;
  EXPECT_EQ(ParseCapturing({"--hlep"}, &err), 2);
  EXPECT_NE(err.find("did you mean '--help'?"), std::string::npos) << err;
}

TEST(OptionsTest, NothingCloseSuggestsNothing) {
  std::string err;
  EXPECT_EQ(ParseCapturing({"--frobnicate"}, &err), 2);
  EXPECT_NE(err.find("unknown option '--frobnicate'\n"), std::string::npos) << err;
  EXPECT_EQ(err.find("did you mean"), std::string::npos) << err;
  EXPECT_EQ(ParseCapturing({"--fail-fast", "-j3"}, &err), -1) << err;
}

TEST(OptionsTest, ChoiceTakesOnlyItsValuesAndSuggestsTheClosest) {
  Options o;
  std::string color = "auto";
  std::vector<std::string> positional;
  o.Choice({"--color"}, &color, {"auto", "always", "never"});
  EXPECT_EQ(o.Parse("run", "help\n", {"--color=never", "x.xml"}, &positional), -1);
  EXPECT_EQ(color, "never");
  EXPECT_EQ(o.Parse("run", "help\n", {"--color", "always"}, &positional), -1);
  EXPECT_EQ(color, "always");
  EXPECT_EQ(positional, std::vector<std::string>({"x.xml"}));
  std::FILE* saved = stderr;
  std::FILE* capture = std::tmpfile();
  stderr = capture;
  int rc = o.Parse("run", "help\n", {"--color=nevr"}, &positional);
  int rc_far = o.Parse("run", "help\n", {"--color=rainbow"}, &positional);
  stderr = saved;
  std::rewind(capture);
  char buf[1024] = {};
  std::string err(buf, std::fread(buf, 1, sizeof buf - 1, capture));
  std::fclose(capture);
  EXPECT_EQ(rc, 2);
  EXPECT_EQ(rc_far, 2);
  EXPECT_EQ(color, "always") << "a refused value must not be stored";
  EXPECT_NE(err.find("option '--color' takes one of auto, always, never, got 'nevr'; did you "
                     "mean 'never'?"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("got 'rainbow'\n"), std::string::npos) << err;
}

}  // namespace
}  // namespace mtulab
