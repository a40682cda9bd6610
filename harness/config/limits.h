#ifndef MTULAB_CONFIG_LIMITS_H_
#define MTULAB_CONFIG_LIMITS_H_

#include <cstddef>

namespace mtulab {

// Bounds on what one topology or suite may hold, so that loading a hostile file stays fast
// and its error is clear ("file:line:col: ... at most N"). Each is far above what the shipped
// suites and the generators of bench/ write (see README, "Reliability"); the file itself is at
// most kMaxInputFileBytes (xml_file.h).

/// <node>s of a topology. gen_star.py accepts 65,000 leaves (65,001 nodes).
inline constexpr size_t kMaxNodes = 65536;
/// <link>s of a topology, veth and single-node links together.
inline constexpr size_t kMaxLinks = 131072;
/// Steps of a suite, over all its cases.
inline constexpr size_t kMaxSteps = 65536;
/// Bytes of one attribute value. The longest bench/ writes is the `ports` list of the bridge
/// of gen_star.py: ~160 KB for the largest star that fits kMaxInputFileBytes (23,000 leaves).
inline constexpr size_t kMaxAttributeBytes = 256u << 10;

}  // namespace mtulab

#endif  // MTULAB_CONFIG_LIMITS_H_
