#ifndef MTULAB_MODEL_SOURCE_LOC_H_
#define MTULAB_MODEL_SOURCE_LOC_H_

#include <string>

namespace mtulab {

/// Where an XML element or attribute was written: file path as given, 1-based line and column.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;

  /// "file:line:col", or just "file" when the position is unknown.
  std::string ToString() const {
    if (line == 0) return file;
    return file + ":" + std::to_string(line) + ":" + std::to_string(col);
  }
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_SOURCE_LOC_H_
