// The xfrm objects of one <ipsec> end (harness/links/ipsec.h), built with libnl-xfrm without
// touching the kernel: what `ip xfrm state add ... mode tunnel` and `ip xfrm policy add dir
// out|in|fwd mark M tmpl src S dst D proto esp mode tunnel` would send.
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <netlink/addr.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/template.h>
#include <sodium.h>
#include <sys/socket.h>

#include <cstdio>
#include <stdexcept>

#include "harness/links/ipsec.h"

namespace mtulab {
namespace {

struct AddrDeleter {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using AddrPtr = std::unique_ptr<nl_addr, AddrDeleter>;
struct SelDeleter {
  void operator()(xfrmnl_sel* s) const { xfrmnl_sel_put(s); }
};
struct LftDeleter {
  void operator()(xfrmnl_ltime_cfg* l) const { xfrmnl_ltime_cfg_put(l); }
};

int AfOf(Family f) { return f == Family::kIpv6 ? AF_INET6 : AF_INET; }
int LenOf(Family f) { return f == Family::kIpv6 ? 16 : 4; }

AddrPtr Addr(const IpAddr& ip) {
  AddrPtr a(nl_addr_build(AfOf(ip.family), ip.bytes.data(), LenOf(ip.family)));
  if (!a) throw std::bad_alloc();
  return a;
}

AddrPtr AnyAddr(Family f) {
  IpAddr any;
  any.family = f;
  AddrPtr a = Addr(any);
  nl_addr_set_prefixlen(a.get(), 0);
  return a;
}

// No byte, packet or time limit (XFRM_INF): the kernel expires an SA at its limits, and 0
// would be "now".
std::unique_ptr<xfrmnl_ltime_cfg, LftDeleter> Forever() {
  std::unique_ptr<xfrmnl_ltime_cfg, LftDeleter> l(xfrmnl_ltime_cfg_alloc());
  if (!l) throw std::bad_alloc();
  xfrmnl_ltime_cfg_set_soft_bytelimit(l.get(), XFRM_INF);
  xfrmnl_ltime_cfg_set_hard_bytelimit(l.get(), XFRM_INF);
  xfrmnl_ltime_cfg_set_soft_packetlimit(l.get(), XFRM_INF);
  xfrmnl_ltime_cfg_set_hard_packetlimit(l.get(), XFRM_INF);
  return l;
}

const char* Text(const std::vector<uint8_t>& key) {
  return reinterpret_cast<const char*>(key.data());
}

void SetAlgorithms(xfrmnl_sa* sa, const Ipsec& t, const IpsecKeys& keys) {
  if (t.aead) {
    xfrmnl_sa_set_aead_params(sa, t.aead->name.c_str(), t.aead->key_bits, t.aead->icv_bits,
                              Text(keys.aead));
    return;
  }
  xfrmnl_sa_set_crypto_params(sa, t.enc->name.c_str(), t.enc->key_bits, Text(keys.enc));
  xfrmnl_sa_set_auth_params(sa, t.auth->name.c_str(), t.auth->key_bits, t.auth->icv_bits,
                            Text(keys.auth));
}

SaPtr BuildSa(const Ipsec& t, const IpsecEnd& src, const IpsecEnd& dst, uint32_t spi,
              const IpsecKeys& keys) {
  SaPtr sa(xfrmnl_sa_alloc());
  if (!sa) throw std::bad_alloc();
  xfrmnl_sa_set_family(sa.get(), AfOf(t.family()));
  xfrmnl_sa_set_daddr(sa.get(), Addr(dst.addr).get());
  xfrmnl_sa_set_saddr(sa.get(), Addr(src.addr).get());
  xfrmnl_sa_set_spi(sa.get(), spi);
  xfrmnl_sa_set_proto(sa.get(), IPPROTO_ESP);
  xfrmnl_sa_set_mode(sa.get(), XFRM_MODE_TUNNEL);
  xfrmnl_sa_set_reqid(sa.get(), t.reqid);
  xfrmnl_sa_set_lifetime_cfg(sa.get(), Forever().get());
  SetAlgorithms(sa.get(), t, keys);
  if (t.encap_udp) {
    xfrmnl_sa_set_encap_tmpl(sa.get(), UDP_ENCAP_ESPINUDP, t.encap_sport, t.encap_dport,
                             AnyAddr(t.family()).get());
  }
  return sa;
}

SpPtr BuildSp(const Ipsec& t, int dir, const IpsecEnd& src, const IpsecEnd& dst) {
  SpPtr sp(xfrmnl_sp_alloc());
  if (!sp) throw std::bad_alloc();
  std::unique_ptr<xfrmnl_sel, SelDeleter> sel(xfrmnl_sel_alloc());
  if (!sel) throw std::bad_alloc();
  xfrmnl_sel_set_family(sel.get(), AfOf(t.family()));
  xfrmnl_sel_set_daddr(sel.get(), AnyAddr(t.family()).get());
  xfrmnl_sel_set_saddr(sel.get(), AnyAddr(t.family()).get());
  xfrmnl_sel_set_prefixlen_d(sel.get(), 0);
  xfrmnl_sel_set_prefixlen_s(sel.get(), 0);
  xfrmnl_sp_set_sel(sp.get(), sel.get());
  xfrmnl_sp_set_dir(sp.get(), dir);
  xfrmnl_sp_set_action(sp.get(), XFRM_POLICY_ALLOW);
  xfrmnl_sp_set_lifetime_cfg(sp.get(), Forever().get());
  if (t.mark) xfrmnl_sp_set_mark(sp.get(), *t.mark, 0xffffffffu);
  xfrmnl_user_tmpl* tmpl = xfrmnl_user_tmpl_alloc();
  if (tmpl == nullptr) throw std::bad_alloc();
  xfrmnl_user_tmpl_set_family(tmpl, AfOf(t.family()));
  xfrmnl_user_tmpl_set_daddr(tmpl, Addr(dst.addr).get());
  xfrmnl_user_tmpl_set_saddr(tmpl, Addr(src.addr).get());
  xfrmnl_user_tmpl_set_proto(tmpl, IPPROTO_ESP);
  xfrmnl_user_tmpl_set_mode(tmpl, XFRM_MODE_TUNNEL);
  xfrmnl_user_tmpl_set_reqid(tmpl, t.reqid);
  // Any algorithm (ip(8)'s default): the kernel matches SAs against these masks.
  xfrmnl_user_tmpl_set_aalgos(tmpl, ~0u);
  xfrmnl_user_tmpl_set_ealgos(tmpl, ~0u);
  xfrmnl_user_tmpl_set_calgos(tmpl, ~0u);
  xfrmnl_sp_add_usertemplate(sp.get(), tmpl);  // the policy owns it now
  return sp;
}

std::string SpiText(uint32_t spi) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "0x%x", spi);
  return buf;
}

std::vector<uint8_t> KeyBytes(const IpsecAlgo& algo) {
  std::vector<uint8_t> key(algo.key_bits / 8);
  if (algo.key_hex.empty()) {
    randombytes_buf(key.data(), key.size());
    return key;
  }
  for (size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<uint8_t>(std::stoul(algo.key_hex.substr(2 + 2 * i, 2), nullptr, 16));
  }
  return key;
}

}  // namespace

IpsecKeys::~IpsecKeys() {
  for (std::vector<uint8_t>* k : {&aead, &enc, &auth}) sodium_memzero(k->data(), k->size());
}

std::unique_ptr<IpsecKeys> MakeIpsecKeys(const Ipsec& t) {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("initialising libsodium (sodium_init) failed");
  auto keys = std::make_unique<IpsecKeys>();
  if (t.aead) keys->aead = KeyBytes(*t.aead);
  if (t.enc) keys->enc = KeyBytes(*t.enc);
  if (t.auth) keys->auth = KeyBytes(*t.auth);
  return keys;
}

IpsecObjects BuildIpsecObjects(const Ipsec& t, int end, const IpsecKeys& keys) {
  const IpsecEnd& self = t.ends[end];
  const IpsecEnd& peer = t.ends[1 - end];
  IpsecObjects out;
  out.sas.push_back(BuildSa(t, t.ends[0], t.ends[1], t.spi, keys));
  out.names.push_back("SA " + t.ends[0].text + " -> " + t.ends[1].text + " spi " + SpiText(t.spi));
  out.sas.push_back(BuildSa(t, t.ends[1], t.ends[0], t.spi + 1, keys));
  out.names.push_back("SA " + t.ends[1].text + " -> " + t.ends[0].text + " spi " +
                      SpiText(t.spi + 1));
  out.sps.push_back(BuildSp(t, XFRM_POLICY_OUT, self, peer));
  out.names.push_back("policy out");
  out.sps.push_back(BuildSp(t, XFRM_POLICY_IN, peer, self));
  out.names.push_back("policy in");
  if (t.fwd) {
    out.sps.push_back(BuildSp(t, XFRM_POLICY_FWD, peer, self));
    out.names.push_back("policy fwd");
  }
  return out;
}

}  // namespace mtulab
