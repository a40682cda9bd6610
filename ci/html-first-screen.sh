#!/usr/bin/env bash
# ci/html-first-screen.sh [SCREENSHOT.png]
#
# Checks that the HTML report of a failing run shows the failure and its topology on the first
# screen (issue 16): runs build/mtulab (or $MTULAB) on seed003_calico with one case mutated to
# fail (its pod MTU override 8950 -> 1450, in a temporary copy), renders report.html in headless
# Chromium (Debian package chromium) at 1280x800, saves the screenshot (default
# ./html-first-screen.png) and measures, in a copy of the page with a small script appended,
# where the first failure's heading, its expected-vs-observed table and its topology picture
# start. Exit 0 when all three start within the first 800 px; 1 otherwise; 2 when it cannot run
# (needs root for mtulab and chromium installed). Too heavy for the test suite (Chromium start:
# seconds), so it is a script; run it after changing reports/html_writer.cc.
set -euo pipefail

out="${1:-$PWD/html-first-screen.png}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mtulab="${MTULAB:-$here/build/mtulab}"
[ "$(id -u)" = 0 ] || { echo "$0: needs root (mtulab run)" >&2; exit 2; }
command -v chromium >/dev/null || { echo "$0: chromium is not installed (apt-get install chromium)" >&2; exit 2; }
[ -x "$mtulab" ] || { echo "$0: no mtulab at $mtulab (set MTULAB)" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/mtulab-first-screen.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/suites" "$here/topologies" "$tmp/"
python3 - "$tmp/suites/seed003_calico.xml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
start = text.index('<case name="pod_mtu_8950_passes_8900_df">')
end = text.index('</case>', start)
case = text[start:end].replace('<mtu node="client" dev="eth0" value="8950"/>',
                               '<mtu node="client" dev="eth0" value="1450"/>')
open(path, "w").write(text[:start] + case + text[end:])
PY
(cd "$tmp" && "$mtulab" run --junit out/junit.xml suites/seed003_calico.xml >run.log 2>&1) &&
  { echo "$0: the mutated run passed; nothing to show" >&2; exit 2; }
grep -q 'id="failures"' "$tmp/out/report.html" || { echo "$0: no failures section" >&2; exit 1; }

chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,800
        --user-data-dir="$tmp/profile")
"${chrome[@]}" --screenshot="$out" "file://$tmp/out/report.html" >/dev/null 2>&1
echo "screenshot: $out"

# The page has no script; a copy gets one that writes the positions into the DOM.
cat >>"$tmp/out/measure.html" <"$tmp/out/report.html"
cat >>"$tmp/out/measure.html" <<'JS'
<script>
const y = s => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().top) : -1; };
document.body.insertAdjacentHTML('beforeend', '<pre id="measured">heading=' + y('#failures .failure h3') +
  ' table=' + y('#failures .failure table.deciding') + ' picture=' + y('#failures .failure figure svg') + '</pre>');
</script>
JS
measured=$("${chrome[@]}" --dump-dom "file://$tmp/out/measure.html" 2>/dev/null |
           grep -o 'heading=[-0-9]* table=[-0-9]* picture=[-0-9]*')
echo "first failure, px from the top of a 1280x800 window: $measured"
for v in $measured; do
  px="${v#*=}"
  if [ "$px" -lt 0 ] || [ "$px" -ge 800 ]; then
    echo "NOT on the first screen: $v" >&2
    exit 1
  fi
done
echo "the failure, its expected vs observed and its topology start on the first screen"
