#!/usr/bin/env bash
# The analysts' questions on the sales database (the sales pipeline's generated transactions):
#   scripts/sales.sh top-members   # CSV: the top 10 members by spending
#   scripts/sales.sh top-items     # CSV: the top 3 items by the number of transactions with them
# Each takes --jdbcUrl URL (default: $TRIBUTARY_JDBC_URL, else the local database). The answers
# are the SQL files of infra/sql/queries/sales/, which psql runs as well; docs/sales.md says how
# ties break.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_cli dev.tributary.pipelines.sales.SalesCli "$@"
