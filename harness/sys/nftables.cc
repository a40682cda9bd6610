#include "harness/sys/nftables.h"

#include <nftables/libnftables.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <sstream>
#include <vector>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// libnftables initialises process-wide state (mini-gmp, xtables compat) in nft_ctx_new and
// is not documented as thread-safe; mtulab builds labs from several threads (-j N).
std::mutex& NftMutex() {
  static std::mutex mu;
  return mu;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

const char* Text(const char* buffer) { return buffer != nullptr ? buffer : ""; }

}  // namespace

std::string NftErrorMessage(const std::string& error_buffer) {
  std::string first = error_buffer.substr(0, error_buffer.find('\n'));
  if (first.rfind("Error: ", 0) == 0) first = first.substr(7);
  if (first.find_first_not_of(" \t") == std::string::npos) {
    return "nftables failed without a message";
  }
  return first;
}

int NftErrorCode(const std::string& message) {
  for (int e : {EOPNOTSUPP, ENOENT, EPROTONOSUPPORT, EAFNOSUPPORT, EPERM, EEXIST, EBUSY, ENOMEM,
                ERANGE, EINVAL}) {
    std::string text = std::strerror(e);
    if (message.size() >= text.size() &&
        message.compare(message.size() - text.size(), text.size(), text) == 0) {
      return e;
    }
  }
  return EINVAL;
}

void NftContext::Deleter::operator()(nft_ctx* ctx) const {
  std::lock_guard<std::mutex> lock(NftMutex());
  nft_ctx_free(ctx);
}

NftContext::NftContext(std::string owner) : owner_(std::move(owner)) {
  std::lock_guard<std::mutex> lock(NftMutex());
  nft_ctx* ctx = nft_ctx_new(NFT_CTX_DEFAULT);
  if (ctx == nullptr) ThrowErrno("creating an nftables context in " + owner_, ENOMEM);
  ctx_.reset(ctx);
  if (nft_ctx_buffer_output(ctx) != 0 || nft_ctx_buffer_error(ctx) != 0) {
    ThrowErrno("buffering nftables output in " + owner_, ENOMEM);
  }
}

NftContext::~NftContext() = default;
NftContext::NftContext(NftContext&&) noexcept = default;
NftContext& NftContext::operator=(NftContext&&) noexcept = default;

std::string NftContext::Run(const std::string& commands) {
  std::string message;
  {
    std::lock_guard<std::mutex> lock(NftMutex());
    if (nft_run_cmd_from_buffer(ctx_.get(), commands.c_str()) == 0) {
      return Text(nft_ctx_get_output_buffer(ctx_.get()));
    }
    message = NftErrorMessage(Text(nft_ctx_get_error_buffer(ctx_.get())));
  }
  std::string line = FailingLine(commands);
  std::string what = "applying nftables in " + owner_ + (line.empty() ? "" : ": " + line);
  throw SysError(what, NftErrorCode(message), message);
}

// libnftables 1.0.6 names no line number for buffer input and echoes the buffer's first
// line whatever failed. Dry runs (sent to the kernel, never committed) of growing prefixes
// find the first command that fails; "" when the failure needs the whole text.
std::string NftContext::FailingLine(const std::string& commands) {
  std::vector<std::string> lines = Lines(commands);
  if (lines.size() < 2) return lines.empty() ? "" : lines[0];
  std::lock_guard<std::mutex> lock(NftMutex());
  nft_ctx_set_dry_run(ctx_.get(), true);
  std::string prefix, failing;
  for (const std::string& line : lines) {
    prefix += line + "\n";
    if (nft_run_cmd_from_buffer(ctx_.get(), prefix.c_str()) != 0) {
      failing = line;
      break;
    }
  }
  nft_ctx_set_dry_run(ctx_.get(), false);
  size_t begin = failing.find_first_not_of(" \t");
  return begin == std::string::npos ? "" : failing.substr(begin);
}

}  // namespace mtulab
