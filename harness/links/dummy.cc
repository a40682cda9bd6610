// dummy: an interface that owns addresses and drops what it sends (module dummy).
#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateDummy(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  AddLink(nl, NewLink{"dummy", spec.ifname, spec.mtu, 0});
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(dummy, CreateDummy);

}  // namespace mtulab
