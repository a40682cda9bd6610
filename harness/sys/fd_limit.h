// The open-descriptor limit (RLIMIT_NOFILE) for large labs: mtulab holds a few descriptors
// per namespace (the namespace itself, its netlink and sysctl handles), so a 1000-node
// topology needs more than the usual soft limit of 1024.
#ifndef MTULAB_SYS_FD_LIMIT_H_
#define MTULAB_SYS_FD_LIMIT_H_

#include <sys/resource.h>

#include <string>

namespace mtulab {

/// Raises the soft RLIMIT_NOFILE to the hard limit (mtulab waits with poll(), never
/// select(), so descriptors above 1024 are safe) and remembers the limit it found, which
/// children get back (RestoreFdLimitForChild). Returns the new soft limit. Never fails: when
/// the limit cannot be read or raised, the old one stays and is returned.
rlim_t RaiseFdLimit();

/// In a forked child before exec: puts back the soft limit mtulab started with, so that a
/// program that still uses select() is not handed a limit above FD_SETSIZE. Only calls
/// setrlimit (async-signal-safe); a no-op when RaiseFdLimit() changed nothing.
void RestoreFdLimitForChild();

/// What ThrowErrno adds to an EMFILE message: the current soft and hard limits and how to
/// raise them.
std::string FdLimitHint();

}  // namespace mtulab

#endif  // MTULAB_SYS_FD_LIMIT_H_
