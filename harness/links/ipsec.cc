// Installing an <ipsec> end (harness/links/ipsec.h): XFRM netlink through libnl-xfrm, the
// ESP-in-UDP socket, and the once-per-process probe of whether the kernel has ESP.
#include "harness/links/ipsec.h"

#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <netlink/errno.h>
#include <netlink/handlers.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cstring>
#include <mutex>

#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct SockDeleter {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
using SockPtr = std::unique_ptr<nl_sock, SockDeleter>;

// The kernel's errno from an NLMSG_ERROR: libnl maps it to its own codes and loses some
// ("Unspecific failure" for EPROTONOSUPPORT), so the error callback keeps it.
int KeepErrno(sockaddr_nl* /*from*/, nlmsgerr* err, void* arg) {
  *static_cast<int*>(arg) = -err->error;
  return NL_STOP;
}

SockPtr ConnectXfrm(const std::string& what, int* kernel_errno) {
  SockPtr sock(nl_socket_alloc());
  if (!sock) ThrowErrno(what + ": allocating a netlink socket", ENOMEM);
  if (int err = nl_connect(sock.get(), NETLINK_XFRM); err < 0) {
    ThrowNl(what + ": connecting to XFRM netlink", err);
  }
  nl_socket_modify_err_cb(sock.get(), NL_CB_CUSTOM, KeepErrno, kernel_errno);
  return sock;
}

[[noreturn]] void ThrowAdd(const std::string& what, int nl_error, int kernel_errno) {
  if (kernel_errno > 0) ThrowErrno(what, kernel_errno);
  ThrowNl(what, nl_error);
}

}  // namespace

void InstallIpsecObjects(const IpsecObjects& objects, const Ipsec& t, const std::string& owner) {
  const std::string where = " of " + t.Describe() + " in " + owner;
  int kernel_errno = 0;
  SockPtr sock = ConnectXfrm("installing " + t.Describe() + " in " + owner, &kernel_errno);
  size_t i = 0;
  for (const SaPtr& sa : objects.sas) {
    if (int err = xfrmnl_sa_add(sock.get(), sa.get(), NLM_F_CREATE | NLM_F_EXCL); err < 0) {
      ThrowAdd("adding xfrm " + objects.names[i] + where, err, kernel_errno);
    }
    ++i;
  }
  for (const SpPtr& sp : objects.sps) {
    if (int err = xfrmnl_sp_add(sock.get(), sp.get(), NLM_F_CREATE | NLM_F_EXCL); err < 0) {
      ThrowAdd("adding xfrm " + objects.names[i] + where, err, kernel_errno);
    }
    ++i;
  }
}

UniqueFd OpenEspInUdpSocket(const Ipsec& t, const std::string& owner) {
  const bool v6 = t.family() == Family::kIpv6;
  const std::string what = "opening the ESP-in-UDP socket (port " + std::to_string(t.encap_dport) +
                           ") of " + t.Describe() + " in " + owner;
  UniqueFd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) ThrowErrno(what);
  sockaddr_storage ss{};
  socklen_t len;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(t.encap_dport);
    len = sizeof(*a);
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(t.encap_dport);
    len = sizeof(*a);
  }
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) ThrowErrno(what + ": bind");
  int type = UDP_ENCAP_ESPINUDP;
  if (::setsockopt(fd.get(), IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) != 0) {
    ThrowErrno(what + ": setsockopt UDP_ENCAP");
  }
  return fd;
}

bool KernelSupportsEsp(std::string* reason) {
  static std::once_flag once;
  static bool yes = false;
  static std::string why;
  std::call_once(once, [] {
    Ipsec probe;
    probe.ends[0] = IpsecEnd{"probe", *ParseIp("192.0.2.1"), "192.0.2.1", {}};
    probe.ends[1] = IpsecEnd{"probe", *ParseIp("192.0.2.2"), "192.0.2.2", {}};
    probe.aead = IpsecAlgo{"rfc4106(gcm(aes))", "", 160, 128};
    try {
      Netns scratch = Netns::Create();
      ScopedNetnsEnter enter(scratch);
      std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(probe);
      IpsecObjects objects = BuildIpsecObjects(probe, 0, *keys);
      objects.sps.clear();  // the SA is what needs esp4 and the cipher
      InstallIpsecObjects(objects, probe, "the scratch namespace probing ESP");
      yes = true;
    } catch (const SysError& e) {
      int code = e.error_code();
      why = "kernel lacks ESP (an rfc4106(gcm(aes)) tunnel-mode SA was refused: " +
            std::string(code < 0 ? nl_geterror(-code) : std::strerror(code)) + ")";
    }
  });
  if (!yes && reason != nullptr) *reason = why;
  return yes;
}

}  // namespace mtulab
