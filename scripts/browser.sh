#!/usr/bin/env bash
# Make sure the browser checks can run: Debian's Chromium (/usr/bin/chromium), Node.js with npm,
# and scripts/browser's npm packages (playwright-core drives Chromium; mermaid parses the docs'
# diagrams). Installs what is missing (apt-get as root or with sudo; npm ci from the lock file).
# Prints the Chromium path. Usage: scripts/browser.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 0 ]] || die "usage: scripts/browser.sh (no arguments)"
root="$(repo_root)"

# apt_install PACKAGE...: Debian packages, as root or with sudo, logged to a temporary file.
apt_install() {
  local sudo="" log
  command -v apt-get >/dev/null || die "$* missing and automatic install needs apt-get (Debian/Ubuntu); install: $*"
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "$* missing; run as root: apt-get install -y $*"
    sudo=sudo
  fi
  log="$(mktemp -t tributary-apt.XXXXXX.log)"
  echo "browser: installing Debian's $* (log: $log)..." >&2
  { $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" ||
    { $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"; }; } >"$log" 2>&1 ||
    die "installing $* failed (see $log); run: sudo apt-get update && sudo apt-get install -y $*"
}

command -v chromium >/dev/null || apt_install chromium
command -v npm >/dev/null || apt_install nodejs npm

dir="$root/scripts/browser"
if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules" ]]; then
  echo "browser: installing the checks' npm packages (npm ci in scripts/browser)..." >&2
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) ||
    die "npm ci in scripts/browser failed (output above); the npm registry must be reachable"
  touch "$dir/node_modules"
fi
command -v chromium
