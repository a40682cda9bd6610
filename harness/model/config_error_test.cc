#include "harness/model/config_error.h"

#include <gtest/gtest.h>

#include <string>

namespace mtulab {
namespace {

TEST(FormatDiagnosticTest, PutsCaretUnderColumn) {
  Diagnostic d{SourceLoc{"t.xml", 3, 5}, "unknown element <foo> in <node>", "  \t<foo/>"};
  EXPECT_EQ(FormatDiagnostic(d),
            "t.xml:3:5: unknown element <foo> in <node>\n"
            "    \t<foo/>\n"
            "      ^");
}

TEST(FormatDiagnosticTest, OmitsEmptySourceLine) {
  Diagnostic d{SourceLoc{"t.xml", 1, 1}, "malformed XML: x", ""};
  EXPECT_EQ(FormatDiagnostic(d), "t.xml:1:1: malformed XML: x");
}

TEST(FormatDiagnosticTest, UnknownPositionIsJustTheFile) {
  Diagnostic d{SourceLoc{"t.xml"}, "cannot be read: No such file or directory", ""};
  EXPECT_EQ(FormatDiagnostic(d), "t.xml: cannot be read: No such file or directory");
}

TEST(FormatDiagnosticTest, ShowsAWindowOfAVeryLongLine) {
  std::string line = std::string(1000, 'a') + "<bad/>" + std::string(1000, 'b');
  Diagnostic d{SourceLoc{"t.xml", 1, 1001}, "unknown element <bad>", line};
  EXPECT_EQ(FormatDiagnostic(d),
            "t.xml:1:1001: unknown element <bad>\n"
            "  ..." + std::string(80, 'a') + "<bad/>" + std::string(74, 'b') + "...\n"
            "  " + std::string(83, ' ') + "^");
  d.loc.col = 1;
  EXPECT_EQ(FormatDiagnostic(d), "t.xml:1:1: unknown element <bad>\n  " +
                                     std::string(160, 'a') + "...\n  ^");
}

TEST(ConfigErrorTest, WhatJoinsDiagnostics) {
  ConfigError error({Diagnostic{SourceLoc{"a.xml", 1, 2}, "one", "<x/>"},
                     Diagnostic{SourceLoc{"a.xml", 4, 1}, "two", ""}});
  EXPECT_STREQ(error.what(), "a.xml:1:2: one\n  <x/>\n   ^\na.xml:4:1: two");
  EXPECT_EQ(error.diagnostics().size(), 2u);
}

}  // namespace
}  // namespace mtulab
