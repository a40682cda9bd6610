#ifndef MTULAB_CONFIG_FILE_KIND_H_
#define MTULAB_CONFIG_FILE_KIND_H_

#include <string>

namespace mtulab {

/// True when the file's root element is <suite> (false for <topology>, unreadable or
/// malformed files: loading them reports the real problem).
bool IsSuiteFile(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_FILE_KIND_H_
