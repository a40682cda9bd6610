#include "harness/config/xml_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace mtulab {

bool ReadWholeFile(const std::string& path, std::string& text, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  text.clear();
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

bool XmlFile::Load(const std::string& path, Diagnostics& diags) {
  std::string text, error;
  if (!ReadWholeFile(path, text, error)) {
    diags.Add(SourceLoc{path}, "cannot be read: " + error);
    return false;
  }
  return Parse(path, std::move(text), diags);
}

bool XmlFile::Parse(const std::string& path, std::string text, Diagnostics& diags) {
  path_ = path;
  text_ = std::move(text);
  diags.RegisterSource(path_, text_);
  line_starts_ = {0};
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  pugi::xml_parse_result result = doc_.load_buffer(
      text_.data(), text_.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!result) {
    diags.Add(LocAt(static_cast<size_t>(result.offset)),
              std::string("malformed XML: ") + result.description());
    return false;
  }
  bool ok = true;
  int roots = 0;
  for (pugi::xml_node child : doc_.children()) {
    if (child.type() == pugi::node_doctype) {
      size_t at = text_.rfind("<!DOCTYPE", static_cast<size_t>(child.offset_debug()));
      diags.Add(LocAt(at == std::string::npos ? 0 : at), "DOCTYPE is not allowed");
      ok = false;
    } else if (child.type() == pugi::node_element && ++roots > 1) {
      diags.Add(LocOf(child), std::string("unexpected second root element <") + child.name() + ">");
      ok = false;
    }
  }
  return ok;
}

SourceLoc XmlFile::LocAt(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());
  size_t col = offset - line_starts_[line - 1] + 1;
  return SourceLoc{path_, static_cast<int>(line), static_cast<int>(col)};
}

SourceLoc XmlFile::LocOf(pugi::xml_node node) const {
  ptrdiff_t offset = node.offset_debug();
  if (offset < 0) return SourceLoc{path_};
  if (node.type() == pugi::node_element && offset > 0) --offset;
  return LocAt(static_cast<size_t>(offset));
}

SourceLoc XmlFile::AttrLocOf(pugi::xml_node node, const char* name) const {
  ptrdiff_t start = node.offset_debug();
  if (start < 0) return LocOf(node);
  size_t i = static_cast<size_t>(start) + std::strlen(node.name());
  const size_t n = text_.size();
  auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (i < n) {
    while (i < n && is_space(text_[i])) ++i;
    if (i >= n || text_[i] == '>' || text_[i] == '/') break;
    size_t name_start = i;
    while (i < n && text_[i] != '=' && !is_space(text_[i]) && text_[i] != '>') ++i;
    if (text_.compare(name_start, i - name_start, name) == 0 &&
        std::strlen(name) == i - name_start) {
      return LocAt(name_start);
    }
    while (i < n && text_[i] != '"' && text_[i] != '\'' && text_[i] != '>') ++i;
    if (i >= n || text_[i] == '>') break;
    size_t close = text_.find(text_[i], i + 1);
    if (close == std::string::npos) break;
    i = close + 1;
  }
  return LocOf(node);
}

}  // namespace mtulab
