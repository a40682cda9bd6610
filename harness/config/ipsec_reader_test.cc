// <ipsec> in a topology: what the loader reads, and its errors at file:line:col.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

constexpr char kKey160[] = "0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";

class IpsecReaderTest : public TempDirTest {
 protected:
  // A topology whose <ipsec> opens on line 7 with `attrs`, its ends on lines 8 and 9.
  std::string Write(const std::string& attrs, const std::string& a = "10.0.1.1",
                    const std::string& b = "10.0.1.2") {
    return TempDirTest::Write(
        "t.xml",
        "<topology name=\"t\">\n  <node name=\"A\"/>\n  <node name=\"B\"/>\n  <link>\n"
        "    <end node=\"A\" name=\"a\" ipv4=\"10.0.1.1/24\" ipv6=\"fd00::a/64\"/>\n"
        "    <end node=\"B\" name=\"b\" ipv4=\"10.0.1.2/24\" ipv6=\"fd00::b/64\"/></link>\n"
        "  <ipsec " +
            attrs + ">\n    <end node=\"A\" addr=\"" + a + "\"/>\n" +
            "    <end node=\"B\" addr=\"" + b + "\"/>\n  </ipsec>\n</topology>\n");
  }
  std::vector<std::string> ErrorsOf(const std::string& attrs, const std::string& a = "10.0.1.1",
                                    const std::string& b = "10.0.1.2") {
    std::string path = Write(attrs, a, b);
    return Errors([&] { LoadTopology(path); });
  }
  std::string At(int line, int col, const std::string& message) {
    return dir_ + "/t.xml:" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
};

TEST_F(IpsecReaderTest, ReadsPmtuShTunnel) {
  Topology t =
      LoadTopology(Write("spi=\"0x1000\" mark=\"10\" aead=\"rfc4106(gcm(aes))\" aead_key=\"" +
                         std::string(kKey160) + "\" icv=\"128\" encap=\"espinudp\""));
  ASSERT_EQ(t.ipsecs.size(), 1u);
  const Ipsec& s = t.ipsecs[0];
  EXPECT_EQ(s.ends[0].node, "A");
  EXPECT_EQ(IpToString(s.ends[1].addr), "10.0.1.2");
  EXPECT_EQ(s.spi, 0x1000u);
  EXPECT_EQ(s.mark, 10u);
  ASSERT_TRUE(s.aead.has_value());
  EXPECT_EQ(s.aead->key_bits, 160u);
  EXPECT_EQ(s.aead->icv_bits, 128u);
  EXPECT_EQ(s.aead->key_hex, kKey160);
  EXPECT_TRUE(s.encap_udp);
  EXPECT_EQ(s.encap_sport, 4500);
  EXPECT_EQ(s.encap_dport, 4500);
  EXPECT_FALSE(s.fwd);
  EXPECT_EQ(s.loc.ToString(), dir_ + "/t.xml:7:3");
}

TEST_F(IpsecReaderTest, DefaultsAndGeneratedKeys) {
  Topology t =
      LoadTopology(Write("enc=\"cbc(aes)\" enc_key_bits=\"256\" auth=\"hmac(sha1)\" fwd=\"true\"",
                         "fd00::a", "fd00::b"));
  const Ipsec& s = t.ipsecs.at(0);
  EXPECT_EQ(s.family(), Family::kIpv6);
  EXPECT_EQ(s.spi, 0x1000u);
  EXPECT_FALSE(s.mark.has_value());
  EXPECT_EQ(s.enc->key_bits, 256u);
  EXPECT_TRUE(s.enc->key_hex.empty());
  EXPECT_EQ(s.auth->key_bits, 160u);
  EXPECT_EQ(s.auth->icv_bits, 96u);  // HMAC-SHA1-96
  EXPECT_FALSE(s.encap_udp);
  EXPECT_TRUE(s.fwd);
}

TEST_F(IpsecReaderTest, KeyErrorsNeverShowTheKey) {
  EXPECT_EQ(
      ErrorsOf("aead=\"rfc4106(gcm(aes))\" aead_key=\"0x00112233445566778899aabbccddeeff\""),
      Lines(At(7, 35, "aead_key has 128 bits; rfc4106(gcm(aes)) takes 160, 224 or 288 bits")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" aead_key=\"secretkey\""),
            Lines(At(7, 35,
                     "aead_key is not 0x followed by an even number of hex digits (the "
                     "key is not shown)")));
}

TEST_F(IpsecReaderTest, AlgorithmErrors) {
  EXPECT_EQ(ErrorsOf("aead=\"gcm(aes)\""),
            Lines(At(7, 10, "aead=\"gcm(aes)\" is not one of rfc4106(gcm(aes))")));
  EXPECT_EQ(ErrorsOf("enc=\"cbc(aes)\""),
            Lines(At(7, 3, "<ipsec> needs aead=\"rfc4106(gcm(aes))\" or both enc and auth")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" auth=\"hmac(sha1)\""),
            Lines(At(7, 3, "<ipsec> takes either aead or enc + auth, not both")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" icv=\"100\""),
            Lines(At(7, 35, "icv 100: rfc4106(gcm(aes)) takes 64, 96 or 128")));
  EXPECT_EQ(ErrorsOf("enc=\"cbc(aes)\" enc_key_bits=\"160\" auth=\"hmac(sha256)\""),
            Lines(At(7, 25, "enc_key_bits 160: cbc(aes) takes 128, 192 or 256 bits")));
}

TEST_F(IpsecReaderTest, EndAndAttributeErrors) {
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" spi=\"12\""),
            Lines(At(7, 35, "spi 12 is out of range 256..0xfffffffe (b->a uses spi + 1)")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" encap_dport=\"4500\""),
            Lines(At(7, 35, "encap_dport needs encap=\"espinudp\"")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\"", "10.0.1.1", "fd00::b"),
            Lines(At(7, 3, "<ipsec> ends must be of one family: 10.0.1.1 and fd00::b")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\"", "10.0.1.9"),
            Lines(At(8, 5, "<ipsec> end address 10.0.1.9 is not an address of node 'A'")));
  EXPECT_EQ(ErrorsOf("aead=\"rfc4106(gcm(aes))\" mode=\"transport\""),
            Lines(At(7, 35,
                     "unknown attribute 'mode' on <ipsec> (allowed: spi, mark, reqid, "
                     "aead, aead_key, aead_key_bits, icv, enc, enc_key, enc_key_bits, "
                     "auth, auth_key, auth_key_bits, auth_trunc, encap, encap_sport, "
                     "encap_dport, fwd)")));
}

}  // namespace
}  // namespace mtulab
