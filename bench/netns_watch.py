"""How many network namespaces the kernel still holds, and waiting for the count to drop.

Closing the last reference to a namespace returns at once; the kernel destroys it later, in
a worker (cleanup_net), one batch at a time. lsns cannot see namespaces in that state, so
the count here is the net_namespace slab's objects in use (/proc/slabinfo, root only): it
covers every namespace of the machine, alive or being destroyed. SLUB's count is
approximate (objects of per-CPU slabs count as in use), hence the slack below.
"""

import time

SLACK = 8  # objects SLUB may count as in use after they were freed
FALLBACK_PAUSE_S = 0.3  # when the slab cannot be read (not root, cache merged away)


def live_namespaces():
    """net_namespace objects in use, or None when /proc/slabinfo has no such line."""
    try:
        with open("/proc/slabinfo") as f:
            for line in f:
                if line.startswith("net_namespace "):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def wait_until_at_most(before, timeout_s=60.0):
    """Waits until at most `before` (+ SLACK) namespaces are left, or timeout_s passed.
    Returns True when the count got there."""
    if before is None:
        time.sleep(FALLBACK_PAUSE_S)
        return True
    deadline = time.monotonic() + timeout_s
    while True:
        now = live_namespaces()
        if now is None or now <= before + SLACK:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
