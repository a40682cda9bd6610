#ifndef MTULAB_CONFIG_ELEMENT_H_
#define MTULAB_CONFIG_ELEMENT_H_

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "harness/config/xml_file.h"
#include "harness/model/diagnostics.h"
#include "harness/model/topology.h"

namespace mtulab {

/// One element being read. Construction reports attributes outside `allowed` (with a "did
/// you mean") and repeated attributes; the accessors parse typed values strictly and report
/// every problem at the attribute's position. Accessors return nullopt when the attribute is
/// absent or bad.
class Element {
 public:
  Element(const XmlFile& file, Diagnostics& diags, pugi::xml_node node,
          const std::vector<std::string>& allowed);

  std::string name() const { return node_.name(); }
  pugi::xml_node node() const { return node_; }
  SourceLoc loc() const { return file_.LocOf(node_); }
  SourceLoc AttrLoc(const char* attr) const { return file_.AttrLocOf(node_, attr); }

  bool Has(const char* attr) const { return !node_.attribute(attr).empty(); }
  std::optional<std::string> Get(const char* attr) const;
  /// The value; reports "<end> needs attribute 'node'" and returns "" when absent.
  std::string Required(const char* attr);
  /// Strict unsigned integer in lo..hi.
  std::optional<uint32_t> Uint(const char* attr, uint32_t lo, uint32_t hi);
  /// Decimal seconds in lo..hi (above lo when `lo_exclusive`).
  std::optional<double> Seconds(const char* attr, double lo, double hi, bool lo_exclusive);
  /// "true" or "false".
  std::optional<bool> Bool(const char* attr);
  /// "ipv4" or "ipv6".
  std::optional<Family> FamilyOf(const char* attr);
  /// The index of the attribute's value in `names`; reports "end=\"x\" must be one of
  /// shutdown, close, abort" when it is none of them.
  std::optional<size_t> Choice(const char* attr, const std::vector<std::string>& names);

  /// Records `message` at the element's '<'.
  void Error(std::string message) { diags_.Add(loc(), std::move(message)); }
  /// Records `message` at the attribute's name.
  void AttrError(const char* attr, std::string message) {
    diags_.Add(AttrLoc(attr), std::move(message));
  }

  /// Child elements, in order. Reports children not in `allowed` and non-blank text (unless
  /// `text_allowed`).
  std::vector<pugi::xml_node> Children(const std::vector<std::string>& allowed,
                                       bool text_allowed = false);
  /// Reads child `node` with its own allowed attributes.
  Element Child(pugi::xml_node node, const std::vector<std::string>& allowed) const {
    return Element(file_, diags_, node, allowed);
  }

  const XmlFile& file() const { return file_; }
  Diagnostics& diags() const { return diags_; }

 private:
  const XmlFile& file_;
  Diagnostics& diags_;
  pugi::xml_node node_;
};

}  // namespace mtulab

#endif  // MTULAB_CONFIG_ELEMENT_H_
