// MTULAB_GUEST_HOOK: a host script run in the guest before `mtulab run` (guest_hook.h).
#include "harness/cli/guest_hook.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/safe_file.h"

namespace mtulab {
namespace {

std::string Env(const char* name) {
  const char* v = getenv(name);
  return v ? v : "";
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string GuestHookLines(const std::string& out_dir) {
  std::string hook = Env("MTULAB_GUEST_HOOK");
  if (hook.empty()) return "";
  std::string dir = Quote(out_dir + "/hook");
  return "mkdir -p " + dir + "\n" + Quote(hook) + " " + dir + " > " + dir + "/hook.log 2>&1\n" +
         "echo $? > " + dir + "/hook.rc\n";
}

void CopyGuestHookOutput(const std::string& share_dir, const std::string& release) {
  std::string dest = Env("MTULAB_GUEST_HOOK_OUT");
  if (dest.empty() || Env("MTULAB_GUEST_HOOK").empty()) return;
  std::error_code ec;
  std::filesystem::directory_iterator it(share_dir + "/hook", ec);
  if (ec) return;  // the guest never ran the hook: hook.rc is missing on the host too
  Directory out = Directory::Open(dest, true).Sub(release, true);
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw FileError("reading the guest hook's " + entry.path().string(), EIO);
    PendingFile f(out, entry.path().filename().string());
    f.Write(text.str());
    f.Commit();
  }
}

}  // namespace mtulab
