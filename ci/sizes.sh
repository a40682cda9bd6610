#!/usr/bin/env bash
# House rule from README "Layout": no source file over 400 lines, no function over 60.
# Checks every tracked *.cc / *.h (code and tests); functions are found by Universal Ctags
# (Debian universal-ctags), whose end line of a function is its closing brace.
# Usage: ci/sizes.sh   (from anywhere; exit 1 naming each offender, 2 without ctags)
set -euo pipefail
cd "$(dirname "$0")/.."

max_file=400
max_function=60
ctags="$(command -v ctags-universal || command -v ctags || true)"
if [[ -z "$ctags" ]] || ! "$ctags" --version 2>/dev/null | grep -q 'Universal Ctags'; then
  echo "sizes: Universal Ctags is needed: apt-get install universal-ctags" >&2
  exit 2
fi

mapfile -t files < <(git ls-files '*.cc' '*.h')
if ((${#files[@]} == 0)); then
  echo "sizes: no tracked *.cc / *.h files here (not a git checkout?)" >&2
  exit 2
fi
if ((${#files[@]} == 0)); then
  echo "sizes: no tracked *.cc / *.h files here (not a git checkout?)" >&2
  exit 2
fi
status=0
while read -r lines file; do
  [[ "$file" == total ]] && continue
  if ((lines > max_file)); then
    echo "sizes: $file has $lines lines (over $max_file)"
    status=1
  fi
done < <(wc -l "${files[@]}")

while IFS=$'\t' read -r name file start end; do
  [[ -n "$end" ]] || continue
  length=$((end - start + 1))
  if ((length > max_function)); then
    echo "sizes: $file:$start: $name is $length lines (over $max_function)"
    status=1
  fi
done < <("$ctags" -x --_xformat='%N	%F	%n	%{end}' --kinds-C++=f --language-force=C++ \
  "${files[@]}")

if ((status == 0)); then
  echo "sizes: ${#files[@]} files, none over $max_file lines, no function over $max_function"
fi
exit "$status"
