// A NetlinkSender for unit tests: records a copy of every message instead of sending it, so
// what a link kind (or the Lab's build) asks of the kernel is checked without root or socket.
#ifndef MTULAB_LINKS_RECORDING_SENDER_H_
#define MTULAB_LINKS_RECORDING_SENDER_H_

#include <linux/netlink.h>
#include <netlink/msg.h>

#include <cerrno>
#include <map>
#include <string>
#include <vector>

#include "harness/sys/netlink_sender.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

class RecordingSender : public NetlinkSender {
 public:
  /// One request as it would have gone to the kernel.
  struct Sent {
    std::string what;         // the operation, as errors would name it
    std::vector<char> bytes;  // the whole netlink message (header included); empty for SetMtu
    int ifindex = 0;          // SetMtu only
    uint32_t mtu = 0;         // SetMtu only
    const nlmsghdr* header() const { return reinterpret_cast<const nlmsghdr*>(bytes.data()); }
  };

  explicit RecordingSender(std::string owner = "node 'n'") : owner_(std::move(owner)) {}

  const std::string& owner() const override { return owner_; }
  void SendAndAck(nl_msg* msg, const std::string& what) override {
    const nlmsghdr* h = nlmsg_hdr(msg);
    const char* p = reinterpret_cast<const char*>(h);
    Record(Sent{what, std::vector<char>(p, p + h->nlmsg_len), 0, 0});
  }
  void SetMtu(int ifindex, const std::string& name, uint32_t mtu) override {
    Record(Sent{"setting mtu " + std::to_string(mtu) + " on '" + name + "' in " + owner_,
                {},
                ifindex,
                mtu});
  }

  /// Makes the request whose `what` starts with `prefix` fail with `error` (an errno), as the
  /// kernel would; it is still recorded.
  void FailOn(const std::string& prefix, int error) { failures_[prefix] = error; }

  const std::vector<Sent>& sent() const { return sent_; }

 private:
  void Record(Sent s) {
    sent_.push_back(s);
    for (const auto& [prefix, error] : failures_) {
      if (s.what.rfind(prefix, 0) == 0) ThrowErrno(s.what, error);
    }
  }

  std::string owner_;
  std::vector<Sent> sent_;
  std::map<std::string, int> failures_;
};

}  // namespace mtulab

#endif  // MTULAB_LINKS_RECORDING_SENDER_H_
