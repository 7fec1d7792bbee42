#!/usr/bin/env bash
# Run the whole test suite: make sure PostgreSQL is up (tests create their own
# tributary_test_* databases on it), then `mvn -B verify`. Extra args go to mvn.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(repo_root)"
"$root/scripts/postgres.sh"
command -v mvn >/dev/null || die "Maven (mvn) not found; install it, e.g. sudo apt-get install -y maven"
cd "$root"
exec mvn -B verify "$@"
