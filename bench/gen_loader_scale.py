#!/usr/bin/env python3
"""Writes topologies that stress the loader (`mtulab check`), not the kernel:

  gen_loader_scale.py macvlans N FILE     one node, a bridge br0 and N macvlans chained on it
                                          (m1 parent br0, m2 parent m1, ...): the dependency
                                          check walks an N-long chain
  gen_loader_scale.py badname N LEN FILE  N nodes and one veth link whose end names a node of
                                          LEN characters that is not defined: the "did you
                                          mean" search compares it with every node name
  gen_loader_scale.py badrefs N FILE     N nodes and N veth links each with one end on an
                                          undefined node: N "did you mean" searches

bench/loader_scale.sh times `mtulab check` on them.
"""

import sys


def macvlans(n):
    lines = ['<topology name="macvlan-chain-%d">' % n, '  <node name="a"/>',
             '  <link kind="bridge" node="a" name="br0"/>']
    parent = "br0"
    for k in range(1, n + 1):
        lines.append('  <link kind="macvlan" node="a" name="m%d" parent="%s"/>' % (k, parent))
        parent = "m%d" % k
    lines.append("</topology>")
    return "\n".join(lines) + "\n"


def badname(n, length):
    lines = ['<topology name="nodes-%d">' % n]
    lines += ['  <node name="n%d"/>' % k for k in range(n)]
    lines += ['  <link>',
              '    <end node="n0" name="e0"/>',
              '    <end node="%s" name="e0"/>' % ("x" * length),
              '  </link>',
              "</topology>"]
    return "\n".join(lines) + "\n"


def badrefs(n):
    lines = ['<topology name="badrefs-%d">' % n]
    lines += ['  <node name="n%d"/>' % k for k in range(n)]
    lines += ['  <link><end node="n%d" name="e%d"/><end node="x%d" name="e0"/></link>' % (k, k, k)
              for k in range(n)]
    lines.append("</topology>")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) == 4 and argv[1] == "macvlans":
        text = macvlans(int(argv[2]))
    elif len(argv) == 4 and argv[1] == "badrefs":
        text = badrefs(int(argv[2]))
    elif len(argv) == 5 and argv[1] == "badname":
        text = badname(int(argv[2]), int(argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[-1], "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
