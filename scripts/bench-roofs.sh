#!/usr/bin/env bash
# Benchmarks the roofs ingest end to end against a plain COPY of the same file, in one run:
#   scripts/bench-roofs.sh N [--runner FlinkRunner|DirectRunner|both] [--keep]
# Prints models/s and planes/s end to end, peak memory, the COPY baseline's models/s, their ratio
# and the run's summary lines. Data: work/bench/roofs-N.jsonl, N installations (plus ~10% updates)
# generated once with seed 42 from data/sample/roofs, its counts in roofs-N.jsonl.counts; database:
# tributary_bench on the local server (recreated per runner; --keep leaves the last one).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/bench-roofs.sh N [--runner FlinkRunner|DirectRunner|both] [--keep]"
n="${1:-}"
if ! [[ "$n" =~ ^[1-9][0-9]{0,6}$ ]] || ((n > 1000000)); then
  die "N must be a number of installations from 1 to 1000000, got '$n'; $usage"
fi
shift
bench_options "$usage" both "$@"

cd "$(repo_root)"
ensure_built
scripts/postgres.sh >/dev/null
command -v /usr/bin/time >/dev/null || die "GNU time is needed for peak memory: sudo apt-get install -y time"
bench_database
jvm_archive  # the JVM's class archive, as a deployment would have it (lib.sh)

# The generator's stderr line, "wrote M models (N installations, U updates), B buildings, P planes
# to FILE", is kept next to the data: a later run with the same file still knows its counts.
input="work/bench/roofs-$n.jsonl"
counts="$input.counts"
if [[ ! -f "$input" || ! -s "$counts" ]]; then
  mkdir -p work/bench
  gen_log=$(mktemp)
  scripts/generate-roofs.sh "$n" "$input" 2>"$gen_log" ||
    { cat "$gen_log" >&2; rm -f "$gen_log"; die "generating $input failed"; }
  # -o: a build's terminal codes may share the line (the generator builds the project if needed)
  grep -o 'wrote [0-9]* models.*' "$gen_log" >"$counts" ||
    { cat "$gen_log" >&2; rm -f "$gen_log" "$counts"; die "the generator printed no 'wrote ...' line"; }
  rm -f "$gen_log"
fi
models=$(sed -n 's/^wrote \([0-9]*\) models.*/\1/p' "$counts")
updates=$(sed -n 's/^wrote .* \([0-9]*\) updates).*/\1/p' "$counts")
planes=$(sed -n 's/^wrote .* \([0-9]*\) planes to .*/\1/p' "$counts")
[[ -n "$models" && -n "$updates" && -n "$planes" ]] ||
  die "cannot read the counts in $counts; delete it and $input to generate them again"
bytes=$(stat -c %s "$input")
echo "input: $input ($models models: $n installations + $updates updates; $planes planes; $((bytes / 1048576)) MiB)"

# Baseline: the same file with psql's \copy, one model per row into an unindexed jsonb column (so
# the server parses every model too). CSV with a quote and a delimiter that JSON text never holds
# (control characters must be escaped in JSON) loads each line verbatim.
recreate_db
psql_db -d "$db" -c "CREATE TABLE copy_baseline (model jsonb)"
start=$(date +%s.%N)
psql_db -d "$db" -c "\\copy copy_baseline FROM '$input' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')"
copy_s=$(calc "$(date +%s.%N) - $start")
copied=$(psql_db -d "$db" -c "SELECT count(*) FROM copy_baseline")
((copied == models)) || die "the COPY baseline loaded $copied rows, expected $models"
copy_rate=$(calc "$models / $copy_s")
printf 'baseline  COPY into an unindexed jsonb table: %8.0f models/s (%.1f s)\n' "$copy_rate" "$copy_s"

for runner in "${runners[@]}"; do
  recreate_db
  out="work/bench/roofs-out-$runner"
  rm -rf "$out"
  log=$(mktemp)
  start=$(date +%s.%N)
  # shellcheck disable=SC2016  # $@ is expanded by the inner bash
  /usr/bin/time -f '%M' -o "$log.mem" bash -c 'source scripts/lib.sh; run_main "$@"' bench \
      dev.tributary.pipelines.Main roofs --input="$input" --outputDir="$out" \
      --jdbcUrl="$url" --runner="$runner" >"$log" 2>&1 ||
    { tail -5 "$log" >&2; die "the $runner run failed; full log: $log"; }
  wall=$(calc "$(date +%s.%N) - $start")
  run_s=$(psql_db -d "$db" -c "SELECT extract(epoch FROM finished_at - started_at) FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1" 2>/dev/null) ||
    run_s=""
  rate=$(calc "$models / $wall")
  peak_mib=$(($(cat "$log.mem") / 1024))
  if [[ "$run_s" =~ ^[0-9.]+$ ]] && [[ "$(calc "($run_s > 0)")" == 1 ]]; then
    run_text=$(printf 'the run itself %.1f s: %.0f models/s, %.0f planes/s' \
      "$run_s" "$(calc "$models / $run_s")" "$(calc "$planes / $run_s")")
  else
    run_text="no finished run in ingestion_runs"
  fi
  printf '%-12s end to end: %8.0f models/s, %9.0f planes/s (%.1f s wall incl. JVM and runner start-up; %s)\n' \
    "$runner" "$rate" "$(calc "$planes / $wall")" "$wall" "$run_text"
  printf '%-12s ratio to COPY: %.2f; peak memory %d MiB (JVM RSS)\n' \
    "$runner" "$(calc "$rate / $copy_rate")" "$peak_mib"
  if grep -q '^run ' "$log"; then
    grep -A1 '^run ' "$log" | sed "s/^/$runner  /"
    rm -f "$log"
  else
    echo "$runner  (no 'run ' summary lines; full log: $log)"
  fi
  rm -f "$log.mem"
done

$keep || psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
