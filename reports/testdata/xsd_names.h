#ifndef MTULAB_REPORTS_TESTDATA_XSD_NAMES_H_
#define MTULAB_REPORTS_TESTDATA_XSD_NAMES_H_

// What an XSD declares, element by element: enough of XML Schema to read mtulab's own
// schemas (named and inline complex types, xs:include, attribute groups, model groups,
// complexContent extension, simple types with enumerations). Test-only.

#include <filesystem>
#include <list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace mtulab::testdata {

struct XsdElement {
  std::set<std::string> attrs, children;
  std::map<std::string, std::set<std::string>> enums;  // attribute -> enumeration values
};

class XsdIndex {
 public:
  explicit XsdIndex(const std::string& path) { Load(path); }

  // Every element reachable from global element `root`, keyed by "root/child/...".
  std::map<std::string, XsdElement> Elements(const std::string& root) {
    std::map<std::string, XsdElement> out;
    Visit(elements_.at(root), root, out, 0);
    return out;
  }

 private:
  void Load(const std::string& path) {
    docs_.emplace_back();
    pugi::xml_document& doc = docs_.back();
    ASSERT_TRUE(doc.load_file(path.c_str())) << path;
    for (pugi::xml_node n : doc.child("xs:schema").children()) {
      std::string kind = n.name(), name = n.attribute("name").value();
      if (kind == "xs:include") {
        Load((std::filesystem::path(path).parent_path() / n.attribute("schemaLocation").value())
                 .string());
      } else if (kind == "xs:element") {
        elements_[name] = n;
      } else if (kind == "xs:complexType") {
        complex_[name] = n;
      } else if (kind == "xs:simpleType") {
        simple_[name] = n;
      } else if (kind == "xs:attributeGroup") {
        attr_groups_[name] = n;
      } else if (kind == "xs:group") {
        groups_[name] = n;
      }
    }
  }

  // Enumeration values of a simple type (named or inline), through restrictions and unions.
  void Enums(pugi::xml_node simple, std::set<std::string>& out) {
    for (pugi::xpath_node e : simple.select_nodes(".//xs:enumeration")) {
      out.insert(e.node().attribute("value").value());
    }
    for (pugi::xpath_node u : simple.select_nodes(".//xs:union[@memberTypes]")) {
      std::string types = u.node().attribute("memberTypes").value();
      for (size_t at = 0; at < types.size();) {
        size_t end = types.find(' ', at);
        std::string t = types.substr(at, end - at);
        if (simple_.count(t)) Enums(simple_.at(t), out);
        at = end == std::string::npos ? types.size() : end + 1;
      }
    }
  }

  void Attribute(pugi::xml_node a, XsdElement& e) {
    std::string name = a.attribute("name").value();
    e.attrs.insert(name);
    std::set<std::string> values;
    if (pugi::xml_node inline_type = a.child("xs:simpleType")) Enums(inline_type, values);
    std::string type = a.attribute("type").value();
    if (simple_.count(type)) Enums(simple_.at(type), values);
    if (!values.empty()) e.enums[name] = values;
  }

  // Attributes and child elements of a complex type's content.
  void Content(pugi::xml_node node, XsdElement& e, std::vector<pugi::xml_node>& kids) {
    for (pugi::xml_node c : node.children()) {
      std::string kind = c.name();
      if (kind == "xs:attribute") {
        Attribute(c, e);
      } else if (kind == "xs:attributeGroup") {
        Content(attr_groups_.at(c.attribute("ref").value()), e, kids);
      } else if (kind == "xs:group") {
        Content(groups_.at(c.attribute("ref").value()), e, kids);
      } else if (kind == "xs:sequence" || kind == "xs:choice" || kind == "xs:all" ||
                 kind == "xs:complexContent" || kind == "xs:simpleContent") {
        Content(c, e, kids);
      } else if (kind == "xs:extension") {
        std::string base = c.attribute("base").value();
        if (complex_.count(base)) Content(complex_.at(base), e, kids);
        Content(c, e, kids);
      } else if (kind == "xs:element") {
        pugi::xml_node decl = c.attribute("ref") ? elements_.at(c.attribute("ref").value()) : c;
        e.children.insert(decl.attribute("name").value());
        kids.push_back(decl);
      }
    }
  }

  void Visit(pugi::xml_node decl, const std::string& key, std::map<std::string, XsdElement>& out,
             int depth) {
    ASSERT_LT(depth, 12) << key;
    XsdElement& e = out[key];
    std::vector<pugi::xml_node> kids;
    std::string type = decl.attribute("type").value();
    if (complex_.count(type)) Content(complex_.at(type), e, kids);
    if (pugi::xml_node inline_type = decl.child("xs:complexType")) Content(inline_type, e, kids);
    for (pugi::xml_node kid : kids) {
      Visit(kid, key + "/" + kid.attribute("name").value(), out, depth + 1);
    }
  }

  std::list<pugi::xml_document> docs_;  // stable addresses: nodes point into them
  std::map<std::string, pugi::xml_node> elements_, complex_, simple_, attr_groups_, groups_;
};

inline std::map<std::string, XsdElement> XsdNames(const std::string& path, const std::string& root) {
  XsdIndex index(path);
  return index.Elements(root);
}

}  // namespace mtulab::testdata

#endif  // MTULAB_REPORTS_TESTDATA_XSD_NAMES_H_
