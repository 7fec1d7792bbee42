#!/usr/bin/env bash
# Runs a pipeline on the bundled sample, or on your input:
#   scripts/run.sh trips|roofs [--input FILE|GLOB] [--runner=FlinkRunner] [--jdbcUrl URL] [--help]
# Builds the project if needed and makes sure PostgreSQL is running first.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

domain="${1:-}"
[[ -n "$domain" ]] || die "usage: scripts/run.sh PIPELINE [options]; pipelines: trips, roofs"
shift
case "$domain" in
  trips) main=dev.tributary.pipelines.trips.TripsPipeline ;;
  roofs) main=dev.tributary.pipelines.roofs.RoofsPipeline ;;
  *) die "unknown pipeline '$domain'; pipelines: trips, roofs" ;;
esac

cd "$(repo_root)"
ensure_built
if [[ " $* " != *" --help"* ]]; then
  scripts/postgres.sh --jdbcUrl "$(jdbc_url "$@")" >&2
fi
run_main "$main" "$@"
