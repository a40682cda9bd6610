#!/usr/bin/env bash
# Kill soak: interrupts `mtulab run` (every shipped suite, wireguard-go cases included) at
# random moments with SIGINT, SIGTERM and SIGKILL, and proves after every kill that nothing
# is left behind. Then the pinned variants of `mtulab up`.
#
# For each of SIGINT, SIGTERM, SIGKILL, N times (default 20): start
# `$MTULAB run --junit $tmp/j.xml` in the background, sleep a random 0.05..3.0 s, signal that
# PID (only that PID: helpers must be stopped by mtulab or by PR_SET_PDEATHSIG), wait for it.
#   SIGINT/SIGTERM: exit 130/143 (or 0 if the run had already finished); j.xml written;
#     with T cases, P progress lines printed before the signal and P' just after it, the
#     number I of <error type="Interrupted"> cases satisfies T-P'-jobs <= I <= T-P, and no
#     other case failed or errored; no j.xml.tmp.* left.
#   SIGKILL: exit 137 (0 counts as "finished before the signal").
# Then, polling up to 5 s (the kernel frees namespaces asynchronously), all of:
#   - /run/netns holds exactly the entries it held at the start;
#   - no new network namespace: the namespaces alive (unique inodes of every
#     /proc/*/task/*/ns/net, every net:[...] fd in /proc/*/fd, every /run/netns pin) are
#     compared as a set with the baseline. Namespaces held only by live processes outside
#     this script's process tree (other users of a shared host: their own tests and
#     builds) are not counted; ones held by an orphan (parent pid 1 or an ancestor of this
#     script) named wireguard-go or mtulab, or by this script's tree, or pinned, are;
#   - no wireguard-go process of ours: none of the wireguard-go PIDs that were descendants
#     of the killed mtulab survives, and no orphaned wireguard-go exists (wireguard-go
#     processes with a live non-init parent outside this tree belong to others: reported
#     as a count, not a failure). An orphan that has exited but is not yet reaped by pid 1
#     (state Z) counts as gone: it holds no namespace, socket or file;
#   - no new entry in the host's /run/wireguard or /var/run/wireguard;
#   - the host's link list (ip -o link) unchanged;
#   - no new entry in /tmp other than this script's work dir. Entries matching
#     $SOAK_TMP_IGNORE (extended regex, default: gcc's temporaries cc??????.*[.*], which other
#     builds on a shared host create) are ignored; on a dedicated CI runner set it to '^$'.
# Stale temporaries (once): a report write killed between creating and renaming its
# temporary leaves "<report>.tmp.<pid>.<6 chars>" (mtulab writes unnamed O_TMPFILE files
# and names them only for the rename, so random kills practically never hit that window;
# the leftovers are planted instead, with the pid of a process that has exited, plus
# "<report>.tmp.<pid>" of older mtulab versions). The next `mtulab run` must remove
# exactly those, and keep: one whose pid is alive, a symlink (its target untouched), one
# with a longer suffix; no temporary of its own is left.
# Pinned variants (each max(1, N/4) times):
#   - `mtulab up topologies/seed004_pmtu.xml` exits 0 by itself and pins every node as
#     /run/netns/mtulab-<topology>:<node>; `mtulab clean` removes them; checks as above;
#   - `mtulab up topologies/seed002_overheads.xml` (wireguard-go children, stays in the
#     foreground) + SIGTERM: exits 0, pins removed, no wireguard-go left; checks as above;
#   - the same + SIGKILL: exit 137, the pins remain (expected: pins outlive SIGKILL),
#     wireguard-go is gone anyway (PR_SET_PDEATHSIG); `mtulab clean` removes the pins.
#   The pinned variants refuse to start while someone else's mtulab-* pins exist (waiting
#   up to 30 s), since `mtulab clean` would remove them.
#
# Usage: ci/kill-soak.sh [N]      Env: MTULAB (default build/mtulab), SOAK_TMP_IGNORE.
# Needs root. Exit 0 PASS, 1 FAIL, 2 setup error.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "ci/kill-soak.sh: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "must run as root (mtulab run/up need CAP_SYS_ADMIN/CAP_NET_ADMIN)"
N="${1:-20}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
MTULAB="${MTULAB:-build/mtulab}"
[ -x "$MTULAB" ] || die "no mtulab binary at '$MTULAB' (build it, or set MTULAB)"
MTULAB="$(realpath "$MTULAB")"
default_tmp_ignore='^cc[A-Za-z0-9]{6}(\.[A-Za-z0-9_]+)+$'
SOAK_TMP_IGNORE="${SOAK_TMP_IGNORE:-$default_tmp_ignore}"
JOBS="$(nproc)"  # mtulab run's default -j
PIN_REPS=$(( N / 4 > 0 ? N / 4 : 1 ))
SELF=$$

tmp="$(mktemp -d)"
started=()       # every PID this script started in the background
brought_up=()    # topology files this script ran `mtulab up` on
cleanup() {
  local p t
  for p in "${started[@]}"; do
    if [ -e "/proc/$p" ] && kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  done
  for t in "${brought_up[@]}"; do "$MTULAB" down "$t" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# "pid ppid starttime comm state" of every process.
proc_table() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{
    pid = $1; o = index($0, "(")
    n = split($0, parts, ") "); rest = parts[n]
    comm = substr($0, o + 1, length($0) - length(rest) - o - 2)
    split(rest, f, " ")
    gsub(/ /, "_", comm)
    print pid, f[2], f[20], comm, f[1] }'
}

# Descendants of $1 (by ppid) in the table on stdin: "pid ppid starttime comm".
descendants() {
  awk -v root="$1" '{ pp[$1] = $2; line[$1] = $0 }
    END { for (p in pp) { q = p; while (q in pp && q != root && q > 1) q = pp[q]; if (q == root && p != root) print line[p] } }'
}

# "inode holder" for every namespace visible: task namespaces, fds, pins.
netns_holders() {
  {
    find /proc/[0-9]*/task/[0-9]*/ns/net -printf '%l %p\n' 2>/dev/null || true
    find /proc/[0-9]*/fd -lname 'net:*' -printf '%l %p\n' 2>/dev/null || true
  } | sed -nE 's#^net:\[([0-9]+)\] /proc/([0-9]+)/.*#\1 \2#p'
  local f
  for f in /run/netns/*; do
    [ -e "$f" ] || continue
    echo "$(stat -L -c %i "$f" 2>/dev/null || echo "?") pin:${f##*/}"
  done
}

# Ancestors of this script, space-separated (orphans are reparented to pid 1 or to one of
# them if it is a subreaper).
ancestors() {
  awk -v self="$SELF" '{ pp[$1] = $2 } END { q = self; while (q in pp && q > 1) { q = pp[q]; printf "%s ", q } }' "$1"
}

# Namespaces that count (see the header), one "inode holders..." per line, sorted.
counted_netns() {
  local table="$tmp/ptable" holders="$tmp/holders"
  proc_table >"$table"
  netns_holders >"$holders"
  awk -v self="$SELF" -v ancs="$(ancestors "$table")" '
    BEGIN { n = split(ancs, a, " "); for (i = 1; i <= n; i++) anc[a[i]] = 1; n = 0 }
    FNR == NR { pp[$1] = $2; comm[$1] = $4; next }
    {
      ino = $1; h = $2; ok = 0
      if (h ~ /^pin:/) ok = 1
      else if (h == 1) ok = 1
      else if (h in pp) {
        q = h; while (q in pp && q != self && q > 1) q = pp[q]
        if (q == self) ok = 1                                    # this script s tree
        else if ((pp[h] == 1 || (pp[h] in anc)) && (comm[h] == "wireguard-go" || comm[h] == "mtulab")) ok = 1
      }
      if (ok) {
        if (!(ino in seen)) order[++n] = ino
        seen[ino] = seen[ino] " " (h ~ /^pin:/ ? h : h "(" comm[h] ")")
      }
    }
    END { for (i = 1; i <= n; i++) print order[i] seen[order[i]] }
  ' "$table" "$holders" | LC_ALL=C sort
}

# wireguard-go processes that are ours or orphaned: "pid ppid comm". The number of other
# (foreign) wireguard-go processes goes to $tmp/wg_foreign. Zombies (state Z) have exited:
# an orphan stays a zombie until pid 1 reaps it, which on some hosts takes a second or two;
# they hold no namespace, socket or file, so they are not counted (their number goes to
# $tmp/wg_zombies).
our_wireguard_go() {
  proc_table >"$tmp/ptable.wg"
  awk -v self="$SELF" -v ancs="$(ancestors "$tmp/ptable.wg")" -v foreign_out="$tmp/wg_foreign" -v zombie_out="$tmp/wg_zombies" '
    BEGIN { n = split(ancs, a, " "); for (i = 1; i <= n; i++) anc[a[i]] = 1 }
    { pp[$1] = $2; comm[$1] = $4; st[$1] = $5 }
    END {
      foreign = 0; zombies = 0
      for (p in pp) {
        if (comm[p] != "wireguard-go") continue
        if (st[p] == "Z") { zombies++; continue }
        q = p; while (q in pp && q != self && q > 1) q = pp[q]
        if (q == self || pp[p] == 1 || (pp[p] in anc)) print p, pp[p], comm[p]
        else foreign++
      }
      print foreign > foreign_out
      print zombies > zombie_out
    }' "$tmp/ptable.wg"
}

wg_dirs() { ls -A /run/wireguard /var/run/wireguard 2>/dev/null | LC_ALL=C sort || true; }
pins() { ls -A /run/netns 2>/dev/null | LC_ALL=C sort || true; }
host_links() { ip -o link show | sed -E 's/ +/ /g'; }
tmp_entries() { ls -A /tmp | grep -vxF "${tmp##*/}" | grep -vE "$SOAK_TMP_IGNORE" | LC_ALL=C sort || true; }

# One pass of every leak check against the baselines; problems are written to $tmp/problems.
# $1: the "pid starttime" file of wireguard-go PIDs sampled before the kill (may be empty).
check_once() {
  local sampled="$1" p st cur
  : >"$tmp/problems"
  pins >"$tmp/pins.now"
  if ! diff -q "$tmp/pins.base" "$tmp/pins.now" >/dev/null; then
    { echo "  /run/netns differs from the baseline:"; diff "$tmp/pins.base" "$tmp/pins.now" | sed 's/^/    /'; } >>"$tmp/problems"
  fi
  counted_netns >"$tmp/netns.now"
  awk 'FNR == NR { base[$1] = 1; next } !($1 in base)' "$tmp/netns.base" "$tmp/netns.now" >"$tmp/netns.new"
  if [ -s "$tmp/netns.new" ]; then
    { echo "  network namespaces alive that were not at the start (inode holders):"; sed 's/^/    /' "$tmp/netns.new"; } >>"$tmp/problems"
  fi
  our_wireguard_go >"$tmp/wg.now"
  if [ -s "$tmp/wg.now" ]; then
    { echo "  wireguard-go of ours or orphaned still running (pid ppid comm):"; sed 's/^/    /' "$tmp/wg.now"; } >>"$tmp/problems"
  fi
  if [ -s "$sampled" ]; then
    while read -r p st; do
      cur="$(awk '{ n = split($0, a, ") "); split(a[n], f, " "); if (f[1] != "Z") print f[20] }' "/proc/$p/stat" 2>/dev/null || true)"
      [ "$cur" = "$st" ] && echo "  wireguard-go pid $p (a child of the killed mtulab) is still alive" >>"$tmp/problems"
    done <"$sampled"
  fi
  wg_dirs >"$tmp/wgdir.now"
  if ! diff -q "$tmp/wgdir.base" "$tmp/wgdir.now" >/dev/null; then
    { echo "  host /run/wireguard (or /var/run/wireguard) has new entries:"; diff "$tmp/wgdir.base" "$tmp/wgdir.now" | sed 's/^/    /'; } >>"$tmp/problems"
  fi
  host_links >"$tmp/links.now"
  if ! diff -q "$tmp/links.base" "$tmp/links.now" >/dev/null; then
    { echo "  host link list changed:"; diff "$tmp/links.base" "$tmp/links.now" | sed 's/^/    /'; } >>"$tmp/problems"
  fi
  tmp_entries >"$tmp/tmpdir.now"
  # Entries gone again by now were transient, not left over.
  comm -13 "$tmp/tmpdir.base" "$tmp/tmpdir.now" | while read -r p; do [ -e "/tmp/$p" ] && echo "$p"; done >"$tmp/tmpdir.new" || true
  if [ -s "$tmp/tmpdir.new" ]; then
    { echo "  new entries in /tmp:"; while read -r p; do echo "    $(ls -ld --time-style=full-iso "/tmp/$p" 2>&1)"; done <"$tmp/tmpdir.new"; } >>"$tmp/problems"
  fi
  [ ! -s "$tmp/problems" ]
}

leaks=0
MAX_CLEAN=0
# Polls check_once for up to 5 s. Sets CLEAN_SECONDS. Counts and prints leaks.
check_clean() {
  local label="$1" sampled="${2:-/dev/null}" t0
  t0="$(now)"
  CLEAN_PASSES=1
  CLEAN_FIRST=""
  while ! check_once "$sampled"; do
    [ -n "$CLEAN_FIRST" ] || CLEAN_FIRST="$(grep -E '^  [a-z/]' "$tmp/problems" | sed -E 's/^  //; s/ \(.*//; s/:$//' | paste -sd ';' -)"
    CLEAN_PASSES=$((CLEAN_PASSES + 1))
    if awk -v a="$t0" -v b="$(now)" 'BEGIN { exit !(b - a > 5) }'; then
      echo "LEAK after $label (still there after 5 s):"
      cat "$tmp/problems"
      leaks=$((leaks + 1))
      # Later iterations are judged against what is there now, so one leak is reported once.
      cp "$tmp/pins.now" "$tmp/pins.base"; cp "$tmp/netns.now" "$tmp/netns.base"
      cp "$tmp/wgdir.now" "$tmp/wgdir.base"; cp "$tmp/links.now" "$tmp/links.base"
      cat "$tmp/tmpdir.new" >>"$tmp/tmpdir.base"; LC_ALL=C sort -o "$tmp/tmpdir.base" "$tmp/tmpdir.base"
      CLEAN_SECONDS="-"
      return 1
    fi
    sleep 0.1
  done
  CLEAN_SECONDS="$(elapsed "$t0")"
  MAX_CLEAN="$(awk -v a="$MAX_CLEAN" -v b="$CLEAN_SECONDS" 'BEGIN { print (b > a ? b : a) }')"
  return 0
}

# Waits up to $2 seconds for child $1 to exit; sets RC (or returns 1 on timeout).
wait_exit() {
  local pid="$1" limit="$2" t0 state
  t0="$(now)"
  while :; do
    state="$(awk '{ n = split($0, a, ") "); print substr(a[n], 1, 1) }' "/proc/$pid/stat" 2>/dev/null || echo gone)"
    [ "$state" = "Z" ] || [ "$state" = "gone" ] && break
    if awk -v a="$t0" -v b="$(now)" -v l="$limit" 'BEGIN { exit !(b - a > l) }'; then return 1; fi
    sleep 0.05
  done
  RC=0
  wait "$pid" || RC=$?
  return 0
}

# "pid starttime" of the wireguard-go processes below $1.
sample_wg() { proc_table | descendants "$1" | awk '$4 == "wireguard-go" { print $1, $3 }'; }

# The full JUnit testcase of every case that failed or errored other than "interrupted",
# then the console, as evidence.
print_bad_cases() {
  awk '/<testcase / { buf = ""; keep = 0 } { buf = buf "      " $0 "\n" }
       /<failure |<error / && !/type="Interrupted"/ { keep = 1 }
       /<\/testcase>/ { if (keep) printf "%s", buf; buf = ""; keep = 0 }' "$tmp/j.xml"
  echo "    console:"; sed 's/^/      /' "$tmp/out" "$tmp/err"
}

progress_lines() { grep -cE '^\[ *[0-9]+/[0-9]+\]' "$tmp/out" 2>/dev/null || true; }

baseline() {
  pins >"$tmp/pins.base"
  counted_netns >"$tmp/netns.base"
  wg_dirs >"$tmp/wgdir.base"
  host_links >"$tmp/links.base"
  tmp_entries >"$tmp/tmpdir.base"
}

# ---------------------------------------------------------------------------------------
echo "kill-soak: N=$N per signal, mtulab $MTULAB, kernel $(uname -r), $JOBS jobs"
baseline
echo "kill-soak: baseline: $(wc -l <"$tmp/pins.base") pins, $(wc -l <"$tmp/netns.base") counted netns, $(wc -l <"$tmp/links.base") host links"

# Calibration: one full uninterrupted run must pass, and gives the number of cases.
set +e
"$MTULAB" run --junit "$tmp/j.xml" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  cat "$tmp/out" "$tmp/err"
  echo "FAIL: kill-soak: the uninterrupted calibration run exited $rc"
  exit 1
fi
TOTAL="$(grep -c '<testcase ' "$tmp/j.xml")"
echo "kill-soak: calibration run: $TOTAL cases, $(grep -oE '\([0-9.]+s\)$' "$tmp/out" | tail -1)"
failures=0
fail() { echo "  FAIL: $*"; failures=$((failures + 1)); }
check_clean "calibration run" || true
declare -A finished_first=() midrun=() interrupted_total=()

for sig in INT TERM KILL; do
  finished_first[$sig]=0; midrun[$sig]=0; interrupted_total[$sig]=0
  for ((i = 1; i <= N; i++)); do
    rm -f "$tmp"/j.xml* "$tmp/out" "$tmp/err"
    env --default-signal=INT,TERM "$MTULAB" run --junit "$tmp/j.xml" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    started+=("$pid")
    ms=$(( 50 + RANDOM % 2951 ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    sample_wg "$pid" >"$tmp/wg.sampled"
    before="$(progress_lines)"
    kill -s "$sig" "$pid" 2>/dev/null || true
    after="$(progress_lines)"
    label="SIG$sig $i/$N at ${ms}ms"
    want_rc=$(( 128 + $(kill -l "$sig") ))  # 130 SIGINT, 143 SIGTERM
    if ! wait_exit "$pid" 60; then
      fail "$label: mtulab did not exit within 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" || true
      continue
    fi
    note=""
    if [ "$sig" = KILL ]; then
      if [ "$RC" -eq 0 ]; then finished_first[$sig]=$((finished_first[$sig] + 1)); note="finished before the signal"
      elif [ "$RC" -eq 137 ]; then midrun[$sig]=$((midrun[$sig] + 1)); note="killed with $before/$TOTAL done"
      else fail "$label: exit $RC, expected 137"; sed 's/^/    /' "$tmp/err"; fi
      tmpfiles="$(find "$tmp" -maxdepth 1 -name 'j.xml.tmp.*' | wc -l)"
      [ "$tmpfiles" -eq 0 ] || note="$note, left $tmpfiles j.xml.tmp.* next to the report (SIGKILL while writing it)"
    else
      if [ ! -s "$tmp/j.xml" ]; then
        fail "$label: exit $RC and no JUnit report written"; sed 's/^/    /' "$tmp/out" "$tmp/err"
      elif [ "$RC" -ne 0 ] && [ "$RC" -ne "$want_rc" ]; then
        fail "$label: exit $RC, expected $want_rc (or 0 if already finished)"; sed 's/^/    /' "$tmp/err"
      else
        cases="$(grep -c '<testcase ' "$tmp/j.xml" || true)"
        inter="$(grep -o '<error [^>]*type="Interrupted"' "$tmp/j.xml" | wc -l)"
        bad="$(grep -oE '<failure |<error ' "$tmp/j.xml" | wc -l)"
        bad=$(( bad - inter ))
        lo=$(( TOTAL - after - JOBS )); hi=$(( TOTAL - before ))
        [ "$cases" -eq "$TOTAL" ] || fail "$label: JUnit has $cases testcases, expected $TOTAL"
        [ "$bad" -eq 0 ] || { fail "$label: $bad case(s) failed or errored other than 'interrupted':"; print_bad_cases; }
        if [ "$RC" -eq 0 ]; then
          finished_first[$sig]=$((finished_first[$sig] + 1)); note="finished before the signal"
          [ "$inter" -eq 0 ] || fail "$label: exit 0 but $inter interrupted cases"
        else
          grep -q "mtulab run: interrupted by SIG$sig" "$tmp/err" || fail "$label: exit $RC without the 'interrupted by SIG$sig' message"
          [ "$inter" -ge "$lo" ] && [ "$inter" -le "$hi" ] ||
            fail "$label: $inter interrupted cases, expected $lo..$hi ($before done before the signal, $after just after)"
          [ "$inter" -gt 0 ] && midrun[$sig]=$((midrun[$sig] + 1))
          interrupted_total[$sig]=$(( interrupted_total[$sig] + inter ))
          note="$before/$TOTAL done at the signal, $inter reported interrupted"
        fi
        n="$(find "$tmp" -maxdepth 1 -name 'j.xml.tmp.*' | wc -l)"
        [ "$n" -eq 0 ] || fail "$label: $n j.xml.tmp.* left next to the report"
      fi
    fi
    if check_clean "$label" "$tmp/wg.sampled"; then
      echo "[$label] exit $RC, $note, $(wc -l <"$tmp/wg.sampled") wireguard-go at the signal, clean after ${CLEAN_SECONDS}s/${CLEAN_PASSES} checks${CLEAN_FIRST:+ (first: $CLEAN_FIRST)} (foreign wireguard-go: $(cat "$tmp/wg_foreign"), exited awaiting reap: $(cat "$tmp/wg_zombies"))"
    else
      echo "[$label] exit $RC, $note: LEAK (above)"
      sed 's/^/    out: /' "$tmp/out" | tail -n 40; sed 's/^/    err: /' "$tmp/err"
    fi
  done
done

# ---------------------------------------------------------------------------------------
stale_phase() {
  local dead live label="stale temporaries" f
  sh -c 'exit 0' & dead=$!; wait "$dead" || true
  live=$SELF
  rm -f "$tmp"/j.xml* "$tmp"/mtulab.json* "$tmp"/summary.md* "$tmp"/report.html*
  echo precious >"$tmp/victim"
  for f in "j.xml.tmp.$dead.Ab3xYz" "mtulab.json.tmp.$dead" "summary.md.tmp.$dead.Qw9Er7" \
           "j.xml.tmp.$live.Ab3xYz" "j.xml.tmp.$dead.Ab3xYz.keep"; do
    echo "half a report" >"$tmp/$f"
  done
  ln -s "$tmp/victim" "$tmp/report.html.tmp.$dead.Link00"
  set +e; "$MTULAB" run --junit "$tmp/j.xml" >"$tmp/out" 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" -eq 0 ] || { fail "$label: run exited $rc"; sed 's/^/    /' "$tmp/err"; }
  for f in "j.xml.tmp.$dead.Ab3xYz" "mtulab.json.tmp.$dead" "summary.md.tmp.$dead.Qw9Er7"; do
    [ ! -e "$tmp/$f" ] || fail "$label: $f (pid $dead exited) was not removed"
  done
  for f in "j.xml.tmp.$live.Ab3xYz" "j.xml.tmp.$dead.Ab3xYz.keep" "report.html.tmp.$dead.Link00"; do
    [ -e "$tmp/$f" ] || [ -L "$tmp/$f" ] || fail "$label: $f was removed (not provably a stale temporary)"
  done
  [ "$(cat "$tmp/victim")" = precious ] || fail "$label: the symlink's target was written"
  rm -f "$tmp/j.xml.tmp.$live.Ab3xYz" "$tmp/j.xml.tmp.$dead.Ab3xYz.keep" "$tmp/report.html.tmp.$dead.Link00"
  left="$(find "$tmp" -maxdepth 1 -name '*.tmp.*' | wc -l)"
  [ "$left" -eq 0 ] || fail "$label: $left *.tmp.* left by the run itself"
  echo "[$label] exit $rc: 3 stale temporaries of pid $dead removed; live-pid, symlink and other-name entries kept"
}
stale_phase

# ---------------------------------------------------------------------------------------
topo_pins() {  # expected pin names of a topology file
  local t="$1" name
  name="$(grep -oE '<topology[^>]* name="[^"]+"' "$t" | sed -E 's/.*name="([^"]+)"/\1/')"
  grep -oE '<node[^>]* name="[^"]+"' "$t" | sed -E "s/.*name=\"([^\"]+)\"/mtulab-$name:\\1/" | LC_ALL=C sort
}

# Refuses to go on while someone else's mtulab-* pins exist: `mtulab clean` would remove them.
wait_no_foreign_pins() {
  local k
  for ((k = 0; k < 300; k++)); do
    pins | grep -q '^mtulab-' || return 0
    sleep 0.1
  done
  echo "  mtulab-* pins present that this script did not create: $(pins | grep '^mtulab-' | tr '\n' ' ')"
  return 1
}

pins_present() {  # all of the expected pins exist, as namespaces
  local p
  while read -r p; do
    [ -e "/run/netns/$p" ] && [ "$(stat -f -c %T "/run/netns/$p" 2>/dev/null)" = "nsfs" ] || return 1
  done <"$1"
}

pinned_runs=0
if ! wait_no_foreign_pins; then
  fail "pinned variants not run: foreign mtulab-* pins present for 30 s"
else
  t=topologies/seed004_pmtu.xml
  topo_pins "$t" >"$tmp/expected"
  for ((i = 1; i <= PIN_REPS; i++)); do
    label="up $t + clean $i/$PIN_REPS"
    wait_no_foreign_pins || { fail "$label: foreign pins"; break; }
    brought_up+=("$t")
    set +e; "$MTULAB" up "$t" >"$tmp/out" 2>&1; rc=$?; set -e
    [ "$rc" -eq 0 ] || { fail "$label: up exited $rc"; sed 's/^/    /' "$tmp/out"; }
    pins_present "$tmp/expected" || fail "$label: expected pins missing: $(pins | tr '\n' ' ')"
    set +e; "$MTULAB" clean >"$tmp/out" 2>&1; rc=$?; set -e
    [ "$rc" -eq 0 ] || { fail "$label: clean exited $rc"; sed 's/^/    /' "$tmp/out"; }
    if check_clean "$label"; then echo "[$label] $(wc -l <"$tmp/expected") pins created and removed, clean after ${CLEAN_SECONDS}s/${CLEAN_PASSES} checks${CLEAN_FIRST:+ (first: $CLEAN_FIRST)}"; fi
    pinned_runs=$((pinned_runs + 1))
  done

  t=topologies/seed002_overheads.xml
  topo_pins "$t" >"$tmp/expected"
  for sig in TERM KILL; do
    for ((i = 1; i <= PIN_REPS; i++)); do
      label="up $t + SIG$sig $i/$PIN_REPS"
      wait_no_foreign_pins || { fail "$label: foreign pins"; break; }
      brought_up+=("$t")
      "$MTULAB" up "$t" >"$tmp/out" 2>&1 &
      pid=$!
      started+=("$pid")
      for ((k = 0; k < 300; k++)); do
        grep -q 'press Ctrl-C' "$tmp/out" && break
        [ -e "/proc/$pid" ] && [ "$(awk '{ n = split($0, a, ") "); print substr(a[n], 1, 1) }' "/proc/$pid/stat")" != Z ] || break
        sleep 0.1
      done
      if ! grep -q 'press Ctrl-C' "$tmp/out"; then
        fail "$label: up did not reach its foreground wait"; sed 's/^/    /' "$tmp/out"
        kill -KILL "$pid" 2>/dev/null || true; wait "$pid" || true
        "$MTULAB" down "$t" >/dev/null 2>&1 || true
        continue
      fi
      pins_present "$tmp/expected" || fail "$label: expected pins missing: $(pins | tr '\n' ' ')"
      sample_wg "$pid" >"$tmp/wg.sampled"
      [ -s "$tmp/wg.sampled" ] || fail "$label: no wireguard-go child under up (expected on a kernel without wireguard)"
      kill -s "$sig" "$pid"
      if ! wait_exit "$pid" 60; then
        fail "$label: up did not exit within 60 s"; kill -KILL "$pid" 2>/dev/null || true; wait "$pid" || true
      fi
      extra=""
      if [ "$sig" = TERM ]; then
        [ "$RC" -eq 0 ] || fail "$label: exit $RC, expected 0"
        grep -q 'torn down' "$tmp/out" || fail "$label: no 'torn down' message"
      else
        [ "$RC" -eq 137 ] || fail "$label: exit $RC, expected 137"
        # The pins outlive SIGKILL by design; wireguard-go must not (PR_SET_PDEATHSIG).
        pins_present "$tmp/expected" || fail "$label: pins expected to outlive SIGKILL are gone"
        t0="$(now)"
        while :; do
          our_wireguard_go >"$tmp/wg.now"
          alive=0
          while read -r p st; do
            cur="$(awk '{ n = split($0, a, ") "); split(a[n], f, " "); if (f[1] != "Z") print f[20] }' "/proc/$p/stat" 2>/dev/null || true)"
            [ "$cur" = "$st" ] && alive=$((alive + 1))
          done <"$tmp/wg.sampled"
          [ "$alive" -eq 0 ] && [ ! -s "$tmp/wg.now" ] && break
          if awk -v a="$t0" -v b="$(now)" 'BEGIN { exit !(b - a > 5) }'; then
            fail "$label: wireguard-go survived SIGKILL of up (with the pins held): $(cat "$tmp/wg.now")"; break
          fi
          sleep 0.1
        done
        extra=", wireguard-go gone after $(elapsed "$t0")s with the pins still there"
        set +e; "$MTULAB" clean >"$tmp/clean.out" 2>&1; rc=$?; set -e
        [ "$rc" -eq 0 ] || { fail "$label: clean exited $rc"; sed 's/^/    /' "$tmp/clean.out"; }
        extra="$extra, then clean: $(tail -n 1 "$tmp/clean.out")"
      fi
      if check_clean "$label" "$tmp/wg.sampled"; then
        echo "[$label] exit $RC, $(wc -l <"$tmp/wg.sampled") wireguard-go at the signal$extra, clean after ${CLEAN_SECONDS}s/${CLEAN_PASSES} checks${CLEAN_FIRST:+ (first: $CLEAN_FIRST)}"
      fi
      pinned_runs=$((pinned_runs + 1))
    done
  done
fi

kills=$(( 3 * N ))
summary="$kills kills of mtulab run (SIGINT: ${midrun[INT]} mid-run/${finished_first[INT]} already finished, ${interrupted_total[INT]} cases reported interrupted; SIGTERM: ${midrun[TERM]}/${finished_first[TERM]}, ${interrupted_total[TERM]} interrupted; SIGKILL: ${midrun[KILL]}/${finished_first[KILL]}) + $pinned_runs pinned up runs: $leaks leaks, $failures other failures; slowest return to the baseline ${MAX_CLEAN}s (poll limit 5 s)"
if [ "$leaks" -eq 0 ] && [ "$failures" -eq 0 ]; then
  echo "PASS: kill-soak: $summary"
else
  echo "FAIL: kill-soak: $summary"
  exit 1
fi
