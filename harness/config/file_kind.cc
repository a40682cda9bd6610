#include "harness/config/file_kind.h"

#include <cstring>
#include <pugixml.hpp>

#include "harness/config/xml_file.h"

namespace mtulab {

bool IsSuiteFile(const std::string& path) {
  // The loader's bounded read, not pugixml's load_file: /dev/zero or a FIFO without a writer
  // must not hang here before the loader can report them.
  std::string text, error;
  if (!ReadWholeFile(path, text, error)) return false;
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8)) {
    return false;
  }
  return std::strcmp(doc.document_element().name(), "suite") == 0;
}

}  // namespace mtulab
