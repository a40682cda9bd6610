// <ipsec>: an ESP tunnel between two nodes (README "XML reference", "IPsec").
#include "harness/config/ipsec_reader.h"

#include <cctype>

#include "harness/config/loader_internal.h"
#include "harness/model/ipsec_algos.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

std::string JoinBits(const std::vector<uint32_t>& bits) {
  std::string out;
  for (size_t i = 0; i < bits.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == bits.size() ? " or " : ", ") + std::to_string(bits[i]);
  }
  return out;
}

bool Contains(const std::vector<uint32_t>& v, uint32_t x) {
  for (uint32_t y : v) {
    if (x == y) return true;
  }
  return false;
}

// "0x" and an even number of hex digits; the key's length in bits, or 0 (never quoting it).
uint32_t HexKeyBits(const std::string& text) {
  if (text.size() < 4 || text.size() % 2 != 0 || text.compare(0, 2, "0x") != 0) return 0;
  for (size_t i = 2; i < text.size(); ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return 0;
  }
  return static_cast<uint32_t>((text.size() - 2) * 4);
}

// The algorithm named by attribute `role_attr` (aead, enc, auth) with its key and ICV.
std::optional<IpsecAlgo> ReadAlgo(Element& e, IpsecAlgoRole role, const std::string& role_attr,
                                  const char* icv_attr) {
  std::optional<std::string> name = e.Get(role_attr.c_str());
  if (!name) return std::nullopt;
  const IpsecAlgoSpec* spec = FindIpsecAlgo(role, *name);
  if (spec == nullptr) {
    std::vector<std::string> known;
    for (const IpsecAlgoSpec* a : IpsecAlgos(role)) known.push_back(a->name);
    e.AttrError(role_attr.c_str(),
                role_attr + "=\"" + *name + "\" is not one of " + JoinNames(known));
    return std::nullopt;
  }
  IpsecAlgo algo{*name, "", spec->default_key_bits, spec->default_icv_bits};
  const std::string key_attr = role_attr + "_key", bits_attr = role_attr + "_key_bits";
  if (e.Has(key_attr.c_str()) && e.Has(bits_attr.c_str())) {
    e.AttrError(bits_attr.c_str(), bits_attr + " and " + key_attr + " exclude each other");
  }
  std::string takes = *name + " takes " + JoinBits(spec->key_bits) + " bits";
  if (std::optional<std::string> key = e.Get(key_attr.c_str())) {
    uint32_t bits = HexKeyBits(*key);
    if (bits == 0) {
      e.AttrError(key_attr.c_str(), key_attr +
                                        " is not 0x followed by an even number of hex "
                                        "digits (the key is not shown)");
      return std::nullopt;
    }
    if (!Contains(spec->key_bits, bits)) {
      e.AttrError(key_attr.c_str(), key_attr + " has " + std::to_string(bits) + " bits; " + takes);
      return std::nullopt;
    }
    algo.key_hex = *key;
    algo.key_bits = bits;
  } else if (std::optional<uint32_t> bits = e.Uint(bits_attr.c_str(), 1, 4096)) {
    if (!Contains(spec->key_bits, *bits)) {
      e.AttrError(bits_attr.c_str(), bits_attr + " " + std::to_string(*bits) + ": " + takes);
      return std::nullopt;
    }
    algo.key_bits = *bits;
  }
  if (icv_attr == nullptr) return algo;
  if (std::optional<uint32_t> icv = e.Uint(icv_attr, 1, 4096)) {
    if (!Contains(spec->icv_bits, *icv)) {
      e.AttrError(icv_attr, std::string(icv_attr) + " " + std::to_string(*icv) + ": " + *name +
                                " takes " + JoinBits(spec->icv_bits));
      return std::nullopt;
    }
    algo.icv_bits = *icv;
  }
  return algo;
}

// spi: decimal or 0x-hex, 256..0xfffffffe (1..255 are reserved; b->a uses spi + 1).
std::optional<uint32_t> ReadSpi(Element& e) {
  std::optional<std::string> text = e.Get("spi");
  if (!text) return 0x1000;
  bool hex = text->size() > 2 && text->compare(0, 2, "0x") == 0;
  std::string digits = hex ? text->substr(2) : *text;
  const char* allowed = hex ? "0123456789abcdefABCDEF" : "0123456789";
  if (digits.empty() || digits.size() > (hex ? 8u : 10u) ||
      digits.find_first_not_of(allowed) != std::string::npos) {
    e.AttrError("spi", "spi=\"" + *text + "\" is not a decimal or 0x-hex unsigned integer");
    return std::nullopt;
  }
  uint64_t v = std::stoull(digits, nullptr, hex ? 16 : 10);
  if (v < 256 || v > 0xfffffffeULL) {
    e.AttrError("spi", "spi " + *text + " is out of range 256..0xfffffffe (b->a uses spi + 1)");
    return std::nullopt;
  }
  return static_cast<uint32_t>(v);
}

bool ReadAlgorithms(Element& e, Ipsec& out) {
  out.aead = ReadAlgo(e, IpsecAlgoRole::kAead, "aead", "icv");
  out.enc = ReadAlgo(e, IpsecAlgoRole::kEnc, "enc", nullptr);
  out.auth = ReadAlgo(e, IpsecAlgoRole::kAuth, "auth", "auth_trunc");
  bool aead = e.Has("aead"), enc = e.Has("enc"), auth = e.Has("auth");
  if (aead && (enc || auth)) {
    e.Error("<ipsec> takes either aead or enc + auth, not both");
    return false;
  }
  if (!aead && !(enc && auth)) {
    e.Error("<ipsec> needs aead=\"rfc4106(gcm(aes))\" or both enc and auth");
    return false;
  }
  for (const char* a : {"aead_key", "aead_key_bits", "icv"}) {
    if (!aead && e.Has(a)) e.AttrError(a, std::string(a) + " needs aead");
  }
  return aead ? out.aead.has_value() : out.enc.has_value() && out.auth.has_value();
}

std::optional<IpsecEnd> ReadIpsecEnd(Element& end) {
  IpsecEnd out{end.Required("node"), {}, end.Required("addr"), end.loc()};
  if (!end.Has("addr")) return std::nullopt;
  std::optional<IpAddr> ip = ParseIp(out.text);
  if (!ip) {
    end.AttrError("addr", "addr=\"" + out.text + "\" is not an IPv4 or IPv6 address");
    return std::nullopt;
  }
  out.addr = *ip;
  return out;
}

}  // namespace

const std::vector<std::string>& IpsecAttributes() {
  static const std::vector<std::string> kAttrs = {
      "spi",           "mark",       "reqid",   "aead",         "aead_key",    "aead_key_bits",
      "icv",           "enc",        "enc_key", "enc_key_bits", "auth",        "auth_key",
      "auth_key_bits", "auth_trunc", "encap",   "encap_sport",  "encap_dport", "fwd"};
  return kAttrs;
}

void ReadIpsec(Element& e, Topology& topology) {
  Ipsec out;
  out.loc = e.loc();
  std::vector<pugi::xml_node> ends = e.Children({"end"});
  bool ok = ends.size() == 2;
  if (!ok) e.Error("<ipsec> needs exactly 2 <end> elements, found " + std::to_string(ends.size()));
  for (size_t i = 0; i < ends.size() && i < 2; ++i) {
    Element end = e.Child(ends[i], {"node", "addr"});
    end.Children({});  // no children, no text
    std::optional<IpsecEnd> read = ReadIpsecEnd(end);
    if (read) out.ends[i] = *read;
    ok = ok && read.has_value();
  }
  if (ok && out.ends[0].addr.family != out.ends[1].addr.family) {
    e.Error("<ipsec> ends must be of one family: " + out.ends[0].text + " and " + out.ends[1].text);
    ok = false;
  }
  std::optional<uint32_t> spi = ReadSpi(e);
  if (spi) out.spi = *spi;
  out.mark = e.Uint("mark", 0, 0xffffffffu);
  out.reqid = e.Uint("reqid", 0, 0xffffffffu).value_or(0);
  ok = ReadAlgorithms(e, out) && ok && spi.has_value();
  if (std::optional<size_t> encap = e.Choice("encap", {"espinudp"})) out.encap_udp = true;
  for (const char* a : {"encap_sport", "encap_dport"}) {
    if (e.Has(a) && !e.Has("encap")) e.AttrError(a, std::string(a) + " needs encap=\"espinudp\"");
  }
  out.encap_sport = static_cast<uint16_t>(e.Uint("encap_sport", 1, 65535).value_or(4500));
  out.encap_dport = static_cast<uint16_t>(e.Uint("encap_dport", 1, 65535).value_or(4500));
  out.fwd = e.Bool("fwd").value_or(false);
  if (ok) topology.ipsecs.push_back(std::move(out));
}

void ValidateIpsec(const Topology& topology, const TopologyIndex& index, Diagnostics& diags) {
  for (const Ipsec& t : topology.ipsecs) {
    if (t.ends[0].node == t.ends[1].node) {
      diags.Add(t.loc, "<ipsec> ends are both on node '" + t.ends[0].node + "'");
    }
    for (const IpsecEnd& end : t.ends) {
      if (index.FindNode(end.node) == nullptr) {
        diags.Add(end.loc, "<ipsec> end on undefined node '" + end.node + "'" +
                               NodeSuggestion(topology, end.node, diags));
        continue;
      }
      bool owned = false;
      for (const Endpoint* e : index.EndpointsOf(end.node)) {
        for (const Address& a : e->addresses) owned = owned || a.Ip() == end.addr;
      }
      if (!owned) {
        diags.Add(end.loc, "<ipsec> end address " + end.text + " is not an address of node '" +
                               end.node + "'");
      }
    }
  }
}

}  // namespace mtulab
