#!/usr/bin/env bash
# Benchmarks the weather job end to end: N cities × a day of readings through the pipeline against
# a plain COPY of the same readings, and a poll of the N cities through a local replay of
# OpenWeatherMap with and without the free tier's limit, in one run:
#   scripts/bench-weather.sh N [--runner DirectRunner|FlinkRunner|both] [--keep]
# A day cannot be polled live in a bench (one poll is one run, every 10 minutes), so
# WeatherDayAnswers (io test classes) writes N cities (the 40 sample cities, then neighbours the
# replay answers with their sample city's reading) and the replay's answers to a poll every 10
# minutes of 2025-06-15 UTC for each, 144 per city, as a run stores them. Per runner, into an empty
# database: a poll of the N cities (no limit; it also creates the schema, the cities and a run),
# whose rows are then removed; the day's answers loaded into weather.raw_responses (untimed); the
# rebuild from them (--source=staged: readings, daily summaries, moving averages), timed; the same
# rebuild again, which must change nothing (inserted 0, updated 0, no derived row written, the
# tables' fingerprints equal); a poll with the day stored at the day's next step (no limit), then at
# the step after with --requestsPerMinute=60, the free tier's limit: at least (N-1) s, a bound set
# by the API, not the pipeline. The replay server is our own (a free port, its now fixed, no limit
# of its own). Prints readings/s end to end (JVM start to exit) and the ratio to the baseline, a
# raw COPY of the rebuilt readings (exported to CSV, untimed) into an unindexed text table, timed in
# the same run; peak JVM RSS; the database's size; the runs' summary lines and a summary table.
# Quote ratios and medians: the machines are shared and noisy.
# Data: work/bench/weather-N-{cities,answers,observations}.csv; database: tributary_bench_weather
# on the local server (recreated per runner); --keep leaves both, else they are removed at the end.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/bench-weather.sh N [--runner DirectRunner|FlinkRunner|both] [--keep]"
n="${1:-}"
if ! [[ "$n" =~ ^[1-9][0-9]{0,4}$ ]] || ((n > 10000)); then
  die "N must be a number of cities from 1 to 10000, got '$n'; $usage"
fi
shift
bench_options "$usage" DirectRunner "$@"

day=2025-06-15
start=${day}T00:00:00Z      # the day's polls: start + k × 10 min, k = 0..143
poll_now=2025-06-16T00:00:00Z  # the live polls: the day's next step, then the one after
limited_now=2025-06-16T00:10:00Z
steps=144
free_tier=60  # requests per minute
readings=$((n * steps))
bound=$((n - 1))  # seconds: a token bucket of 1/s lets the first request go at once

cd "$(repo_root)"
ensure_built
scripts/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || die "GNU time is needed for peak memory: sudo apt-get install -y time"
[[ -f io/target/test-classes/dev/tributary/io/http/WeatherDayAnswers.class ]] ||
  die "io/target/test-classes has no WeatherDayAnswers; compile it with 'mvn -B -q -pl io -am test-compile'"
bench_database tributary_bench_weather  # not the other benches': they may run at the same time
jvm_archive  # the JVM's class archive, as a deployment would have it (lib.sh)

mkdir -p work/bench
cities=work/bench/weather-$n-cities.csv
answers=work/bench/weather-$n-answers.csv
java -cp "io/target/test-classes:$(<pipelines/target/classpath.txt)" \
  dev.tributary.io.http.WeatherDayAnswers "$n" "$start" work/bench ||
  die "generating the cities and answers failed (output above)"

# A replay server of our own on a free port, stopped whatever happens.
port=$(free_port 18189)
stop_server() { scripts/replay-api.sh stop --port "$port" >/dev/null 2>&1 || true; }
trap stop_server EXIT
serve() { # NOW: (re)start the server with its clock at NOW
  stop_server
  scripts/replay-api.sh start --port "$port" --now "$1" --maxRequestsPerSecond 0 >/dev/null
}
api="http://127.0.0.1:$port"
echo "input: $n cities × $steps readings (a poll every 10 min of $day UTC) = $readings readings;" \
  "polls of $n cities from the replay server at $api (now $poll_now, then $limited_now)"

# pipeline RUNNER LOG ARGS...: one run of the weather job into $db, its output in LOG; sets wall
# (seconds from JVM start to exit), run_s (the run record's), peak_mib (GNU time's peak RSS), read,
# inserted, updated, rejected (the readings line) and derived (daily + hourly rows written).
pipeline() {
  local runner="$1" log="$2" start re line
  shift 2
  start=$(date +%s.%N)
  # shellcheck disable=SC2016  # $@ is expanded by the inner bash
  /usr/bin/time -f '%M' -o "$log.mem" bash -c 'source scripts/lib.sh; run_main dev.tributary.pipelines.Main weather "$@"' bash \
      --cities="$cities" --jdbcUrl="$url" --runner="$runner" --progress=false "$@" >"$log" 2>&1 ||
    { tail -5 "$log" >&2; die "the $runner run failed; full log: $log"; }
  wall=$(calc "$(date +%s.%N) - $start")
  peak_mib=$(($(tail -1 "$log.mem") / 1024))
  run_s=$(psql_db -d "$db" -c "SELECT extract(epoch FROM finished_at - started_at) FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1")
  re='^readings: read ([0-9]+) = inserted ([0-9]+) \+ updated ([0-9]+) \+ unchanged ([0-9]+) \+ rejected ([0-9]+)$'
  line=$(grep -m1 '^readings: read ' "$log") || line=""
  [[ "$line" =~ $re ]] || die "the $runner run printed no 'readings: read N = inserted ...' line; full log: $log"
  n_read=${BASH_REMATCH[1]} inserted=${BASH_REMATCH[2]} updated=${BASH_REMATCH[3]} rejected=${BASH_REMATCH[5]}
  re='^derived: ([0-9]+) daily summaries and ([0-9]+) hourly'
  line=$(grep -m1 '^derived: ' "$log") || line=""
  [[ "$line" =~ $re ]] || die "the $runner run printed no 'derived: ...' line; full log: $log"
  derived=$((BASH_REMATCH[1] + BASH_REMATCH[2]))
}

# expect WHAT READ INSERTED: dies unless the last run read and inserted that many, updated and
# rejected none.
expect() {
  ((n_read == $2 && inserted == $3 && updated == 0 && rejected == 0)) ||
    die "the $runner $1 read $n_read, inserted $inserted, updated $updated, rejected $rejected readings (expected $2, $3, 0, 0); full log: $log"
}

# show RUNNER LOG: the run's summary lines, the limit's line and the readings and derived lines,
# indented under RUNNER.
show() {
  local pad
  printf -v pad '%-13s   ' "$1"
  grep -E '^run [0-9]+ ' "$2" | sed "s/^/$pad/" || true
  grep -E '^(weather: .* a poll|readings: read|derived: )' "$2" | sed "s/^/$pad/" || true
}

# fingerprint: rows and a hash of every column of every row of the tables a run writes.
fingerprint() {
  psql_db -d "$db" -c "
    SELECT format('raw_responses %s/%s, observations %s/%s, daily_summaries %s/%s, hourly_temperatures %s/%s, changes %s',
                  r.n, r.h, o.n, o.h, d.n, d.h, h.n, h.h, c.n)
    FROM (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM weather.raw_responses x) r,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM weather.observations x) o,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM weather.daily_summaries x) d,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM weather.hourly_temperatures x) h,
         (SELECT count(*) AS n FROM weather.observation_changes) c"
}

# The readings' value columns: what the COPY baseline loads (not fetched_at, run_id, changed_at).
columns="city_id, observed_at, utc_offset_seconds, local_date, temperature_c, feels_like_c, temp_min_c,
  temp_max_c, pressure_hpa, humidity_pct, sea_level_hpa, ground_level_hpa, visibility_m, wind_speed_ms,
  wind_deg, wind_gust_ms, clouds_pct, rain_mm, snow_mm, precipitation_hours, precipitation_mm_h,
  condition_id, units_requested, sunrise, sunset"

rate() { calc "int(10 * $1 / $2) / 10"; }  # COUNT per SECONDS, to 0.1 (a poll's are small)
ratio() { calc "$1 / $copy_rate"; }
summary_rows=()
summary_row() { # LABEL RATE SECONDS [NOTE]
  summary_rows+=("$(printf '%-13s %-30s %9.1f  %7.4f  %7.1f   %s' "" "$1" "$2" "$(ratio "$2")" "$3" "${4:-}")")
}

copy_rate="" copy_row=""
for runner in "${runners[@]}"; do
  recreate_db
  serve "$poll_now"
  log=$(mktemp)

  # A poll into the empty database: the schema, the cities and a run the day's answers can name.
  pipeline "$runner" "$log" --apiUrl="$api" --requestsPerMinute=0
  expect "poll into an empty database" "$n" "$n"
  empty_poll_wall=$wall empty_poll_peak=$peak_mib
  printf '%-13s poll of %d cities into an empty database, no limit: %.1f s wall (the run itself %.1f s); peak memory %d MiB\n' \
    "$runner" "$n" "$wall" "$run_s" "$peak_mib"
  show "$runner" "$log"

  # Its rows go; the day's answers come in as the fetcher would have stored them, untimed.
  load_start=$(date +%s.%N)
  psql_db -d "$db" \
    -c "TRUNCATE weather.raw_responses, weather.observations, weather.observation_changes,
               weather.daily_summaries, weather.hourly_temperatures" \
    -c "CREATE TEMP TABLE day (lat double precision, lon double precision, observed_at timestamptz,
                                request text, body jsonb, fetched_at timestamptz)" \
    -c "\\copy day FROM '$answers' WITH (FORMAT csv, HEADER true)" \
    -c "INSERT INTO weather.raw_responses (city_id, observed_at, request, body, fetched_at, run_id, stored_at)
        SELECT c.city_id, d.observed_at, d.request, d.body, d.fetched_at,
               (SELECT max(run_id) FROM ops.ingestion_runs), now()
        FROM day d JOIN weather.cities c ON c.lat = d.lat AND c.lon = d.lon"
  load_s=$(calc "$(date +%s.%N) - $load_start")
  stored=$(psql_db -d "$db" -c "SELECT count(*) FROM weather.raw_responses")
  ((stored == readings)) || die "loading the day stored $stored answers, expected $readings"
  printf '%-13s the day loaded: %d answers into weather.raw_responses in %.1f s (not timed below)\n' \
    "$runner" "$stored" "$load_s"

  # The day through the pipeline: every table rebuilt from the stored answers.
  pipeline "$runner" "$log" --source=staged
  expect "rebuild of the day" "$readings" "$readings"
  day_wall=$wall day_run_s=$run_s day_peak=$peak_mib
  # Sizes right after the rebuild, before the baseline's table comes and goes.
  IFS='|' read -r db_size weather_size < <(psql_db -d "$db" -c "
    SELECT pg_size_pretty(pg_database_size(current_database())), pg_size_pretty(coalesce(sum(pg_total_relation_size(c.oid)), 0))
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'weather' AND c.relkind IN ('r', 'm')")

  # Baseline, once: the rebuilt readings exported as CSV (untimed), then psql's \copy of them into
  # an unindexed table of text columns, timed; dropped at once.
  if [[ -z "$copy_rate" ]]; then
    csv="work/bench/weather-$n-observations.csv"
    psql_db -d "$db" -c "\\copy (SELECT $columns FROM weather.observations) TO '$csv' WITH (FORMAT csv, HEADER true)"
    psql_db -d "$db" -c "CREATE TABLE copy_observations (${columns//,/ text,} text)"
    copy_start=$(date +%s.%N)
    psql_db -d "$db" -c "\\copy copy_observations FROM '$csv' WITH (FORMAT csv, HEADER true)"
    copy_s=$(calc "$(date +%s.%N) - $copy_start")
    copied=$(psql_db -d "$db" -c "SELECT count(*) FROM copy_observations")
    ((copied == readings)) || die "the COPY baseline loaded $copied rows, expected $readings"
    psql_db -d "$db" -c "DROP TABLE copy_observations"
    copy_rate=$(rate "$copied" "$copy_s")
    printf 'baseline      COPY of the same %d readings (CSV) into an unindexed text table: %9.0f rows/s (%.2f s)\n' \
      "$copied" "$copy_rate" "$copy_s"
    copy_row="$(printf '%-13s %-30s %9.1f  %7.4f  %7.1f   %s' "" "COPY (baseline)" "$copy_rate" 1 "$copy_s" "$copied rows")"
  fi

  day_rate=$(rate "$readings" "$day_wall")
  printf '%-13s the day through the pipeline: %.1f readings/s end to end (%d readings in %.1f s wall incl. JVM and runner start-up; the run itself %.1f s)\n' \
    "$runner" "$day_rate" "$readings" "$day_wall" "$day_run_s"
  printf '%-13s the day: ratio to COPY %.4f; peak memory %d MiB (JVM RSS)\n' "$runner" "$(ratio "$day_rate")" "$day_peak"
  show "$runner" "$log"
  printf '%-13s database %s (weather schema %s)\n' "$runner" "$db_size" "$weather_size"
  summary_row "$runner the day (staged)" "$day_rate" "$day_wall" "peak RSS $day_peak MiB"

  # The same rebuild again: the same answers, so nothing may change.
  before=$(fingerprint)
  pipeline "$runner" "$log" --source=staged
  after=$(fingerprint)
  expect "no-change re-run" "$readings" 0
  ((derived == 0)) || die "the $runner no-change re-run wrote $derived derived rows (must be 0); full log: $log"
  if [[ "$after" != "$before" ]]; then
    echo "before: $before" >&2
    echo "after:  $after" >&2
    die "the $runner no-change re-run changed the tables (fingerprints above); full log: $log"
  fi
  rate=$(rate "$readings" "$wall")
  printf '%-13s no-change re-run: %.1f s wall (the run itself %.1f s), %.1f readings/s, ratio to COPY %.4f; peak memory %d MiB; inserted 0, updated 0, no derived row, tables unchanged\n' \
    "$runner" "$wall" "$run_s" "$rate" "$(ratio "$rate")" "$peak_mib"
  show "$runner" "$log"
  summary_row "$runner re-run" "$rate" "$wall" "peak RSS $peak_mib MiB; no change"

  # A live poll of the N cities with the day stored: the day's next reading of each, no limit.
  pipeline "$runner" "$log" --apiUrl="$api" --requestsPerMinute=0
  expect "poll, no limit" "$n" "$n"
  rate=$(rate "$n" "$wall")
  printf '%-13s poll of %d cities with the day stored, no limit: %.1f s wall (the run itself %.1f s), %.1f readings/s; peak memory %d MiB\n' \
    "$runner" "$n" "$wall" "$run_s" "$rate" "$peak_mib"
  show "$runner" "$log"
  summary_row "$runner poll, empty db" "$(rate "$n" "$empty_poll_wall")" "$empty_poll_wall" "peak RSS $empty_poll_peak MiB"
  summary_row "$runner poll, no limit" "$rate" "$wall" "peak RSS $peak_mib MiB; a day stored"

  # The next step at the free tier's limit: the token bucket, i.e. the API's terms, sets the pace.
  serve "$limited_now"
  pipeline "$runner" "$log" --apiUrl="$api" --requestsPerMinute="$free_tier"
  expect "poll at $free_tier/min" "$n" "$n"
  rate=$(rate "$n" "$wall")
  printf '%-13s poll of %d cities at %d requests/min (the free tier): %.1f s wall (the run itself %.1f s); it cannot beat %d s: the API, not the pipeline, is the bound\n' \
    "$runner" "$n" "$free_tier" "$wall" "$run_s" "$bound"
  show "$runner" "$log"
  summary_row "$runner poll, $free_tier/min" "$rate" "$wall" "bound ($n-1) × 60/$free_tier = $bound s: the API's"
  rm -f "$log" "$log.mem"
done

echo
printf '%-13s %-30s %9s  %7s  %7s\n' "N=$n" "route" "rows/s" "ratio" "wall s"
echo "$copy_row"
printf '%s\n' "${summary_rows[@]}" | sed 's/ *$//'
echo "the day: $n cities × $steps = $readings readings of $day; polls: $n readings each; db size $db_size (weather schema $weather_size)"
if ! $keep; then
  psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -f work/bench/weather-"$n"-{cities,answers,observations}.csv
fi
