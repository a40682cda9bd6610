#!/usr/bin/env bash
# Installs the npm consumers of JUnit XML for the end-to-end tests that check mtulab's JUnit
# the way JavaScript CI tooling reads it: junit2json (tests/e2e/reports_e2e_test.cc,
# Junit2jsonCountsWhatTheRunDid) and xunit-viewer (tests/e2e/junit_xunit_viewer_e2e_test.cc).
# Optional: those tests are skipped, saying why, when node or a package is missing. They
# need the npm registry, which this project's CI may not reach; run it by hand on a machine
# that does:
#
#   ci/install-npm-consumer.sh            # into ~/.cache/mtulab/npm-consumer
#   MTULAB_NPM_PREFIX=/some/dir ci/install-npm-consumer.sh
#
# The packages go outside the checkout (nothing here is committed or gitignored); the tests
# look in the same place ($MTULAB_NPM_PREFIX, else ~/.cache/mtulab/npm-consumer).
set -euo pipefail

packages=(junit2json@4.0.0 xunit-viewer@10.6.1)
prefix="${MTULAB_NPM_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/mtulab/npm-consumer}"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-npm-consumer: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$prefix"
missing=()
for p in "${packages[@]}"; do
  name="${p%@*}" version="${p##*@}"
  if grep -q "\"version\": \"$version\"" "$prefix/node_modules/$name/package.json" 2>/dev/null; then
    echo "install-npm-consumer: $name $version already in $prefix"
  else
    missing+=("$p")
  fi
done
[ ${#missing[@]} -gt 0 ] || exit 0
if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "${missing[@]}"; then
  echo "install-npm-consumer: npm could not install ${missing[*]} (is the npm registry" \
       "reachable?); the end-to-end tests that use them will be skipped" >&2
  exit 1
fi
echo "install-npm-consumer: ${missing[*]} installed in $prefix"
