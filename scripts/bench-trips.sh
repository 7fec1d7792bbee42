#!/usr/bin/env bash
# Benchmarks the trips ingest end to end against a plain COPY of the same file, in one run:
#   scripts/bench-trips.sh N [--runner FlinkRunner|DirectRunner|both] [--keep]
# Prints rows/s end to end, peak memory, the COPY baseline's rows/s, their ratio, and the latency
# of the weekly-average queries. Data: work/bench/trips-N.csv (generated once, seed 42); database:
# tributary_bench on the local server (recreated per runner; --keep leaves the last one).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

n="${1:-}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/bench-trips.sh N [--runner FlinkRunner|DirectRunner|both] [--keep]"
shift
bench_options "usage: scripts/bench-trips.sh N [--runner FlinkRunner|DirectRunner|both] [--keep]" FlinkRunner "$@"

cd "$(repo_root)"
ensure_built
scripts/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || die "GNU time is needed for peak memory: sudo apt-get install -y time"
bench_database

input="work/bench/trips-$n.csv"
if [[ ! -f "$input" ]]; then
  scripts/generate-trips.sh "$n" "$input" >&2
fi
bytes=$(stat -c %s "$input")
echo "input: $input ($n rows, $((bytes / 1048576)) MiB)"

# Baseline: the same file with psql's \copy into an unindexed table of text columns.
recreate_db
psql_db -d "$db" -c "CREATE TABLE copy_baseline (region text, origin_coord text, destination_coord text, datetime text, datasource text)"
start=$(date +%s.%N)
psql_db -d "$db" -c "\\copy copy_baseline FROM '$input' WITH (FORMAT csv, HEADER true)"
copy_s=$(calc "$(date +%s.%N) - $start")
copy_rate=$(calc "int($n / $copy_s)")
printf 'baseline  COPY into an unindexed table: %8d rows/s (%.1f s)\n' "$copy_rate" "$copy_s"

best_ms() { # best of 5 runs of a query file with psql variables, in milliseconds
  local best=999999 t
  for _ in 1 2 3 4 5; do
    t=$(psql_db -d "$db" -c '\timing on' "$@" 2>&1 | grep -o 'Time: [0-9.]*' | tail -1 | cut -d' ' -f2)
    best=$(calc "($t < $best) ? $t : $best")
  done
  echo "$best"
}

for runner in "${runners[@]}"; do
  recreate_db
  log=$(mktemp)
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$log.mem" bash -c "source scripts/lib.sh; run_main dev.tributary.pipelines.Main trips \
      --input='$input' --jdbcUrl='$url' --runner=$runner --progress=false" >"$log" 2>&1 ||
    { tail -5 "$log" >&2; die "the $runner run failed; full log: $log"; }
  wall=$(calc "$(date +%s.%N) - $start")
  summary=$(grep '^run ' "$log")
  run_s=$(psql_db -d "$db" -c "SELECT extract(epoch FROM finished_at - started_at) FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1")
  rate=$(calc "int($n / $wall)")
  peak_mib=$(( $(cat "$log.mem") / 1024 ))
  printf '%-12s end to end:                 %8d rows/s (%.1f s wall incl. JVM and runner start-up; the run itself %.1f s)\n' \
    "$runner" "$rate" "$wall" "$run_s"
  printf '%-12s ratio to COPY: %.2f (target 0.25, stretch 0.5); peak memory %d MiB (JVM RSS)\n' \
    "$runner" "$(calc "$rate / $copy_rate")" "$peak_mib"
  echo "$runner  $summary"
  rm -f "$log" "$log.mem"
done

# Query latency on the last database: a region, a 0.1-degree box and a city-wide box in Prague.
# Autovacuum marks freshly loaded pages all-visible soon after a load, which lets the box query
# count its edge cells from the index alone; VACUUM does that now instead of waiting for it.
psql_db -d "$db" -c "VACUUM (ANALYZE) trips.trips"
region_ms=$(best_ms -v region=Prague -v weeks_with_data=false -f infra/sql/queries/weekly_average_region.sql)
small_ms=$(best_ms -v min_lon=14.40 -v min_lat=50.05 -v max_lon=14.50 -v max_lat=50.10 -v match=origin \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
city_ms=$(best_ms -v min_lon=14.22 -v min_lat=49.94 -v max_lon=14.70 -v max_lat=50.18 -v match=origin \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
dest_ms=$(best_ms -v min_lon=14.40 -v min_lat=50.05 -v max_lon=14.50 -v max_lat=50.10 -v match=destination \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
printf 'weekly-average query (best of 5): region %s ms; bbox 0.1 deg %s ms (destination %s ms); bbox city %s ms (target < 100 ms)\n' \
  "$region_ms" "$small_ms" "$dest_ms" "$city_ms"
$keep || psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
