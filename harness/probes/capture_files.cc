// Files kept for a failed case: one pcap per capture and a map of every interface, so a
// Wireshark user can tell which MAC, ifindex and address belongs to which node.
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "harness/base/safe_file.h"
#include "harness/probes/capture.h"
#include "harness/probes/decode.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct InterfaceLine {
  int ifindex = 0;
  std::string mac;
  std::vector<std::string> addresses;
};

std::string FormatMac(const sockaddr_ll* ll) {
  std::string mac;
  char byte[4];
  for (int i = 0; i < ll->sll_halen && i < 8; ++i) {
    std::snprintf(byte, sizeof byte, "%s%02x", i == 0 ? "" : ":", ll->sll_addr[i]);
    mac += byte;
  }
  return mac.empty() ? "-" : mac;
}

int PrefixLength(const sockaddr* mask) {
  if (mask == nullptr) return 0;
  const uint8_t* p = mask->sa_family == AF_INET
                         ? reinterpret_cast<const uint8_t*>(
                               &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr)
                         : reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr.s6_addr;
  int bits = 0;
  for (size_t i = 0; i < (mask->sa_family == AF_INET ? 4u : 16u); ++i) {
    bits += __builtin_popcount(p[i]);
  }
  return bits;
}

std::string FormatAddress(const ifaddrs* a) {
  IpAddress ip;
  if (a->ifa_addr->sa_family == AF_INET) {
    ip.version = 4;
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    std::memcpy(ip.bytes.data(), &in->sin_addr, 4);
  } else {
    ip.version = 6;
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
    std::memcpy(ip.bytes.data(), in6->sin6_addr.s6_addr, 16);
  }
  return ip.ToString() + "/" + std::to_string(PrefixLength(a->ifa_netmask));
}

// getifaddrs asks the kernel over a netlink socket of the calling thread's namespace.
std::map<std::string, InterfaceLine> ListInterfaces(LabNode& node) {
  std::map<std::string, InterfaceLine> out;
  ScopedNetnsEnter enter(node.ns);
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) ThrowErrno("listing interfaces of node '" + node.name + "'");
  for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
    InterfaceLine& line = out[a->ifa_name];
    // A TUN (wireguard-go) has no hardware address: its link entry comes without ifa_addr.
    if (line.ifindex == 0) line.ifindex = static_cast<int>(::if_nametoindex(a->ifa_name));
    if (a->ifa_addr == nullptr) continue;
    int family = a->ifa_addr->sa_family;
    if (family == AF_PACKET) {
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
      line.ifindex = ll->sll_ifindex;
      line.mac = FormatMac(ll);
    } else if (family == AF_INET || family == AF_INET6) {
      line.addresses.push_back(FormatAddress(a));
    }
  }
  ::freeifaddrs(list);
  return out;
}

// Writes one kept file into `dir` (harness/base/safe_file.h: never through a symlink or a
// predictable name; a file of an earlier run is replaced); `write` fills the descriptor.
void KeepFile(const Directory& dir, const std::string& name,
              const std::function<void(PendingFile&)>& write) {
  RemoveStaleTemporaries(dir, name);
  PendingFile file(dir, name);
  write(file);
  file.Commit();
}

// File name of each capture: <node>-<ifname>, with -<capture> when an interface has two.
std::vector<std::string> FileBases(const std::vector<FinishedCapture>& captures) {
  std::map<std::string, int> per_interface;
  for (const FinishedCapture& c : captures) ++per_interface[c.node + "-" + c.ifname];
  std::vector<std::string> bases;
  for (const FinishedCapture& c : captures) {
    std::string base = c.node + "-" + c.ifname;
    bases.push_back(per_interface[base] > 1 ? base + "-" + c.name : base);
  }
  return bases;
}

}  // namespace

std::string ReadInterfaceMap(LabView& lab) {
  std::string out = "# node ifname ifindex mac mtu addresses\n";
  for (const Node& n : lab.topology().nodes) {
    LabNode& node = lab.node(n.name);
    std::map<std::string, InterfaceLine> interfaces = ListInterfaces(node);
    std::map<int, std::string> lines;  // by ifindex
    for (const auto& [ifname, line] : interfaces) {
      if (line.ifindex <= 0) continue;  // an address label such as "eth0:1", not a link
      uint32_t mtu = node.rtnl.GetLink(line.ifindex).mtu;
      std::string text = n.name + " " + ifname + " " + std::to_string(line.ifindex) + " " +
                         (line.mac.empty() ? "-" : line.mac) + " " + std::to_string(mtu);
      for (const std::string& a : line.addresses) text += " " + a;
      lines[line.ifindex] = text + "\n";
    }
    for (const auto& [ifindex, text] : lines) out += text;
  }
  return out;
}

std::vector<std::string> KeepCaptureFiles(const CaptureSet& captures,
                                          const std::string& reports_dir,
                                          const std::string& suite,
                                          const std::string& case_name) {
  const std::vector<FinishedCapture>& finished = captures.finished();
  if (finished.empty()) return {};
  std::string relative_dir = suite + "/" + case_name;
  // Made relative to the report directory's descriptor; a symlink planted at the suite or
  // case directory is refused, not followed.
  Directory dir = Directory::Open(reports_dir, true).Sub(suite, true).Sub(case_name, true);
  std::vector<std::string> kept;
  std::string header = "# mtulab interface map of " + relative_dir +
                       " (ifindex values are per namespace)\n";
  std::vector<std::string> bases = FileBases(finished);
  for (size_t i = 0; i < finished.size(); ++i) {
    const FinishedCapture& c = finished[i];
    std::string file = bases[i] + ".pcap";
    KeepFile(dir, file, [&](PendingFile& f) {
      try {  // libpcap writes by path: the new file's own, through /proc
        WritePcapFile("/proc/self/fd/" + std::to_string(f.fd()), c.dlt, c.snaplen, c.packets);
      } catch (const SysError& e) {
        throw SysError("writing " + dir.Join(file), e.error_code(), e.what());
      }
    });
    kept.push_back(relative_dir + "/" + file);
    header += "# " + file + ": capture '" + c.name + "' on " + c.node + ":" + c.ifname + " (" +
              DltName(c.dlt) + ", " + std::to_string(c.packets.size()) + " packets" +
              (c.filter.empty() ? "" : ", filter '" + c.filter + "'") + ")\n";
  }
  KeepFile(dir, "interfaces.txt",
           [&](PendingFile& f) { f.Write(header + captures.interface_map()); });
  kept.push_back(relative_dir + "/interfaces.txt");
  return kept;
}

}  // namespace mtulab
