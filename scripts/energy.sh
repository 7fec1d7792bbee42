#!/usr/bin/env bash
# Reports on the stored energy data, as CSV (a header line, then the rows) on stdout:
#   scripts/energy.sh report production-trend|underperformance|price-vs-wind
#                     [--from YYYY-MM-DD] [--to YYYY-MM-DD]   # default: the days stored
#                     [--country de] [--zone Europe/Berlin]
#                     [--bzn DE-LU]                           # price-vs-wind
#                     [--threshold 0.5] [--min-expected-mw 100]  # underperformance
#   scripts/energy.sh quality [--run N]    # the last run's data-quality checks, failed first
# Each takes --jdbcUrl URL (default: $TRIBUTARY_JDBC_URL, else the local database). The reports
# are the SQL files of infra/sql/queries/energy/ (docs/energy.md, "Reports").
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_cli dev.tributary.pipelines.energy.EnergyCli "$@"
