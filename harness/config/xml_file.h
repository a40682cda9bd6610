#ifndef MTULAB_CONFIG_XML_FILE_H_
#define MTULAB_CONFIG_XML_FILE_H_

#include <cstddef>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "harness/config/limits.h"
#include "harness/model/diagnostics.h"
#include "harness/model/source_loc.h"

namespace mtulab {

/// Whether diagnostics in a file show its source lines: always (a file the user named),
/// only once it parsed as XML (a file a suite named inside its own directory tree), never.
enum class Quote { kAlways, kIfXml, kNever };

/// One parsed XML file that can say where each element and attribute was written.
class XmlFile {
 public:
  /// Reads and parses `path` (kept verbatim in every SourceLoc). On failure records why in
  /// `diags` ("PATH: cannot be read: ..." or "malformed XML: ...") and returns false.
  bool Load(const std::string& path, Diagnostics& diags);
  /// Parses `text` as the content of `path`. Same failure contract as Load(); also rejects
  /// UTF-16/UTF-32, a DOCTYPE (so no entity is ever declared or expanded), more than one root
  /// element, characters XML forbids (control bytes, "&#0;") and attribute values over
  /// kMaxAttributeBytes. A leading UTF-8 BOM is dropped. `quote` says whether the text is
  /// registered in `diags` for the source line under each diagnostic.
  bool Parse(const std::string& path, std::string text, Diagnostics& diags,
             Quote quote = Quote::kAlways);

  const std::string& path() const { return path_; }
  /// The single root element (null when the file failed to load).
  pugi::xml_node root() const { return doc_.document_element(); }

  /// Position of the element's '<'.
  SourceLoc LocOf(pugi::xml_node node) const;
  /// Position of the attribute's name inside the element's start tag (the element's
  /// position if it cannot be found); `occurrence` 1 is where a repeated one is repeated.
  SourceLoc AttrLocOf(pugi::xml_node node, const char* name, size_t occurrence = 0) const;

 private:
  SourceLoc LocAt(size_t offset) const;
  bool ParseXml(Diagnostics& diags);
  bool CheckLimits(Diagnostics& diags) const;

  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  pugi::xml_document doc_;
};

/// The largest topology or suite file read (4 MiB; the shipped ones are a few KiB).
inline constexpr size_t kMaxInputFileBytes = 4u << 20;

/// Reads the whole regular file, at most kMaxInputFileBytes of it. Anything else (a FIFO,
/// /dev/stdin as a pipe, a device) is refused without reading, as it could block forever.
/// On failure returns false and sets `error` to strerror(errno), or says why.
bool ReadWholeFile(const std::string& path, std::string& text, std::string& error);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_XML_FILE_H_
