#include "harness/config/capture_buffer.h"

#include <string>

#include "harness/model/capture_budget.h"

namespace mtulab {

std::optional<uint64_t> ReadCaptureBuffer(Element& e) {
  std::optional<std::string> text = e.Get("buffer");
  if (!text) return std::nullopt;
  std::optional<uint64_t> bytes = ParseMemorySize(*text);
  if (!bytes || *bytes < kCaptureBufferMin || *bytes > kCaptureBufferMax) {
    e.AttrError("buffer", "buffer=\"" + *text +
                              "\" is not a ring size from 256K to 1G (e.g. 4M, 512K)");
    return std::nullopt;
  }
  return bytes;
}

}  // namespace mtulab
