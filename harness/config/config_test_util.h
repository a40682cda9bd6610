#ifndef MTULAB_CONFIG_CONFIG_TEST_UTIL_H_
#define MTULAB_CONFIG_CONFIG_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "harness/config/loader.h"
#include "harness/model/config_error.h"

namespace mtulab {

/// The arguments as a vector, to compare with TempDirTest::Errors().
template <typename... T>
std::vector<std::string> Lines(const T&... lines) {
  return {std::string(lines)...};
}

/// A fixture with a fresh directory under /tmp, removed after each test.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/mtulab-config-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes `text` to `name` (may contain subdirectories) inside the directory; its path.
  std::string Write(const std::string& name, const std::string& text) {
    std::filesystem::path path = std::filesystem::path(dir_) / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  /// "FILE:LINE:COL: message" for each diagnostic `load` throws, or {"no error"}.
  static std::vector<std::string> Errors(const std::function<void()>& load) {
    try {
      load();
    } catch (const ConfigError& error) {
      std::vector<std::string> out;
      for (const Diagnostic& d : error.diagnostics())
        out.push_back(d.loc.ToString() + ": " + d.message);
      return out;
    }
    return {"no error"};
  }

  /// ConfigError::what() of `load`, or "no error".
  static std::string What(const std::function<void()>& load) {
    try {
      load();
    } catch (const ConfigError& error) {
      return error.what();
    }
    return "no error";
  }

  std::string dir_;
};

/// A fixture for step readers: `topology` is written to t.xml; Suite(steps) is a one-case
/// suite over it whose steps start on line 3, written to path_ (s.xml) by ErrorsOf().
class OneCaseSuiteTest : public TempDirTest {
 protected:
  explicit OneCaseSuiteTest(const char* topology) : topology_(topology) {}
  void SetUp() override {
    TempDirTest::SetUp();
    Write("t.xml", topology_);
    path_ = dir_ + "/s.xml";
  }
  static std::string Suite(const std::string& steps) {
    return "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n" + steps +
           "  </case>\n</suite>\n";
  }
  std::vector<std::string> ErrorsOf(const std::string& steps) {
    Write("s.xml", Suite(steps));
    return Errors([&] { LoadSuite(path_); });
  }
  std::string At(int line, int col, const std::string& message) const {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }

  std::string path_;

 private:
  const char* topology_;
};

}  // namespace mtulab

#endif  // MTULAB_CONFIG_CONFIG_TEST_UTIL_H_
