#!/usr/bin/env bash
# Benchmarks the trips ingest end to end against a plain COPY of the same file, in one run:
#   scripts/bench-trips.sh N [--runner FlinkRunner|DirectRunner|both] [--into-existing | --rerun]
#                            [--loadMode auto|bulk|incremental] [--no-sql-peer] [--keep]
# Modes (each prints rows/s, ratio to COPY, wall time, peak JVM RSS, the run's summary and load:
# lines, the database's size, the weekly-average query latencies and a summary table):
#   default          fresh load of N trips (seed 42) into an empty database; also times a plain-SQL
#                    peer (COPY, INSERT ... SELECT into typed columns, GROUP BY into similar-trip
#                    groups) unless --no-sql-peer. Target: >= 0.25 x COPY (stretch 0.35), above SQL.
#   --into-existing  loads N trips (seed 42) untimed, then times N other trips (seed 43) into the
#                    same tables. Target: >= 0.15 x COPY.
#   --rerun          loads N trips (seed 42) untimed, then times the same file again; the tables
#                    must not change (fingerprinted before and after). Target: >= 0.3 x COPY.
# Queries: best of 5, target < 100 ms. --loadMode is handed to the job (its default: auto).
# Data: work/bench/trips-N.csv and trips-N-seed43.csv, generated once; database: tributary_bench
# on the local server (recreated per runner; --keep leaves the last one).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/bench-trips.sh N [--runner FlinkRunner|DirectRunner|both] [--into-existing | --rerun] [--loadMode auto|bulk|incremental] [--no-sql-peer] [--keep]"
n="${1:-}"
[[ "$n" =~ ^[1-9][0-9]{0,17}$ ]] || die "N must be a positive number of trips, got '$n'; $usage"
shift
runner=FlinkRunner mode=fresh load_mode="" sql_peer=true keep=false
while (($#)); do
  case "$1" in
    --runner) [[ $# -ge 2 ]] || die "--runner needs FlinkRunner, DirectRunner or both"; runner="$2"; shift 2 ;;
    --runner=*) runner="${1#--runner=}"; shift ;;
    --loadMode) [[ $# -ge 2 ]] || die "--loadMode needs auto, bulk or incremental"; load_mode="$2"; shift 2 ;;
    --loadMode=*) load_mode="${1#--loadMode=}"; shift ;;
    --into-existing | --rerun)
      [[ "$mode" == fresh ]] || die "--into-existing and --rerun exclude each other; $usage"
      mode="${1#--}"; shift ;;
    --no-sql-peer) sql_peer=false; shift ;;
    --keep) keep=true; shift ;;
    *) die "unknown argument '$1'; $usage" ;;
  esac
done
case "$runner" in
  FlinkRunner | DirectRunner) runners=("$runner") ;;
  both) runners=(DirectRunner FlinkRunner) ;;
  *) die "--runner must be FlinkRunner, DirectRunner or both, was '$runner'" ;;
esac
[[ -z "$load_mode" || "$load_mode" =~ ^(auto|bulk|incremental)$ ]] ||
  die "--loadMode must be auto, bulk or incremental, was '$load_mode'"
# The peer answers "why not plain SQL?" for a fresh load only: SQL loading into existing tables
# or skipping stored rows would be another query, not this one.
[[ "$mode" == fresh ]] || sql_peer=false
case "$mode" in
  fresh) target=0.25 target_text="target >= 0.25 x COPY (stretch 0.35) and above plain SQL" ;;
  into-existing) target=0.15 target_text="target >= 0.15 x COPY" ;;
  rerun) target=0.3 target_text="target >= 0.3 x COPY" ;;
esac

cd "$(repo_root)"
ensure_built
scripts/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || die "GNU time is needed for peak memory: sudo apt-get install -y time"
bench_database
jvm_archive  # the JVM's class archive, as a deployment would have it (lib.sh)

# trips_file FILE [--seed S]: generates FILE once. Written under another name and renamed when
# complete, so an interrupted generation is not mistaken for the data next time.
trips_file() {
  local file="$1"; shift
  if [[ ! -f "$file" ]]; then
    scripts/generate-trips.sh "$n" "$file.part" "$@" >&2 || die "generating $file failed"
    mv "$file.part" "$file"
  fi
  echo "input: $file ($n rows, $(($(stat -c %s "$file") / 1048576)) MiB)"
}
input="work/bench/trips-$n.csv"
trips_file "$input"
timed="$input"
if [[ "$mode" == into-existing ]]; then
  timed="work/bench/trips-$n-seed43.csv"
  trips_file "$timed" --seed 43
fi

# rate SECONDS, ratio RATE: rows/s of the timed file and its share of the COPY baseline's.
rate() { calc "int($n / $1)"; }
ratio() { calc "$1 / $copy_rate"; }
summary_rows=()
summary_row() { # LABEL RATE SECONDS [NOTE]
  summary_rows+=("$(printf '%-13s %-22s %8d  %6.2f  %7.1f   %s' "" "$1" "$2" "$(ratio "$2")" "$3" "${4:-}")")
}

# Baseline: the timed file with psql's \copy into an unindexed table of text columns. Dropped at
# once: at 100M trips it holds 12 GB, which the runs after it need on disk.
recreate_db
psql_db -d "$db" -c "CREATE TABLE copy_baseline (region text, origin_coord text, destination_coord text, datetime text, datasource text)"
start=$(date +%s.%N)
psql_db -d "$db" -c "\\copy copy_baseline FROM '$timed' WITH (FORMAT csv, HEADER true)"
copy_s=$(calc "$(date +%s.%N) - $start")
psql_db -d "$db" -c "DROP TABLE copy_baseline"
copy_rate=$(rate "$copy_s")
printf 'baseline  COPY into an unindexed table: %8d rows/s (%.1f s)\n' "$copy_rate" "$copy_s"
summary_row "COPY (baseline)" "$copy_rate" "$copy_s"

# Plain-SQL peer: what the job does (parse, type, group similar trips), written as three statements
# over the same file in the same database: no cleaning, no idempotence, no indexes, no query tables.
# Groups as the job's defaults: 0.01-degree origin/destination cells, 30-minute time-of-day buckets.
sql_rate=0
if $sql_peer; then
  psql_db -d "$db" \
    -c "CREATE TABLE plain_staging (region text, origin_coord text, destination_coord text, datetime text, datasource text)" \
    -c "CREATE TABLE plain_trips (region text, datasource text, started_at timestamp, origin_lon float8,
          origin_lat float8, destination_lon float8, destination_lat float8)"
  start=$(date +%s.%N)
  # WKT 'POINT (lon lat)': trimming the letters, the space and the parentheses leaves 'lon lat'.
  psql_db -d "$db" -c "\\copy plain_staging FROM '$timed' WITH (FORMAT csv, HEADER true)" \
    -c "INSERT INTO plain_trips
          SELECT region, datasource, datetime::timestamp,
                 split_part(btrim(origin_coord, 'POINT ()'), ' ', 1)::float8,
                 split_part(btrim(origin_coord, 'POINT ()'), ' ', 2)::float8,
                 split_part(btrim(destination_coord, 'POINT ()'), ' ', 1)::float8,
                 split_part(btrim(destination_coord, 'POINT ()'), ' ', 2)::float8
          FROM plain_staging" \
    -c "DROP TABLE plain_staging" \
    -c "CREATE TABLE plain_groups AS
          SELECT region, floor(origin_lon / 0.01)::int AS ox, floor(origin_lat / 0.01)::int AS oy,
                 floor(destination_lon / 0.01)::int AS dx, floor(destination_lat / 0.01)::int AS dy,
                 (extract(hour FROM started_at) * 2 + floor(extract(minute FROM started_at) / 30))::int AS bucket,
                 count(*), min(started_at), max(started_at)
          FROM plain_trips GROUP BY 1, 2, 3, 4, 5, 6"
  sql_s=$(calc "$(date +%s.%N) - $start")
  groups=$(psql_db -d "$db" -c "SELECT count(*) FROM plain_groups")
  psql_db -d "$db" -c "DROP TABLE plain_trips, plain_groups"
  sql_rate=$(rate "$sql_s")
  printf 'plain SQL COPY + INSERT ... SELECT + GROUP BY: %8d rows/s (%.1f s), ratio to COPY %.2f; %d groups\n' \
    "$sql_rate" "$sql_s" "$(ratio "$sql_rate")" "$groups"
  summary_row "plain SQL" "$sql_rate" "$sql_s"
fi

# pipeline RUNNER FILE LOG: one run of the trips job on FILE into $db, its output in LOG, its peak
# RSS (KiB, GNU time) in LOG.mem; sets wall to its seconds from JVM start to exit.
pipeline() {
  local start
  local -a args=(--input="$2" --jdbcUrl="$url" --runner="$1" --progress=false)
  [[ -z "$load_mode" ]] || args+=(--loadMode="$load_mode")
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$3.mem" \
    bash -c 'source scripts/lib.sh; run_main dev.tributary.pipelines.Main trips "$@"' bash "${args[@]}" >"$3" 2>&1 ||
    { tail -5 "$3" >&2; die "the $1 run on $2 failed; full log: $3"; }
  wall=$(calc "$(date +%s.%N) - $start")
}

# fingerprint: rows and a hash of every column of every row of the tables a load writes: changes
# if any row is added, removed or altered, whatever the physical order.
fingerprint() {
  psql_db -d "$db" -c "
    SELECT format('trips %s/%s, groups %s/%s, area weeks %s/%s, blocks %s/%s, region sources %s/%s',
                  t.n, t.h, g.n, g.h, a.n, a.h, b.n, b.h, r.n, r.h)
    FROM (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM trips.trips x) t,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM trips.trip_groups x) g,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM trips.trip_area_weeks x) a,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM trips.trip_area_blocks x) b,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM trips.trip_region_sources x) r"
}

for runner in "${runners[@]}"; do
  recreate_db
  log=$(mktemp)
  if [[ "$mode" != fresh ]]; then
    echo "$runner  loading $input first (untimed)..."
    pipeline "$runner" "$input" "$log"
    grep '^load:' "$log" | sed "s/^/$runner  untimed /" || true
    if [[ "$mode" == rerun ]]; then before=$(fingerprint); fi
  fi
  pipeline "$runner" "$timed" "$log"
  summary=$(grep '^run ' "$log") || die "the $runner run printed no 'run ...' summary line; full log: $log"
  run_s=$(psql_db -d "$db" -c "SELECT extract(epoch FROM finished_at - started_at) FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1")
  peak_mib=$(($(tail -1 "$log.mem") / 1024))
  # Sizes right after the run, before the VACUUM below adds visibility maps.
  IFS='|' read -r db_size trips_size < <(psql_db -d "$db" -c "
    SELECT pg_size_pretty(pg_database_size(current_database())), pg_size_pretty(coalesce(sum(pg_total_relation_size(c.oid)), 0))
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'trips' AND c.relkind IN ('r', 'm')")
  rate=$(rate "$wall")
  ratio=$(ratio "$rate")
  verdict=met
  if [[ $(calc "$ratio >= $target") != 1 ]] || { $sql_peer && ((rate <= sql_rate)); }; then
    verdict="not met"
  fi
  printf '%-12s end to end:                 %8d rows/s (%.1f s wall incl. JVM and runner start-up; the run itself %.1f s)\n' \
    "$runner" "$rate" "$wall" "$run_s"
  printf '%-12s ratio to COPY: %.2f (%s: %s); peak memory %d MiB (JVM RSS)\n' \
    "$runner" "$ratio" "$target_text" "$verdict" "$peak_mib"
  echo "$runner  $summary"
  grep '^load:' "$log" | sed "s/^/$runner  /" || true  # the job's load-mode choice, if it says one
  echo "$runner  database $db_size (trips schema $trips_size)"
  if [[ "$mode" == rerun ]]; then
    after=$(fingerprint)
    if [[ "$after" != "$before" ]]; then
      echo "before: $before" >&2
      echo "after:  $after" >&2
      die "rerun changed the tables (fingerprints above)"
    fi
    echo "$runner  rerun: tables unchanged ($after)"
  fi
  load_word=$(grep -m1 -o '^load: [a-z]*' "$log" | sed 's/^load:/, load/') || true
  summary_row "$runner" "$rate" "$wall" "peak RSS $peak_mib MiB$load_word"
  rm -f "$log" "$log.mem"
done

best_ms() { # best of 5 runs of a query file with psql variables, in milliseconds
  local best=999999 t
  for _ in 1 2 3 4 5; do
    t=$(psql_db -d "$db" -c '\timing on' "$@" 2>&1 | grep -o 'Time: [0-9.]*' | tail -1 | cut -d' ' -f2)
    best=$(calc "($t < $best) ? $t : $best")
  done
  echo "$best"
}

# Query latency on the last database: a region, a 0.1-degree box and a city-wide box in Prague,
# and the same 0.1-degree box moved off the 0.0025-degree grid (a box typed with two decimals
# lies on it: its first column and row come from the aggregates; off it, edge cells are read).
# Autovacuum marks freshly loaded pages all-visible soon after a load, which lets the box query
# count its edge cells from the index alone; VACUUM does that now instead of waiting for it. A bulk
# load already vacuums and analyzes at its end, and then this one finds little left to do.
psql_db -d "$db" -c "VACUUM (ANALYZE) trips.trips"
region_ms=$(best_ms -v region=Prague -v weeks_with_data=false -f infra/sql/queries/weekly_average_region.sql)
small_ms=$(best_ms -v min_lon=14.40 -v min_lat=50.05 -v max_lon=14.50 -v max_lat=50.10 -v match=origin \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
city_ms=$(best_ms -v min_lon=14.22 -v min_lat=49.94 -v max_lon=14.70 -v max_lat=50.18 -v match=origin \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
dest_ms=$(best_ms -v min_lon=14.40 -v min_lat=50.05 -v max_lon=14.50 -v max_lat=50.10 -v match=destination \
  -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
off_ms=$(best_ms -v min_lon=14.4013 -v min_lat=50.0507 -v max_lon=14.5013 -v max_lat=50.1007 \
  -v match=origin -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql)
printf 'weekly-average query (best of 5): region %.1f ms; bbox 0.1 deg %.1f ms (destination %.1f ms, off the grid %.1f ms); bbox city %.1f ms (target < 100 ms)\n' \
  "$region_ms" "$small_ms" "$dest_ms" "$off_ms" "$city_ms"

echo
printf '%-13s %-22s %8s  %6s  %7s\n' "N=$n" "route ($mode)" "rows/s" "ratio" "wall s"
printf '%s\n' "${summary_rows[@]}" | sed 's/ *$//'
printf 'db size %s (trips schema %s); queries: region %.0f ms, box %.0f/%.0f ms (off the grid %.0f ms), city %.0f ms (< 100 ms)\n' \
  "$db_size" "$trips_size" "$region_ms" "$small_ms" "$dest_ms" "$off_ms" "$city_ms"
echo "$mode: $target_text; queries < 100 ms"
$keep || psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
