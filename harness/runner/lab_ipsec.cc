// Lab::AddIpsec: each <ipsec>'s states and policies in both nodes (harness/links/ipsec.h),
// after the routes. They live in the nodes' namespaces and go with them; the ESP-in-UDP
// sockets are the lab's and close with it.
#include "harness/links/ipsec.h"
#include "harness/runner/lab.h"
#include "harness/sys/netns.h"

namespace mtulab {

void Lab::AddIpsec() {
  for (const Ipsec& t : topology_.ipsecs) {
    std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);  // one key set, both ends
    for (int end = 0; end < 2; ++end) {
      const std::string& name = t.ends[end].node;
      IpsecObjects objects = BuildIpsecObjects(t, end, *keys);
      ScopedNetnsEnter in(node(name).ns);
      InstallIpsecObjects(objects, t, "node '" + name + "'");
      if (t.encap_udp) ipsec_sockets_.push_back(OpenEspInUdpSocket(t, "node '" + name + "'"));
    }
  }
}

}  // namespace mtulab
