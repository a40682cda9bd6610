// Any counter of /proc/net/snmp, snmp6 and netstat, read inside the node's namespace.
#include <cerrno>

#include "harness/probes/counter_table.h"
#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"

namespace mtulab {

Facts RunCounter(ProbeContext& ctx, const CounterStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  CounterTable table;
  {
    // /proc/net is /proc/self/net, i.e. the main thread's namespace: use thread-self.
    ScopedNetnsEnter in(node.ns);
    table.AddPairedLines(ReadFile("/proc/thread-self/net/snmp"));
    table.AddPairedLines(ReadFile("/proc/thread-self/net/netstat"));
    table.AddNameValueLines(ReadFile("/proc/thread-self/net/snmp6"));
  }
  Facts f;
  for (const std::string& name : step.names) {
    int64_t value = 0;
    std::string error;
    if (!table.Lookup(name, &value, &error)) {
      ThrowErrno("reading counters in node '" + step.node + "': " + error, ENOENT);
    }
    SetWithDelta(ctx, f, "counter|" + step.node + "|" + name, "counter." + name, value);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(CounterStep, RunCounter);

}  // namespace mtulab
