#ifndef MTULAB_CLI_CLI_H_
#define MTULAB_CLI_CLI_H_

#include <string>
#include <vector>

namespace mtulab {

/// Exit codes (DESIGN.md §6).
inline constexpr int kExitPass = 0;    // every case passed (skips allowed)
inline constexpr int kExitFail = 1;    // some case failed or errored
inline constexpr int kExitUsage = 2;   // usage or configuration error; nothing was created
/// `run`: a report could not be written after the cases ran (what can be checked before
/// the first case, e.g. a report directory that is not writable, is a usage error, 2).
inline constexpr int kExitReportWrite = 3;
/// `run` stopped by signal N (SIGINT, SIGTERM) exits 128 + N (130, 143), as a shell reports
/// a process killed by N: the cases not started are reported as interrupted.
inline constexpr int kExitSignalBase = 128;

/// Entry point of the mtulab binary.
int RunCli(int argc, char** argv);

// Subcommands: one function each, called with the arguments after the subcommand name.
int RunCommand(const std::vector<std::string>& args);
int CheckCommand(const std::vector<std::string>& args);
int LintCommand(const std::vector<std::string>& args);
int ListCommand(const std::vector<std::string>& args);
int MergeCommand(const std::vector<std::string>& args);
int UpCommand(const std::vector<std::string>& args);
int DownCommand(const std::vector<std::string>& args);
int CleanCommand(const std::vector<std::string>& args);
int StatusCommand(const std::vector<std::string>& args);
int ProbeCommand(const std::vector<std::string>& args);
int ServeCommand(const std::vector<std::string>& args);

/// `run`'s default -j: 3 per CPU, at least 2, at most 16 (cases mostly wait on timers).
int DefaultJobs();

/// True when the process may create namespaces (CAP_NET_ADMIN and CAP_SYS_ADMIN, in the
/// host's user namespace: root inside `unshare --user` or a rootless container is refused).
/// Otherwise prints why on stderr, naming `command`.
bool CheckPrivileges(const std::string& command);

}  // namespace mtulab

#endif  // MTULAB_CLI_CLI_H_
