#!/usr/bin/env bash
# Benchmarks the energy ingest end to end, through a local replay of the Energy-Charts API, against
# a plain COPY of the same values, in one run:
#   scripts/bench-energy.sh DAYS [--runner DirectRunner|FlinkRunner|both] [--keep]
# Loads DAYS local days ending 2025-12-31 of all three datasets (public power: ~21 quarter-hourly
# series; day-ahead prices; installed power) from a replay server of its own (a free port, now
# fixed at 2026-01-01T00:00:00Z so every answer is reproducible, no rate limit) into an empty
# database, then runs the same command again, which must change nothing (inserted 0 and updated 0
# for every dataset, no new answer, the tables' fingerprints equal; the job's cursor skips the days
# stored whole, so it fetches little). Prints values/s end to end (JVM start to exit; values = the
# first run's own read counts) and the ratio to the baseline, a raw COPY of the same exploded rows
# (exported from the loaded tables to CSV, untimed) into unindexed text tables, timed in the same
# run; the re-run's time and ratio (the window's values per second of it); peak JVM RSS; the
# database's size; the runs' summary, cursor, per-dataset and quality lines and a summary table.
# Quote ratios and medians: the machines are shared and noisy.
# Data: work/bench/energy-DAYS-*.csv, exported per run; database: tributary_bench_energy on the
# local server (recreated per runner); --keep leaves both, else they are removed at the end.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/bench-energy.sh DAYS [--runner DirectRunner|FlinkRunner|both] [--keep]"
days="${1:-}"
if ! [[ "$days" =~ ^[1-9][0-9]{0,3}$ ]] || ((days > 3653)); then
  die "DAYS must be a number of days from 1 to 3653, got '$days'; $usage"
fi
shift
bench_options "$usage" DirectRunner "$@"

last_day=2025-12-31
first_day=$(date -u -d "$last_day -$((days - 1)) days" +%F)
now=2026-01-01T00:00:00Z
datasets=(public_power price installed_power)
# The tables' value columns: what the COPY baseline loads (not the job's fetched_at, run_id and
# changed_at, which are bookkeeping).
declare -A tables=([public_power]=public_power [price]=prices [installed_power]=installed_power)
declare -A columns=(
  [public_power]="country, series, interval_start, interval_seconds, name, value"
  [price]="bzn, interval_start, interval_seconds, price, unit"
  [installed_power]="country, time_step, measure, series, period_start, period, name, unit, value")

cd "$(repo_root)"
ensure_built
scripts/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || die "GNU time is needed for peak memory: sudo apt-get install -y time"
bench_database tributary_bench_energy  # not the other benches': they may run at the same time
jvm_archive  # the JVM's class archive, as a deployment would have it (lib.sh)

# A replay server of our own on a free port, stopped whatever happens.
port=$(free_port 18089)
stop_server() { scripts/replay-api.sh stop --port "$port" >/dev/null 2>&1 || true; }
trap stop_server EXIT
scripts/replay-api.sh start --port "$port" --now "$now" --maxRequestsPerSecond 0 >/dev/null
api="http://127.0.0.1:$port"
echo "input: $days days $first_day..$last_day of ${datasets[*]} from the replay server at $api" \
  "(now $now, $((2 * days + 2)) requests)"

# pipeline RUNNER LOG: one run of the energy job into $db, its output in LOG; sets wall (seconds
# from JVM start to exit), run_s (the run record's), peak_mib (GNU time's peak RSS), the counts of
# each dataset (reads, inserts, updates, rejects) and values (the reads' sum).
declare -A reads inserts updates rejects
pipeline() {
  local start ds line re
  start=$(date +%s.%N)
  # shellcheck disable=SC2016  # $@ is expanded by the inner bash
  /usr/bin/time -f '%M' -o "$2.mem" bash -c 'source scripts/lib.sh; run_main dev.tributary.pipelines.Main energy "$@"' bash \
      --apiUrl="$api" --start="$first_day" --end="$last_day" --datasets="$(IFS=,; echo "${datasets[*]}")" \
      --requestsPerSecond=1000 --jdbcUrl="$url" --runner="$1" --progress=false >"$2" 2>&1 ||
    { tail -5 "$2" >&2; die "the $1 run failed; full log: $2"; }
  wall=$(calc "$(date +%s.%N) - $start")
  peak_mib=$(($(tail -1 "$2.mem") / 1024))
  run_s=$(psql_db -d "$db" -c "SELECT extract(epoch FROM finished_at - started_at) FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1")
  values=0
  for ds in "${datasets[@]}"; do
    re="^$ds: read ([0-9]+) = inserted ([0-9]+) \+ updated ([0-9]+) \+ unchanged ([0-9]+) \+ rejected ([0-9]+)$"
    line=$(grep -m1 "^$ds: read " "$2") || line=""
    [[ "$line" =~ $re ]] || die "the $1 run printed no '$ds: read N = inserted ...' line; full log: $2"
    reads[$ds]=${BASH_REMATCH[1]} inserts[$ds]=${BASH_REMATCH[2]} updates[$ds]=${BASH_REMATCH[3]}
    rejects[$ds]=${BASH_REMATCH[5]}
    values=$((values + ${reads[$ds]}))
  done
}

# show RUNNER LOG: the run's summary lines, its cursor line (a re-run), the per-dataset lines and
# the quality line with the checks that did not pass, indented under RUNNER.
show() {
  local pad
  printf -v pad '%-13s   ' "$1"
  grep -A1 '^run ' "$2" | sed "s/^/$pad/" || true
  grep '^energy: .* stored whole' "$2" | sed "s/^/$pad/" || true
  grep -E "^($(IFS='|'; echo "${datasets[*]}")): read " "$2" | sed "s/^/$pad/"
  awk '/^quality: / { on = 1; print; next } on && /^  / { print; next } { on = 0 }' "$2" | sed "s/^/$pad/"
}

# fingerprint: rows and a hash of every column of every row of the tables a run writes.
fingerprint() {
  psql_db -d "$db" -c "
    SELECT format('raw_responses %s/%s, public_power %s/%s, prices %s/%s, installed_power %s/%s, changes %s',
                  r.n, r.h, p.n, p.h, c.n, c.h, i.n, i.h, h.n)
    FROM (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM energy.raw_responses x) r,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM energy.public_power x) p,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM energy.prices x) c,
         (SELECT count(*) AS n, sum(hashtext(x::text)) AS h FROM energy.installed_power x) i,
         (SELECT count(*) AS n FROM energy.changes) h"
}

rate() { calc "int($values / $1)"; }  # values/s of a run of $values values in $1 seconds
ratio() { calc "$1 / $copy_rate"; }
summary_rows=()
summary_row() { # LABEL RATE SECONDS [NOTE]
  summary_rows+=("$(printf '%-13s %-24s %9d  %6.3f  %7.1f   %s' "" "$1" "$2" "$(ratio "$2")" "$3" "${4:-}")")
}

mkdir -p work/bench
copy_rate="" copy_row=""
for runner in "${runners[@]}"; do
  recreate_db
  log=$(mktemp)
  pipeline "$runner" "$log"
  first_values=$values first_wall=$wall first_run_s=$run_s first_peak=$peak_mib
  for ds in "${datasets[@]}"; do
    ((${updates[$ds]} == 0)) || echo "WARNING: $runner loading into an empty database updated ${updates[$ds]} $ds values" >&2
    ((${rejects[$ds]} == 0)) || echo "WARNING: $runner rejected ${rejects[$ds]} $ds values" >&2
  done
  counts_text=$(for ds in "${datasets[@]}"; do printf '%s %d, ' "$ds" "${reads[$ds]}"; done)
  counts_text=${counts_text%, }
  # Sizes right after the load, before the baseline's tables come and go.
  IFS='|' read -r db_size energy_size < <(psql_db -d "$db" -c "
    SELECT pg_size_pretty(pg_database_size(current_database())), pg_size_pretty(coalesce(sum(pg_total_relation_size(c.oid)), 0))
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'energy' AND c.relkind IN ('r', 'm')")

  # Baseline, once: the rows the first load left, exported as CSV (untimed), then psql's \copy of
  # them into unindexed tables of text columns, timed; dropped at once.
  if [[ -z "$copy_rate" ]]; then
    copy_cmds=() exported=0
    for ds in "${datasets[@]}"; do
      csv="work/bench/energy-$days-$ds.csv"
      psql_db -d "$db" -c "\\copy (SELECT ${columns[$ds]} FROM energy.${tables[$ds]}) TO '$csv' WITH (FORMAT csv, HEADER true)"
      exported=$((exported + $(psql_db -d "$db" -c "SELECT count(*) FROM energy.${tables[$ds]}")))
      psql_db -d "$db" -c "CREATE TABLE copy_$ds (${columns[$ds]//,/ text,} text)"
      copy_cmds+=(-c "\\copy copy_$ds FROM '$csv' WITH (FORMAT csv, HEADER true)")
    done
    start=$(date +%s.%N)
    psql_db -d "$db" "${copy_cmds[@]}"
    copy_s=$(calc "$(date +%s.%N) - $start")
    copied=$(psql_db -d "$db" -c "SELECT $(for ds in "${datasets[@]}"; do printf '(SELECT count(*) FROM copy_%s) + ' "$ds"; done) 0")
    ((copied == exported)) || die "the COPY baseline loaded $copied rows, expected $exported"
    psql_db -d "$db" -c "DROP TABLE $(IFS=,; echo "${datasets[*]/#/copy_}")"
    copy_rate=$(calc "int($copied / $copy_s)")
    printf 'baseline      COPY of the same %d rows (CSV) into unindexed text tables: %9d values/s (%.1f s)\n' \
      "$copied" "$copy_rate" "$copy_s"
    copy_row="$(printf '%-13s %-24s %9d  %6.3f  %7.1f   %s' "" "COPY (baseline)" "$copy_rate" 1 "$copy_s" "$copied rows")"
    ((copied == first_values)) ||
      echo "note: the tables hold $copied rows of the $first_values values read (the COPY rate is per row)"
  fi

  rate=$(rate "$first_wall")
  printf '%-13s first run: %9d values/s end to end (%d values in %.1f s wall incl. JVM and runner start-up; the run itself %.1f s)\n' \
    "$runner" "$rate" "$first_values" "$first_wall" "$first_run_s"
  printf '%-13s first run: ratio to COPY %.3f; peak memory %d MiB (JVM RSS)\n' "$runner" "$(ratio "$rate")" "$first_peak"
  show "$runner" "$log"
  printf '%-13s database %s (energy schema %s)\n' "$runner" "$db_size" "$energy_size"
  summary_row "$runner first run" "$rate" "$first_wall" "peak RSS $first_peak MiB"

  # The same command again: the API answers the same, so nothing may change.
  before=$(fingerprint)
  pipeline "$runner" "$log"
  after=$(fingerprint)
  # Its rate: the window's values (the first run's) per second of the re-run, whatever it fetched.
  rerun_values=$values values=$first_values
  rate=$(rate "$wall")
  printf '%-13s no-change re-run: %.1f s wall (the run itself %.1f s; it read %d values), %d window values/s, ratio to COPY %.3f; peak memory %d MiB (JVM RSS)\n' \
    "$runner" "$wall" "$run_s" "$rerun_values" "$rate" "$(ratio "$rate")" "$peak_mib"
  show "$runner" "$log"
  for ds in "${datasets[@]}"; do
    ((${inserts[$ds]} == 0 && ${updates[$ds]} == 0)) ||
      die "the $runner no-change re-run inserted ${inserts[$ds]} and updated ${updates[$ds]} $ds values (both must be 0); full log: $log"
  done
  grep -qE '^run [0-9]+ finished .*: responses read [0-9]+ = written [0-9]+ \(0 new\) ' "$log" ||
    die "the $runner no-change re-run stored new or changed answers: $(grep -m1 '^run ' "$log"); full log: $log"
  if [[ "$after" != "$before" ]]; then
    echo "before: $before" >&2
    echo "after:  $after" >&2
    die "the $runner no-change re-run changed the tables (fingerprints above); full log: $log"
  fi
  printf '%-13s re-run: inserted 0, updated 0 for every dataset, tables unchanged\n' "$runner"
  summary_row "$runner re-run" "$rate" "$wall" "peak RSS $peak_mib MiB; no change"
  rm -f "$log" "$log.mem"
done

echo
printf '%-13s %-24s %9s  %6s  %7s\n' "DAYS=$days" "route" "values/s" "ratio" "wall s"
echo "$copy_row"
printf '%s\n' "${summary_rows[@]}" | sed 's/ *$//'
echo "values (first run): $first_values ($counts_text), $days days $first_day..$last_day; db size $db_size (energy schema $energy_size)"
if ! $keep; then
  psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  rm -f work/bench/energy-"$days"-*.csv
fi
