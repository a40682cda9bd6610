#!/usr/bin/env python3
"""bench/pmtu_agreement.py PMTU_SH NAMES_FILE WORK_DIR [WORK_DIR...]

Prints, per guest kernel, the agreement table of bench/pmtu_sh.sh -g: for every test of
pmtu.sh (its tests= table), pmtu.sh's result in that guest kernel against the verdict of the
mtulab case of the same name in the same kernel, and the time ratio. A WORK_DIR holds one
set per VM I: chunk_I.tests (the pmtu.sh tests it ran), guest_I/<release>/pmtu.log (bench/
pmtu_sh_guest.sh) and lane_I.json (`mtulab run --kernel ... --json`, the cases of those tests
run in the same VM after pmtu.sh); and, from a run with -r (pmtu.sh's results reused),
mtulab_J.json: every case, one VM per kernel. The directories are read in order: a later
one's cases replace an earlier one's. A test pmtu.sh skips is given its reason from pmtu.sh's
own output; a test without an mtulab case is given the reason from NAMES_FILE's
"name<TAB>why" lines (bench/pmtu_sh/NOT_MODELLED).
"""
import json
import os
import re
import sys

RESULT = {"OK": "pass", "FAIL": "fail", "SKIP": "skip"}


def pmtu_tests(script):
    """[(name, description)] in pmtu.sh's order (its tests= table)."""
    out = []
    for line in open(script):
        m = re.match(r'^\t(\w+)\t+(.+?)\t+[01]"?$', line.rstrip("\n"))
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def pmtu_results(log):
    """{description: (seconds, result, reason)} for the first (non-nexthop) run of each test."""
    rows, prev, pending = {}, 0, []
    for raw in open(log, errors="replace"):
        ms, _, line = raw.rstrip("\n").partition(" ")
        if " TEST: " not in " " + line:
            if line.strip() and line.strip() not in pending:
                pending.append(line.strip())
            continue
        body = line.split("TEST: ", 1)[1]
        res = re.sub(r"\s", "", body[body.rfind("[") + 1:body.rfind("]")])
        desc = re.sub(r"\s*\[[^\]]*\]\s*$", "", body).strip()
        secs = (int(ms) - prev) / 1000
        prev = int(ms)
        if not desc.endswith(" - nexthop objects"):
            rows[desc] = [secs, res, "; ".join(pending[-3:])]
        pending = []
    return rows


def follow_up_reasons(log, rows):
    """A SKIP/FAIL's err lines follow its TEST line: attach them."""
    lines = [l.rstrip("\n").partition(" ")[2] for l in open(log, errors="replace")]
    for i, line in enumerate(lines):
        if "TEST: " not in line:
            continue
        desc = re.sub(r"\s*\[[^\]]*\]\s*$", "", line.split("TEST: ", 1)[1]).strip()
        after = []
        for nxt in lines[i + 1:]:
            if "TEST: " in nxt or not nxt.startswith("  "):
                break
            after.append(nxt.strip())
        if desc in rows and after:
            rows[desc][2] = "; ".join(x for x in [rows[desc][2]] + after[:3] if x)


def mtulab_cases(report, label):
    out = {}
    for suite in report["suites"]:
        if suite["name"].rsplit("@", 1)[-1] != label:
            continue
        for case in suite["cases"]:
            out[case["name"]] = (case["outcome"], case["seconds"], case.get("reason", ""))
    return out


def label_of(release):
    return release[:-len("-amd64")] if release.endswith("-amd64") else release


def load_chunks(work, out):
    """Adds {release: (pmtu.sh rows by description, mtulab cases by name, tests run)} of every
    VM in WORK to OUT."""
    for entry in sorted(os.listdir(work)):
        m = re.match(r"chunk_(\d+)\.tests$", entry)
        if not m:
            continue
        i = m.group(1)
        names = set(open(os.path.join(work, entry)).read().split())
        guest = os.path.join(work, f"guest_{i}")
        lane = os.path.join(work, f"lane_{i}.json")
        report = json.load(open(lane)) if os.path.exists(lane) else {"suites": []}
        for release in sorted(os.listdir(guest)) if os.path.isdir(guest) else []:
            rows, cases, ran = out.setdefault(release, ({}, {}, set()))
            ran.update(names)
            log = os.path.join(guest, release, "pmtu.log")
            if os.path.exists(log):
                got = pmtu_results(log)
                follow_up_reasons(log, got)
                rows.update(got)
            for name, case in mtulab_cases(report, label_of(release)).items():
                if name in names:
                    cases[name] = case
    for entry in sorted(os.listdir(work)):
        if re.match(r"mtulab_\d+\.json$", entry):
            report = json.load(open(os.path.join(work, entry)))
            labels = {s["name"].rsplit("@", 1)[-1] for s in report["suites"] if "@" in s["name"]}
            for label in labels:
                release = next((r for r in out if label_of(r) == label), label)
                out.setdefault(release, ({}, {}, set()))[1].update(mtulab_cases(report, label))
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: pmtu_agreement.py PMTU_SH NAMES_FILE WORK_DIR [WORK_DIR...]")
    script, names_file, works = sys.argv[1], sys.argv[2], sys.argv[3:]
    why_not = {}
    for line in open(names_file):
        if line.strip() and not line.startswith("#"):
            name, _, why = line.rstrip("\n").partition("\t")
            why_not[name] = why.strip()
    tests = pmtu_tests(script)
    # The cases that exist (bench/pmtu_sh/*.xml beside NAMES_FILE), for tests no VM ran.
    have = set()
    suites = os.path.dirname(os.path.abspath(names_file))
    for f in os.listdir(suites):
        if f.endswith(".xml") and not f.endswith(".topo.xml"):
            have.update(re.findall(r'<case name="([^"]+)"', open(os.path.join(suites, f)).read()))
    runs = {}
    for work in works:
        load_chunks(work, runs)
    for release, (rows, cases, ran) in sorted(runs.items()):
        if not ran:  # e.g. the host kernel of a `mtulab run --kernel host` report
            passed = sum(1 for c in cases.values() if c[0] == "pass")
            print(f"\nkernel {release}: pmtu.sh did not run there (mtulab: {passed} of "
                  f"{len(cases)} cases passed); no table")
            continue
        for name, _ in tests:
            if name not in cases and name in have:
                cases[name] = ("not run", None, "")
        table(release, tests, rows, cases, why_not, ran)


def table(release, tests, rows, cases, why_not, ran):
    print(f"\nkernel {release}: {len(tests)} pmtu.sh tests\n")
    print("| # | test | pmtu.sh | mtulab | agree | pmtu.sh s | mtulab s | ratio | note |")
    print("|---:|---|---|---|---|---:|---:|---:|---|")
    agree = same_run = 0
    for i, (name, desc) in enumerate(tests, 1):
        missing = (None, "none", "no TEST line") if name in ran else (None, "not run", "no VM ran it")
        secs, res, reason = rows.get(desc, missing)
        outcome, msecs, mreason = cases.get(name, ("no case", None, ""))
        ok = RESULT.get(res) == outcome
        agree += ok
        same_run += ok and outcome == "pass"
        note = reason if res != "OK" else ""
        if outcome == "no case":
            note = (note + "; " if note else "") + "mtulab: " + why_not.get(name, "no case in bench/pmtu_sh/ yet")
        elif outcome not in ("pass", "not run") and mreason:
            note = (note + "; " if note else "") + "mtulab: " + mreason.splitlines()[0][:160]
        ratio = f"{secs / msecs:.0f}x" if secs and msecs and outcome == "pass" else ""
        verdict = "-" if res == "not run" else "yes" if ok else "no"
        print(f"| {i} | {name} | {res} | {outcome} | {verdict} | "
              f"{'' if secs is None else f'{secs:.2f}'} | "
              f"{'' if msecs is None else f'{msecs:.3f}'} | {ratio} | {note.replace('|', '/')} |")
    print(f"\nagree: {agree} of {len(tests)} (both pass: {same_run}); "
          f"run in a VM: {len([n for n, _ in tests if n in ran])} of {len(tests)}")
    both = [(rows[d][0], cases[n][1]) for n, d in tests
            if d in rows and rows[d][1] == "OK" and cases.get(n, ("",))[0] == "pass"]
    if both:
        p, m = sum(x[0] for x in both), sum(x[1] for x in both)
        print(f"tests both ran and passed: pmtu.sh {p:.1f} s (first runs), "
              f"mtulab {m:.2f} s (case time): ratio {p / m:.0f}x")


if __name__ == "__main__":
    main()
