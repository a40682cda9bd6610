#include "harness/config/cni_conf.h"

#include <nlohmann/json.hpp>

namespace mtulab {
namespace {

using Json = nlohmann::json;

// "PATH:LINE:COL" of byte `offset` (1-based line and column; nlohmann counts the bytes read,
// so the offending byte is offset - 1).
std::string PositionOf(const std::string& path, const std::string& text, size_t offset) {
  size_t at = offset > 0 ? std::min(offset - 1, text.size()) : 0;
  int line = 1, col = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// A plugin type becomes a path under CNI_PATH: one file name, nothing else.
bool IsPluginName(const std::string& type) {
  if (type.empty() || type.size() > 64 || type == "." || type == "..") return false;
  for (char c : type) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Adds the binaries of one plugin entry (at JSON pointer `where`); false with `error` set.
bool ReadEntry(const Json& entry, const std::string& where, CniConfSummary& out,
               std::string& error) {
  if (!entry.is_object()) {
    error = where + " must be an object";
    return false;
  }
  auto type = entry.find("type");
  if (type == entry.end() || !type->is_string() || !IsPluginName(type->get<std::string>())) {
    error = where + "/type must be a plugin file name (e.g. \"bridge\")";
    return false;
  }
  out.binaries.push_back(type->get<std::string>());
  auto ipam = entry.find("ipam");
  if (ipam == entry.end() || (ipam->is_object() && ipam->empty())) return true;
  auto ipam_type = ipam->is_object() ? ipam->find("type") : ipam->end();
  if (ipam_type == ipam->end() || !ipam_type->is_string() ||
      !IsPluginName(ipam_type->get<std::string>())) {
    error = where + "/ipam must be an object with a plugin file name in \"type\"";
    return false;
  }
  out.binaries.push_back(ipam_type->get<std::string>());
  return true;
}

bool CheckTopLevel(const Json& conf, std::string& error) {
  if (!conf.is_object()) {
    error = "the configuration must be a JSON object";
    return false;
  }
  auto version = conf.find("cniVersion");
  if (version == conf.end() || !version->is_string() || *version != "1.0.0") {
    error = "\"cniVersion\" must be \"1.0.0\" (the CNI spec mtulab runs plugins by)";
    return false;
  }
  auto name = conf.find("name");
  if (name == conf.end() || !name->is_string() || name->get<std::string>().empty()) {
    error = "\"name\" must be a non-empty string";
    return false;
  }
  return true;
}

}  // namespace

bool CheckCniConf(const std::string& path, const std::string& text, CniConfSummary& out,
                  std::string& error) {
  Json conf;
  try {
    conf = Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    size_t cut = what.find("parse error");  // drop nlohmann's "[json.exception.parse_error.101] "
    error = PositionOf(path, text, e.byte) +
            ": malformed JSON: " + (cut == std::string::npos ? what : what.substr(cut));
    return false;
  }
  std::string why;
  bool ok = CheckTopLevel(conf, why);
  if (ok && conf.contains("plugins")) {
    const Json& plugins = conf["plugins"];
    if (!plugins.is_array() || plugins.empty()) {
      why = "\"plugins\" must be a non-empty array";
      ok = false;
    }
    for (size_t i = 0; ok && i < plugins.size(); ++i) {
      ok = ReadEntry(plugins[i], "/plugins/" + std::to_string(i), out, why);
    }
  } else if (ok) {
    ok = ReadEntry(conf, "", out, why);
  }
  if (!ok) error = path + ": not a CNI configuration: " + why;
  return ok;
}

}  // namespace mtulab
