#!/usr/bin/env bash
# Style gate on what changed, never on untouched legacy code:
#   clang-format (.clang-format) on the changed lines of *.cc/*.h (--dry-run -Werror --lines),
#   clang-tidy (.clang-tidy) on the changed harness/ and reports/ *.cc files (code and unit
#   tests) that are in compile_commands.json.
#
# Usage: ci/style.sh [BASE]
# BASE is the commit to compare the working tree with (its committed and uncommitted changes).
# Without an argument: $MTULAB_STYLE_BASE; else the CI's own base (GitLab merge requests:
# CI_MERGE_REQUEST_DIFF_BASE_SHA; GitLab pushes: CI_COMMIT_BEFORE_SHA; GitHub pull requests:
# the merge base with origin/$GITHUB_BASE_REF); else HEAD~1, i.e. the last commit. With no
# usable base (a depth-1 clone) there is nothing to compare and the script says so and passes.
# clang-tidy needs $BUILD_DIR/compile_commands.json (default build/, made by
# ci/build.sh); without it only clang-format runs. Exit 1 when either finds something.
set -euo pipefail
cd "$(dirname "$0")/.."

have_commit() { [[ -n "$1" && ! "$1" =~ ^0+$ ]] && git rev-parse -q --verify "$1^{commit}" >/dev/null; }

base="${1:-${MTULAB_STYLE_BASE:-}}"
if [[ -z "$base" ]]; then
  for candidate in "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" "${CI_COMMIT_BEFORE_SHA:-}"; do
    if have_commit "$candidate"; then base="$candidate"; break; fi
  done
fi
if [[ -z "$base" && -n "${GITHUB_BASE_REF:-}" ]]; then
  base="$(git merge-base HEAD "origin/$GITHUB_BASE_REF" 2>/dev/null || true)"
fi
if [[ -z "$base" ]] && have_commit HEAD~1; then base=HEAD~1; fi
if ! have_commit "$base"; then
  echo "style: no base commit to compare with (shallow clone?); nothing checked"
  exit 0
fi

clang_format="$(command -v clang-format-14 || command -v clang-format)"
clang_tidy="$(command -v clang-tidy-14 || command -v clang-tidy || true)"
status=0

# "FILE<TAB>--lines=A:B ..." for the lines each changed file has that BASE did not. -M: a file
# moved with `git mv` counts only its edited lines (git clang-format would take all of them).
changed_lines() {
  git diff -M -U0 --no-color --diff-filter=ACMR "$base" -- '*.cc' '*.h' | awk '
    /^\+\+\+ b\// { file = substr($0, 7) }
    /^@@ / {
      split($3, range, ",")
      start = substr(range[1], 2) + 0
      count = (range[2] == "") ? 1 : range[2] + 0
      if (count > 0) lines[file] = lines[file] " --lines=" start ":" (start + count - 1)
    }
    END { for (f in lines) print f "\t" lines[f] }'
}

echo "style: lines changed since $(git rev-parse --short "$base")"
while IFS=$'\t' read -r file ranges; do
  # shellcheck disable=SC2086  # ranges is a list of --lines options
  if ! "$clang_format" --dry-run -Werror $ranges "$file"; then
    echo "style: fix with: $clang_format -i$ranges $file"
    status=1
  fi
done < <(changed_lines)

build_dir="${BUILD_DIR:-build}"
if [[ -z "$clang_tidy" || ! -f "$build_dir/compile_commands.json" ]]; then
  echo "style: clang-tidy skipped (no clang-tidy or no $build_dir/compile_commands.json)"
  exit "$status"
fi
mapfile -t changed < <(git diff -M --name-only --diff-filter=ACMR "$base" -- 'harness/*.cc' 'reports/*.cc')
tidy_files=()
for f in "${changed[@]}"; do
  grep -q "\"file\": \"$PWD/$f\"" "$build_dir/compile_commands.json" && tidy_files+=("$f")
done
if ((${#tidy_files[@]})); then
  echo "style: clang-tidy on ${#tidy_files[@]} changed file(s)"
  if ! printf '%s\n' "${tidy_files[@]}" |
      xargs -P "$(nproc)" -n 2 "$clang_tidy" -p "$build_dir" --quiet 2>/dev/null; then
    echo "style: clang-tidy found problems (above)"
    status=1
  fi
fi
exit "$status"
