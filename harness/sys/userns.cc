#include "harness/sys/userns.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace mtulab {

bool IsInitialUidMap(const std::string& uid_map) {
  std::istringstream lines(uid_map);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t") != std::string::npos) rows.push_back(line);
  }
  if (rows.size() != 1) return false;
  std::istringstream fields(rows[0]);
  std::string inside, outside, count, extra;
  fields >> inside >> outside >> count;
  return inside == "0" && outside == "0" && count == "4294967295" && !(fields >> extra);
}

std::optional<std::string> ReadSelfUidMap() {
  std::ifstream in("/proc/self/uid_map");
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

}  // namespace mtulab
