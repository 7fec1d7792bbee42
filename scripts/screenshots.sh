#!/usr/bin/env bash
# Refreshes docs/screenshots/: runs the dashboard's browser test (DashboardIT: the pipelines fill a
# test database from their samples, headless Chromium draws every page and checks its charts
# against the database), saving its screenshots there instead of under pipelines/target.
#   scripts/screenshots.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 0 ]] || die "usage: scripts/screenshots.sh (no arguments)"
root="$(repo_root)"
"$root/scripts/postgres.sh" >&2
"$root/scripts/browser.sh" >/dev/null
command -v mvn >/dev/null || die "Maven (mvn) not found; install it, e.g. sudo apt-get install -y maven"
cd "$root"
mvn -B -q verify -pl pipelines -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=DashboardIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Ddashboard.screenshots="$root/docs/screenshots" ||
  die "the dashboard's browser test failed (output above); docs/screenshots may be partly refreshed"
echo "screenshots: $(ls "$root/docs/screenshots" | tr '\n' ' ')in docs/screenshots"
