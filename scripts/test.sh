#!/usr/bin/env bash
# Run the whole test suite: make sure PostgreSQL is up (tests create their own
# tributary_test_* databases on it) and the browser checks can run (Chromium, Node.js and their npm
# packages: DashboardIT draws the dashboard in Chromium), check the docs' Mermaid diagrams, then
# `mvn -B verify`. Extra args go to mvn.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(repo_root)"
"$root/scripts/postgres.sh"
command -v mvn >/dev/null || die "Maven (mvn) not found; install it, e.g. sudo apt-get install -y maven"
cd "$root"
scripts/browser.sh >/dev/null
scripts/check-diagrams.sh
exec mvn -B verify "$@"
