// The xfrm objects of an <ipsec> end, as the XFRM netlink messages libnl-xfrm builds from
// them (no kernel, no root).
#include <gtest/gtest.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstring>

#include "harness/links/ipsec.h"

namespace mtulab {
namespace {

Ipsec PmtuShTunnel(bool udp) {
  Ipsec t;
  t.ends[0] = IpsecEnd{"A", *ParseIp("10.0.1.1"), "10.0.1.1", {}};
  t.ends[1] = IpsecEnd{"B", *ParseIp("10.0.1.2"), "10.0.1.2", {}};
  t.mark = 10;
  t.aead = IpsecAlgo{"rfc4106(gcm(aes))", "0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", 160, 128};
  t.encap_udp = udp;
  return t;
}

struct Msg {
  nl_msg* msg = nullptr;
  ~Msg() { nlmsg_free(msg); }
  nlmsghdr* hdr() const { return nlmsg_hdr(msg); }
};

template <typename Header>
std::vector<nlattr*> Attrs(const Msg& m, const Header** header) {
  *header = static_cast<const Header*>(nlmsg_data(m.hdr()));
  std::vector<nlattr*> tb(XFRMA_MAX + 1);
  EXPECT_EQ(nlmsg_parse(m.hdr(), sizeof(Header), tb.data(), XFRMA_MAX, nullptr), 0);
  return tb;
}

TEST(IpsecObjectsTest, StatesBothWaysWithTheAeadKeyAndNoLimits) {
  Ipsec t = PmtuShTunnel(false);
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  IpsecObjects o = BuildIpsecObjects(t, 1, *keys);
  ASSERT_EQ(o.sas.size(), 2u);
  ASSERT_EQ(o.sps.size(), 2u);
  EXPECT_EQ(o.names[0], "SA 10.0.1.1 -> 10.0.1.2 spi 0x1000");
  EXPECT_EQ(o.names[1], "SA 10.0.1.2 -> 10.0.1.1 spi 0x1001");
  for (int i = 0; i < 2; ++i) {
    Msg m;
    ASSERT_EQ(xfrmnl_sa_build_add_request(o.sas[i].get(), 0, &m.msg), 0);
    EXPECT_EQ(m.hdr()->nlmsg_type, XFRM_MSG_NEWSA);
    const xfrm_usersa_info* info;
    std::vector<nlattr*> tb = Attrs(m, &info);
    EXPECT_EQ(ntohl(info->id.spi), 0x1000u + i);
    EXPECT_EQ(info->id.proto, IPPROTO_ESP);
    EXPECT_EQ(info->mode, XFRM_MODE_TUNNEL);
    EXPECT_EQ(info->family, AF_INET);
    EXPECT_EQ(std::memcmp(&info->id.daddr, t.ends[1 - i].addr.bytes.data(), 4), 0);
    EXPECT_EQ(std::memcmp(&info->saddr, t.ends[i].addr.bytes.data(), 4), 0);
    EXPECT_EQ(info->lft.hard_byte_limit, XFRM_INF);
    EXPECT_EQ(info->lft.hard_packet_limit, XFRM_INF);
    ASSERT_NE(tb[XFRMA_ALG_AEAD], nullptr);
    const auto* aead = static_cast<const xfrm_algo_aead*>(nla_data(tb[XFRMA_ALG_AEAD]));
    EXPECT_STREQ(aead->alg_name, "rfc4106(gcm(aes))");
    EXPECT_EQ(aead->alg_key_len, 160u);
    EXPECT_EQ(aead->alg_icv_len, 128u);
    for (int b = 0; b < 20; ++b) EXPECT_EQ(static_cast<uint8_t>(aead->alg_key[b]), 0x0f);
    EXPECT_EQ(tb[XFRMA_ENCAP], nullptr);
    EXPECT_EQ(tb[XFRMA_ALG_CRYPT], nullptr);
  }
}

TEST(IpsecObjectsTest, PoliciesOutAndInCarryTheMarkAndATemplate) {
  Ipsec t = PmtuShTunnel(false);
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  IpsecObjects o = BuildIpsecObjects(t, 0, *keys);
  const uint8_t dirs[] = {XFRM_POLICY_OUT, XFRM_POLICY_IN};
  for (int i = 0; i < 2; ++i) {
    Msg m;
    ASSERT_EQ(xfrmnl_sp_build_add_request(o.sps[i].get(), 0, &m.msg), 0);
    const xfrm_userpolicy_info* info;
    std::vector<nlattr*> tb = Attrs(m, &info);
    EXPECT_EQ(info->dir, dirs[i]);
    EXPECT_EQ(info->action, XFRM_POLICY_ALLOW);
    EXPECT_EQ(info->sel.family, AF_INET);
    EXPECT_EQ(info->sel.prefixlen_d, 0);
    EXPECT_EQ(info->lft.hard_byte_limit, XFRM_INF);
    ASSERT_NE(tb[XFRMA_MARK], nullptr);
    const auto* mark = static_cast<const xfrm_mark*>(nla_data(tb[XFRMA_MARK]));
    EXPECT_EQ(mark->v, 10u);
    EXPECT_EQ(mark->m, 0xffffffffu);
    ASSERT_NE(tb[XFRMA_TMPL], nullptr);
    ASSERT_EQ(nla_len(tb[XFRMA_TMPL]), static_cast<int>(sizeof(xfrm_user_tmpl)));
    const auto* tmpl = static_cast<const xfrm_user_tmpl*>(nla_data(tb[XFRMA_TMPL]));
    // out: this end (A) -> B; in: B -> A.
    const IpsecEnd& src = t.ends[i == 0 ? 0 : 1];
    const IpsecEnd& dst = t.ends[i == 0 ? 1 : 0];
    EXPECT_EQ(std::memcmp(&tmpl->saddr, src.addr.bytes.data(), 4), 0);
    EXPECT_EQ(std::memcmp(&tmpl->id.daddr, dst.addr.bytes.data(), 4), 0);
    EXPECT_EQ(tmpl->id.proto, IPPROTO_ESP);
    EXPECT_EQ(tmpl->mode, XFRM_MODE_TUNNEL);
    EXPECT_EQ(tmpl->family, AF_INET);
    EXPECT_EQ(tmpl->aalgos, ~0u);
    EXPECT_EQ(tmpl->ealgos, ~0u);
  }
}

TEST(IpsecObjectsTest, EspInUdpAndFwd) {
  Ipsec t = PmtuShTunnel(true);
  t.fwd = true;
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  IpsecObjects o = BuildIpsecObjects(t, 0, *keys);
  ASSERT_EQ(o.sps.size(), 3u);
  EXPECT_EQ(o.names.back(), "policy fwd");
  Msg m;
  ASSERT_EQ(xfrmnl_sa_build_add_request(o.sas[0].get(), 0, &m.msg), 0);
  const xfrm_usersa_info* info;
  std::vector<nlattr*> tb = Attrs(m, &info);
  ASSERT_NE(tb[XFRMA_ENCAP], nullptr);
  const auto* encap = static_cast<const xfrm_encap_tmpl*>(nla_data(tb[XFRMA_ENCAP]));
  EXPECT_EQ(encap->encap_type, UDP_ENCAP_ESPINUDP);
  EXPECT_EQ(ntohs(encap->encap_sport), 4500);
  EXPECT_EQ(ntohs(encap->encap_dport), 4500);
}

TEST(IpsecObjectsTest, CbcHmacKeysAreGeneratedOncePerTunnel) {
  Ipsec t = PmtuShTunnel(false);
  t.aead.reset();
  t.enc = IpsecAlgo{"cbc(aes)", "", 256, 0};
  t.auth = IpsecAlgo{"hmac(sha256)", "", 256, 128};
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  ASSERT_EQ(keys->enc.size(), 32u);
  ASSERT_EQ(keys->auth.size(), 32u);
  EXPECT_NE(keys->enc, MakeIpsecKeys(t)->enc);  // per run, not a constant
  std::vector<uint8_t> keys_seen[2];
  for (int end = 0; end < 2; ++end) {
    IpsecObjects o = BuildIpsecObjects(t, end, *keys);
    Msg m;
    ASSERT_EQ(xfrmnl_sa_build_add_request(o.sas[0].get(), 0, &m.msg), 0);
    const xfrm_usersa_info* info;
    std::vector<nlattr*> tb = Attrs(m, &info);
    ASSERT_NE(tb[XFRMA_ALG_CRYPT], nullptr);
    ASSERT_NE(tb[XFRMA_ALG_AUTH_TRUNC], nullptr);
    const auto* auth = static_cast<const xfrm_algo_auth*>(nla_data(tb[XFRMA_ALG_AUTH_TRUNC]));
    EXPECT_STREQ(auth->alg_name, "hmac(sha256)");
    EXPECT_EQ(auth->alg_trunc_len, 128u);
    const auto* enc = static_cast<const xfrm_algo*>(nla_data(tb[XFRMA_ALG_CRYPT]));
    EXPECT_EQ(enc->alg_key_len, 256u);
    keys_seen[end].assign(enc->alg_key, enc->alg_key + 32);
  }
  EXPECT_EQ(keys_seen[0], keys_seen[1]);  // both ends share the key
  EXPECT_EQ(keys_seen[0], keys->enc);
}

}  // namespace
}  // namespace mtulab
