#include "harness/config/file_kind.h"

#include <cstring>
#include <pugixml.hpp>

namespace mtulab {

bool IsSuiteFile(const std::string& path) {
  pugi::xml_document doc;
  if (!doc.load_file(path.c_str())) return false;
  return std::strcmp(doc.document_element().name(), "suite") == 0;
}

}  // namespace mtulab
