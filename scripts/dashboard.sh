#!/usr/bin/env bash
# The reports' dashboard: a page per pipeline (covid, trips, energy, weather, roofs) with charts of
# its tables, read live from PostgreSQL, at http://127.0.0.1:8088 until Ctrl-C:
#   scripts/dashboard.sh [--port 8088] [--host 127.0.0.1] [--jdbcUrl URL]
# e.g. scripts/run.sh covid && scripts/dashboard.sh, then open http://127.0.0.1:8088/covid.
# Builds the project if needed and makes sure PostgreSQL is running first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$(repo_root)"
ensure_built
if [[ " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  scripts/postgres.sh --jdbcUrl "$(jdbc_url "$@")" >&2
fi
run_main dev.tributary.pipelines.dashboard.Dashboard "$@"
