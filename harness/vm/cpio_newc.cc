// The "newc" cpio format (the kernel's Documentation/driver-api/early-userspace/
// buffer-format.rst): a 110-byte ASCII header of 13 eight-digit hex fields, the name with
// its NUL, padding to 4, the data, padding to 4.
#include "harness/vm/cpio_newc.h"

#include <cstdio>

namespace mtulab {
namespace {

void Pad4(std::string& out) {
  while (out.size() % 4 != 0) out.push_back('\0');
}

void Append(std::string& out, const CpioEntry& e, unsigned ino) {
  char header[111];
  std::snprintf(header, sizeof(header),
                "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", ino,
                static_cast<unsigned>(e.mode), 0u, 0u, 1u, 0u, e.data.size(), 0u, 0u, e.rdev_major,
                e.rdev_minor, e.name.size() + 1, 0u);
  out.append(header, 110);
  out.append(e.name);
  out.push_back('\0');
  Pad4(out);
  out.append(e.data);
  Pad4(out);
}

}  // namespace

std::string CpioNewc(const std::vector<CpioEntry>& entries) {
  std::string out;
  unsigned ino = 1;
  for (const CpioEntry& e : entries) Append(out, e, ino++);
  Append(out, CpioEntry{"TRAILER!!!", 0, "", 0, 0}, 0);
  return out;
}

}  // namespace mtulab
