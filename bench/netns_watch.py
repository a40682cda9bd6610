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


def wait_until_at_most(before, timeout_s=60.0, settle_s=1.0):
    """Waits until at most `before` (+ SLACK) namespaces are left. Returns the seconds until
    the count last dropped (the teardown time), and whether it got down to `before`.

    SLUB's count can stay above `before` after every namespace is gone (objects parked in
    per-CPU partial slabs): once the count has not dropped for `settle_s`, the teardown is
    taken as finished at its last drop; `timeout_s` bounds the whole wait."""
    start = time.monotonic()
    if before is None:
        time.sleep(FALLBACK_PAUSE_S)
        return FALLBACK_PAUSE_S, True
    last, last_drop = live_namespaces(), start
    while True:
        now = time.monotonic()
        count = live_namespaces()
        if count is None or count <= before + SLACK:
            return now - start, True
        if count < last:
            last, last_drop = count, now
        if now - last_drop > settle_s or now - start > timeout_s:
            return last_drop - start, False
        time.sleep(0.01)
