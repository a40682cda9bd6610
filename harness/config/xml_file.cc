#include "harness/config/xml_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

namespace mtulab {
namespace {

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// The first character XML forbids, raw or as a character reference, as (offset, message).
// pugixml accepts both: it stops at a raw NUL, silently dropping the rest of the file, and
// decodes "&#0;" into a NUL that cuts an attribute value short ("a&#0;b" read as "a").
std::optional<std::pair<size_t, std::string>> FindForbiddenChar(const std::string& text) {
  const char* literal_end = nullptr;  // inside a comment, CDATA or PI: no references there
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && !IsXmlChar(c)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      return std::pair(i, std::string("control character ") + hex + " is not allowed in XML");
    }
    if (literal_end != nullptr) {
      if (text.compare(i, std::strlen(literal_end), literal_end) == 0) literal_end = nullptr;
      continue;
    }
    if (text.compare(i, 4, "<!--") == 0) {
      literal_end = "-->";
    } else if (text.compare(i, 9, "<![CDATA[") == 0) {
      literal_end = "]]>";
    } else if (text.compare(i, 2, "<?") == 0) {
      literal_end = "?>";
    } else if (text.compare(i, 2, "&#") == 0) {
      size_t semi = text.find(';', i);
      if (semi == std::string::npos || semi - i > 12) continue;  // pugixml keeps it as text
      std::string ref = text.substr(i, semi - i + 1);
      bool is_hex = ref.size() > 3 && ref[2] == 'x';
      std::string digits = ref.substr(is_hex ? 3 : 2, ref.size() - (is_hex ? 4 : 3));
      if (digits.empty() ||
          digits.find_first_not_of(is_hex ? "0123456789abcdefABCDEF" : "0123456789") !=
              std::string::npos) {
        continue;
      }
      unsigned long code = std::stoul(digits, nullptr, is_hex ? 16 : 10);
      if (code > 0x10FFFF || !IsXmlChar(static_cast<uint32_t>(code))) {
        return std::pair(i, "character reference '" + ref + "' is not an XML character");
      }
    }
  }
  return std::nullopt;
}

const char* FileType(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO or pipe";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

// Why `text` is not UTF-8 when it is UTF-16 or UTF-32 (by its byte-order mark, or a NUL
// byte beside the first '<'), else nullopt. pugixml would otherwise reject it with
// "control character 0x00".
std::optional<std::string> WideEncoding(const std::string& text) {
  auto starts = [&text](const char* bytes, size_t n) { return text.compare(0, n, bytes, n) == 0; };
  const char* kind = nullptr;
  const char* mark = nullptr;
  if (starts("\xFF\xFE\0\0", 4)) {
    kind = "UTF-32", mark = "FF FE 00 00";
  } else if (starts("\0\0\xFE\xFF", 4)) {
    kind = "UTF-32", mark = "00 00 FE FF";
  } else if (starts("\xFF\xFE", 2)) {
    kind = "UTF-16", mark = "FF FE";
  } else if (starts("\xFE\xFF", 2)) {
    kind = "UTF-16", mark = "FE FF";
  } else if (starts("<\0", 2) || starts("\0<", 2)) {
    return std::string("file looks like UTF-16 without a byte-order mark (a NUL byte beside "
                       "the first '<'); save it as UTF-8");
  }
  if (kind == nullptr) return std::nullopt;
  return std::string("file is ") + kind + " (byte-order mark " + mark + "); save it as UTF-8";
}

}  // namespace

bool ReadWholeFile(const std::string& path, std::string& text, std::string& error) {
  // O_NONBLOCK: opening a FIFO without a writer must not wait forever (it reads as empty).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  // Only regular files: /dev/stdin, a FIFO whose writer stays open or a terminal would
  // block the read forever, and /dev/zero never ends.
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (st.st_mode == 0) {
      error = std::strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
      error = std::strerror(EISDIR);
    } else {
      error = std::string("not a regular file (") + FileType(st.st_mode) +
              "); name a regular file";
    }
    ::close(fd);
    return false;
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
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
    // Bounded: /dev/zero or a runaway generator must give an error, not exhaust memory.
    if (text.size() > kMaxInputFileBytes) {
      error = "more than " + std::to_string(kMaxInputFileBytes) +
              " bytes (the limit for a topology or suite file)";
      ::close(fd);
      return false;
    }
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

bool XmlFile::Parse(const std::string& path, std::string text, Diagnostics& diags,
                    Quote quote) {
  path_ = path;
  text_ = std::move(text);
  // A UTF-8 byte order mark is accepted (editors write one) and dropped, so that columns on
  // the first line count from '<' as editors do.
  if (text_.rfind("\xEF\xBB\xBF", 0) == 0) text_.erase(0, 3);
  // A file the user named is quoted even where it is malformed: the caret under a syntax
  // error is the most useful quote, and they chose the file.
  if (quote == Quote::kAlways) {
    diags.RegisterSource(path_, text_);
  } else {
    diags.RegisterFile(path_);
  }
  line_starts_ = {0};
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  if (std::optional<std::string> wide = WideEncoding(text_)) {
    diags.Add(LocAt(0), *wide);
    return false;
  }
  if (!ParseXml(diags)) return false;
  // A file reached through a suite is quoted only once it parsed as XML: not whatever bytes
  // a path led to.
  if (quote == Quote::kIfXml) diags.RegisterSource(path_, text_);
  return CheckLimits(diags);
}

bool XmlFile::ParseXml(Diagnostics& diags) {
  if (std::optional<std::pair<size_t, std::string>> bad = FindForbiddenChar(text_)) {
    diags.Add(LocAt(bad->first), "malformed XML: " + bad->second);
    return false;
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

bool XmlFile::CheckLimits(Diagnostics& diags) const {
  bool ok = true;
  // Iterative walk: the document may nest 100,000 levels deep.
  pugi::xml_node node = doc_.document_element();
  while (node) {
    for (pugi::xml_attribute attr : node.attributes()) {
      size_t bytes = std::strlen(attr.value());
      if (bytes <= kMaxAttributeBytes) continue;
      diags.Add(AttrLocOf(node, attr.name()),
                std::string("attribute '") + attr.name() + "' is " + std::to_string(bytes) +
                    " bytes; at most " + std::to_string(kMaxAttributeBytes) + " allowed");
      ok = false;
    }
    if (node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) node = node.parent();
    if (node) node = node.next_sibling();
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

SourceLoc XmlFile::AttrLocOf(pugi::xml_node node, const char* name, size_t occurrence) const {
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
        std::strlen(name) == i - name_start && occurrence-- == 0) {
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
