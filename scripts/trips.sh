#!/usr/bin/env bash
# Questions about the stored trips, and live ingestion status:
#   scripts/trips.sh weekly-average (--bbox minLon,minLat,maxLon,maxLat | --region NAME)
#                                   [--match origin|destination|both] [--weeks-with-data]
#   scripts/trips.sh latest-datasource
#   scripts/trips.sh regions --datasource cheap_mobile
#   scripts/trips.sh watch            # prints every ingestion event as it is pushed (LISTEN)
# Each takes --jdbcUrl URL (default: $TRIBUTARY_JDBC_URL, else the local database).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_cli dev.tributary.pipelines.trips.TripsCli "$@"
