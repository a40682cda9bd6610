#ifndef MTULAB_CONFIG_XML_FILE_H_
#define MTULAB_CONFIG_XML_FILE_H_

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "harness/config/diagnostics.h"
#include "harness/model/source_loc.h"

namespace mtulab {

/// One parsed XML file that can say where each element and attribute was written.
class XmlFile {
 public:
  /// Reads and parses `path` (kept verbatim in every SourceLoc). On failure records why in
  /// `diags` ("PATH: cannot be read: ..." or "malformed XML: ...") and returns false.
  bool Load(const std::string& path, Diagnostics& diags);
  /// Parses `text` as the content of `path`. Same failure contract as Load(); also rejects a
  /// DOCTYPE and more than one root element.
  bool Parse(const std::string& path, std::string text, Diagnostics& diags);

  const std::string& path() const { return path_; }
  /// The single root element (null when the file failed to load).
  pugi::xml_node root() const { return doc_.document_element(); }

  /// Position of the element's '<'.
  SourceLoc LocOf(pugi::xml_node node) const;
  /// Position of the attribute's name inside the element's start tag (the element's
  /// position if it cannot be found).
  SourceLoc AttrLocOf(pugi::xml_node node, const char* name) const;

 private:
  SourceLoc LocAt(size_t offset) const;

  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  pugi::xml_document doc_;
};

/// Reads the whole file; on failure returns false and sets `error` to strerror(errno).
bool ReadWholeFile(const std::string& path, std::string& text, std::string& error);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_XML_FILE_H_
