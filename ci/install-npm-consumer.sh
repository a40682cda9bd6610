#!/usr/bin/env bash
# Installs one npm consumer of JUnit XML, junit2json, for the end-to-end test that checks
# mtulab's JUnit the way JavaScript CI tooling reads it (tests/e2e/reports_e2e_test.cc,
# JunitConsumers.Junit2jsonCounts). Optional: that test is skipped, saying why, when node or
# the package is missing. It needs the npm registry, which this project's CI may not reach;
# run it by hand on a machine that does:
#
#   ci/install-npm-consumer.sh            # into ~/.cache/mtulab/npm-consumer
#   MTULAB_NPM_PREFIX=/some/dir ci/install-npm-consumer.sh
#
# The package goes outside the checkout (nothing here is committed or gitignored); the test
# looks in the same place ($MTULAB_NPM_PREFIX, else ~/.cache/mtulab/npm-consumer).
set -euo pipefail

version=4.0.0
prefix="${MTULAB_NPM_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/mtulab/npm-consumer}"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-npm-consumer: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$prefix"
if [ -x "$prefix/node_modules/.bin/junit2json" ] &&
   grep -q "\"version\": \"$version\"" "$prefix/node_modules/junit2json/package.json"; then
  echo "install-npm-consumer: junit2json $version already in $prefix"
  exit 0
fi
if ! npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "junit2json@$version"; then
  echo "install-npm-consumer: npm could not install junit2json@$version (is the npm registry" \
       "reachable?); the end-to-end test that uses it will be skipped" >&2
  exit 1
fi
echo "install-npm-consumer: junit2json $version installed in $prefix"
