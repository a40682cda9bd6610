#ifndef MTULAB_LINKS_IPSEC_H_
#define MTULAB_LINKS_IPSEC_H_

// <ipsec>: ESP tunnel-mode states and policies installed through XFRM netlink (libnl-xfrm)
// in the two nodes' namespaces. They live in those namespaces and go with them.

#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/sp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// The key bytes of one <ipsec>, shared by both ends: parsed from the XML's hex or generated
/// per run (libsodium randombytes). Never printed; zeroed on destruction.
struct IpsecKeys {
  std::vector<uint8_t> aead, enc, auth;
  IpsecKeys() = default;
  IpsecKeys(const IpsecKeys&) = delete;
  IpsecKeys& operator=(const IpsecKeys&) = delete;
  ~IpsecKeys();
};

/// Keys for `t`'s algorithms (throws std::runtime_error if libsodium cannot start).
std::unique_ptr<IpsecKeys> MakeIpsecKeys(const Ipsec& t);

struct SaDeleter {
  void operator()(xfrmnl_sa* sa) const { xfrmnl_sa_put(sa); }
};
struct SpDeleter {
  void operator()(xfrmnl_sp* sp) const { xfrmnl_sp_put(sp); }
};
using SaPtr = std::unique_ptr<xfrmnl_sa, SaDeleter>;
using SpPtr = std::unique_ptr<xfrmnl_sp, SpDeleter>;

/// What end `end` (0 or 1) of `t` gets: the SA ends[0] -> ends[1] (SPI t.spi) and the SA back
/// (t.spi + 1), then its policies out, in (and fwd), each with a template this end <-> the
/// other. `names` gets one line per object for messages ("SA 10.0.1.1 -> 10.0.1.2 spi
/// 0x1000", "policy out"), in the same order (SAs first).
struct IpsecObjects {
  std::vector<SaPtr> sas;
  std::vector<SpPtr> sps;
  std::vector<std::string> names;
};
IpsecObjects BuildIpsecObjects(const Ipsec& t, int end, const IpsecKeys& keys);

/// Installs `objects` with XFRM_MSG_NEWSA / XFRM_MSG_NEWPOLICY in the calling thread's
/// network namespace. Throws SysError naming the object, `t` and `owner`.
void InstallIpsecObjects(const IpsecObjects& objects, const Ipsec& t, const std::string& owner);

/// For an ESP-in-UDP `t`: a UDP socket of t's family bound to encap_dport with UDP_ENCAP =
/// UDP_ENCAP_ESPINUDP, in the calling thread's namespace (the kernel hands ESP-in-UDP to
/// xfrm only through such a socket). Throws SysError.
UniqueFd OpenEspInUdpSocket(const Ipsec& t, const std::string& owner);

/// Whether this kernel can install an ESP SA (rfc4106(gcm(aes)), tunnel mode): tried once
/// per process in a scratch namespace. False sets `reason` ("kernel lacks ESP (...)").
bool KernelSupportsEsp(std::string* reason);

}  // namespace mtulab

#endif  // MTULAB_LINKS_IPSEC_H_
