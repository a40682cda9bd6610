#ifndef MTULAB_SYS_NFTABLES_H_
#define MTULAB_SYS_NFTABLES_H_

#include <memory>
#include <string>

struct nft_ctx;

namespace mtulab {

/// A libnftables context (no `nft` process). Its netlink socket belongs to the namespace the
/// calling thread is in when the context is created, so create and use it inside the node's
/// namespace (ScopedNetnsEnter). libnftables keeps process-wide state, so every context's
/// creation, commands and destruction are serialized by one mutex. Move-only; the destructor
/// frees the context and closes its socket.
class NftContext {
 public:
  /// `owner` names where it runs, for errors: "node 'r'". Throws SysError if libnftables
  /// cannot make a context.
  explicit NftContext(std::string owner);
  ~NftContext();
  NftContext(NftContext&&) noexcept;
  NftContext& operator=(NftContext&&) noexcept;

  /// Runs `commands` (nft syntax, one command per line) as one transaction and returns what
  /// they printed (e.g. `list ruleset`). On failure nothing is applied and SysError names
  /// the owner, the first line that fails and libnftables' message:
  /// "applying nftables in node 'r': add rule inet mtulab input tcp option maxseg size set
  /// rt mtu: Could not process rule: Operation not supported". Its error code is the errno
  /// whose text ends the message (EOPNOTSUPP there), else EINVAL (e.g. a syntax error).
  std::string Run(const std::string& commands);

 private:
  struct Deleter {
    void operator()(nft_ctx* ctx) const;
  };
  std::string FailingLine(const std::string& commands);

  std::unique_ptr<nft_ctx, Deleter> ctx_;
  std::string owner_;
};

/// The first message of libnftables' error buffer, without "Error: " ("Could not process
/// rule: Operation not supported"); "nftables failed without a message" when empty. Pure.
std::string NftErrorMessage(const std::string& error_buffer);

/// The errno whose strerror() text ends `message`, else EINVAL. Pure.
int NftErrorCode(const std::string& message);

}  // namespace mtulab

#endif  // MTULAB_SYS_NFTABLES_H_
