#include "harness/config/element.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/model/values.h"

namespace mtulab {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsBlank(const char* text) {
  for (; *text; ++text) {
    if (!std::isspace(static_cast<unsigned char>(*text))) return false;
  }
  return true;
}

}  // namespace

Element::Element(const XmlFile& file, Diagnostics& diags, pugi::xml_node node,
                 const std::vector<std::string>& allowed)
    : file_(file), diags_(diags), node_(node) {
  std::map<std::string, size_t> seen;
  for (pugi::xml_attribute attr : node_.attributes()) {
    std::string name = attr.name();
    if (size_t earlier = seen[name]++; earlier > 0) {
      // At the repetition, not at the first one (which is the value used).
      diags_.Add(file_.AttrLocOf(node_, attr.name(), earlier),
                 "attribute '" + name + "' is repeated on <" + this->name() + ">");
      continue;
    }
    if (Contains(allowed, name)) continue;
    std::string message = "unknown attribute '" + name + "' on <" + this->name() + ">";
    if (std::optional<std::string> close = ClosestName(name, allowed)) {
      message += "; did you mean '" + *close + "'?";
    } else if (allowed.empty()) {
      message += "; <" + this->name() + "> takes no attributes";
    } else {
      message += " (allowed: " + JoinNames(allowed) + ")";
    }
    AttrError(attr.name(), message);
  }
}

std::optional<std::string> Element::Get(const char* attr) const {
  pugi::xml_attribute a = node_.attribute(attr);
  if (a.empty()) return std::nullopt;
  return std::string(a.value());
}

std::string Element::Required(const char* attr) {
  std::optional<std::string> value = Get(attr);
  if (value) return *value;
  Error("<" + name() + "> needs attribute '" + attr + "'");
  return "";
}

std::optional<uint32_t> Element::Uint(const char* attr, uint32_t lo, uint32_t hi) {
  std::optional<std::string> text = Get(attr);
  if (!text) return std::nullopt;
  std::optional<uint64_t> value = ParseUnsigned(*text);
  // Digits too many for 64 bits are still a number: say it is out of range.
  bool digits = !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
  if (!value && !digits) {
    AttrError(attr, std::string(attr) + "=\"" + *text + "\" is not an unsigned integer");
    return std::nullopt;
  }
  if (!value || *value < lo || *value > hi) {
    AttrError(attr, std::string(attr) + " " + *text + " is out of range " + std::to_string(lo) +
                        ".." + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<uint32_t>(*value);
}

std::optional<double> Element::Seconds(const char* attr, double lo, double hi, bool lo_exclusive) {
  std::optional<std::string> text = Get(attr);
  if (!text) return std::nullopt;
  std::optional<double> value = ParseSeconds(*text);
  if (!value) {
    AttrError(attr, std::string(attr) + "=\"" + *text + "\" is not a number of seconds");
    return std::nullopt;
  }
  auto number = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  };
  if (lo_exclusive ? *value <= lo : *value < lo) {
    std::string bound = lo_exclusive ? " must be more than " : " must be at least ";
    AttrError(attr, std::string(attr) + " " + *text + bound + number(lo));
    return std::nullopt;
  }
  if (*value > hi) {
    AttrError(attr, std::string(attr) + " " + *text + " must be at most " + number(hi));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Element::Bool(const char* attr) {
  std::optional<std::string> text = Get(attr);
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  AttrError(attr, std::string(attr) + "=\"" + *text + "\" must be 'true' or 'false'");
  return std::nullopt;
}

std::optional<size_t> Element::Choice(const char* attr, const std::vector<std::string>& names) {
  std::optional<std::string> text = Get(attr);
  if (!text) return std::nullopt;
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) {
    if (*text == names[i]) return i;
    list += (i == 0 ? "" : ", ") + names[i];
  }
  AttrError(attr, std::string(attr) + "=\"" + *text + "\" must be one of " + list);
  return std::nullopt;
}

std::optional<Family> Element::FamilyOf(const char* attr) {
  std::optional<std::string> text = Get(attr);
  if (!text) return std::nullopt;
  if (*text == "ipv4") return Family::kIpv4;
  if (*text == "ipv6") return Family::kIpv6;
  AttrError(attr, std::string(attr) + "=\"" + *text + "\" must be 'ipv4' or 'ipv6'");
  return std::nullopt;
}

std::vector<pugi::xml_node> Element::Children(const std::vector<std::string>& allowed,
                                              bool text_allowed) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child : node_.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      if (!text_allowed && !IsBlank(child.value())) {
        diags_.Add(file_.LocOf(child), "unexpected text in <" + name() + ">");
      }
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    std::string child_name = child.name();
    if (Contains(allowed, child_name)) {
      out.push_back(child);
      continue;
    }
    std::string message = "unknown element <" + child_name + "> in <" + name() + ">";
    if (std::optional<std::string> close = ClosestName(child_name, allowed)) {
      message += "; did you mean <" + *close + ">?";
    } else if (allowed.empty()) {
      message += "; <" + name() + "> takes no child elements";
    } else {
      message += " (allowed: " + JoinNames(allowed) + ")";
    }
    diags_.Add(file_.LocOf(child), message);
  }
  return out;
}

}  // namespace mtulab
