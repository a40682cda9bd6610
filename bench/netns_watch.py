"""Waiting for the kernel to finish destroying the namespaces a sample left behind.

Closing the last reference to a namespace returns at once; the kernel destroys it later, in
a worker (cleanup_net on the "netns" workqueue), in batches: for 1000 namespaces that is
seconds after the process exited, much of it asleep in RCU grace periods while holding the
locks a new build needs. A sample started meanwhile waits for it.

Nothing in /proc counts dying namespaces (lsns cannot see them, and the net_namespace line
of /proc/slabinfo stays near its peak on SLUB long after they are gone), and the CPUs can be
idle while the worker sleeps. What shows is the worker itself: a kworker executing an item
of a workqueue carries the queue's name after a '+' in its comm ("kworker/u8:2+netns").
The teardown is over once no kworker has shown "+netns" for SETTLE_POLLS polls in a row.
"""

import os
import time

POLL_S = 0.02
SETTLE_POLLS = 5


def netns_worker_busy():
    """True while some kworker is executing an item of the netns workqueue."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/comm" % pid) as f:
                comm = f.read()
        except OSError:
            continue
        if comm.startswith("kworker") and "+netns" in comm:
            return True
    return False


def wait_for_teardown(timeout_s=120.0):
    """Waits until the netns workqueue has been idle for SETTLE_POLLS polls. Returns (seconds
    until it was last seen busy, True), or (timeout_s, False) when it never settled."""
    start = time.monotonic()
    last_busy = start
    idle_polls = 0
    while idle_polls < SETTLE_POLLS:
        now = time.monotonic()
        if netns_worker_busy():
            last_busy, idle_polls = now, 0
        else:
            idle_polls += 1
        if now - start > timeout_s:
            return timeout_s, False
        time.sleep(POLL_S)
    return last_busy - start, True
