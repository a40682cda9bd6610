#ifndef MTULAB_CONFIG_CAPTURE_BUFFER_H_
#define MTULAB_CONFIG_CAPTURE_BUFFER_H_

#include <cstdint>
#include <optional>

#include "harness/config/element.h"

namespace mtulab {

/// <capture-start buffer="4M">: the kernel ring the suite asks for instead of one sized from
/// the traffic (model/capture_budget.h). A size from 256K to 1G; else an error at the
/// attribute and nullopt. nullopt when absent.
std::optional<uint64_t> ReadCaptureBuffer(Element& e);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_CAPTURE_BUFFER_H_
