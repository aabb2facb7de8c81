#!/usr/bin/env bash
# `npm test`: start the local services once (own state folder and ports, so a developer's `gnnc dev up`
# is untouched), export their client env, run every test file in ONE `node --test` invocation so the
# closing summary counts everything, stop the services on exit, and exit with the tests' status.
# `npm run test:unit` (`test/run.sh unit`): unit tests only, no services.
#   GNNC_TEST_STATE_DIR  state folder of the test services   (default ./.state/test, wiped first)
#   GNNC_TEST_PORT_BASE  first of the 21 ports they use       (default 27600)
# Scratch folders the tests make go under a per-run TMPDIR, removed on exit.
set -euo pipefail
shopt -s globstar nullglob
cd "$(dirname "$0")/.."

mode="${1:-all}"
unit=(test/unit/**/*.test.ts)
integration=(test/integration/**/*.test.ts)
case "$mode" in
  unit) files=("${unit[@]}") ;;
  all) files=("${unit[@]}" "${integration[@]}") ;;
  *) echo "usage: test/run.sh [unit|all]" >&2; exit 2 ;;
esac
if [ "${#files[@]}" -eq 0 ]; then
  echo "test/run.sh: no test files found" >&2
  exit 1
fi

gnnc() { node bin/gnnc.js "$@"; }

# Tests make their scratch folders under TMPDIR: give the run its own and remove it at the end.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/gnnc-test-XXXXXX")"
services=""
cleanup() {
  if [ -n "$services" ]; then
    echo "test/run.sh: stopping test services" >&2
    gnnc dev down --state-dir "$services" >&2 || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

if [ "$mode" = all ]; then
  state="${GNNC_TEST_STATE_DIR:-$PWD/.state/test}"
  port_base="${GNNC_TEST_PORT_BASE:-27600}"
  # One test stack per state folder: a second `npm test` in the same tree waits instead of tearing
  # down the first one's services.
  mkdir -p "$(dirname "$state")"
  exec 9>"$state.lock"
  if ! flock -n 9; then
    echo "test/run.sh: another run holds $state.lock; waiting (or set GNNC_TEST_STATE_DIR and GNNC_TEST_PORT_BASE)" >&2
    flock 9
  fi
  gnnc dev down --state-dir "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
  services="$state"
  echo "test/run.sh: starting services in $state (ports $port_base..$((port_base + 20)))" >&2
  gnnc dev up --state-dir "$state" --port-base "$port_base" --headless >&2
  eval "$(gnnc dev env --state-dir "$state")"
  export GNNC_TEST_SERVICES_STATE_DIR="$state"
fi

set +e
TMPDIR="$scratch" node --import tsx --test --test-reporter=spec "${files[@]}"
status=$?
set -e
exit "$status"
