#ifndef MTULAB_CLI_GUEST_HOOK_H_
#define MTULAB_CLI_GUEST_HOOK_H_

#include <string>

namespace mtulab {

// A development hook of `mtulab run --kernel` (bench/pmtu_sh.sh uses it to run the kernel's
// own pmtu.sh in the same guest): with MTULAB_GUEST_HOOK=PATH set, the guest runs PATH
// (a host executable, seen through the read-only root) with one argument, an empty
// directory, before its own `mtulab run`; with MTULAB_GUEST_HOOK_OUT=DIR set too, the
// regular files the hook left there are copied to DIR/<kernel release>/ on the host.

/// The guest script's lines that run the hook into `<out_dir>/hook` (its output in
/// hook.log, its exit status in hook.rc), or "" when MTULAB_GUEST_HOOK is unset.
std::string GuestHookLines(const std::string& out_dir);

/// Copies the regular files of `<share_dir>/hook` to $MTULAB_GUEST_HOOK_OUT/<release>/
/// (symlinks and other entries the guest made are skipped) when both variables are set.
/// Throws FileError naming the file that could not be copied.
void CopyGuestHookOutput(const std::string& share_dir, const std::string& release);

}  // namespace mtulab

#endif  // MTULAB_CLI_GUEST_HOOK_H_
