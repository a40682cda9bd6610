#ifndef MTULAB_CLI_DATA_DIR_H_
#define MTULAB_CLI_DATA_DIR_H_

#include <string>

namespace mtulab {

/// Where mtulab's shipped data is. An installed mtulab (`<prefix>/bin/mtulab` beside
/// `<prefix>/share/mtulab/suites`, or $MTULAB_DATA_DIR set) runs the installed suites by
/// default and points at its man page and installed README; a binary in a build tree runs
/// ./suites and points at README.md, as in a checkout.
struct DataDirs {
  bool installed = false;
  std::string suites;  // the default suites directory ("suites" in a checkout)
  std::string docs;    // the README: README.md, or <prefix>/share/doc/mtulab/README.md
};

/// Found once from $MTULAB_DATA_DIR, else from /proc/self/exe.
const DataDirs& FindDataDirs();

/// The data directory of a binary at `exe`: `<exe>/../../share/mtulab` when it has a
/// suites/ directory, else "" (a build tree). Pure except for the directory test.
std::string InstalledDataDir(const std::string& exe);

}  // namespace mtulab

#endif  // MTULAB_CLI_DATA_DIR_H_
