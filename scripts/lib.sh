# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/tributary"
PIPELINES_JAR="pipelines/target/tributary-pipelines-0.1.0-SNAPSHOT.jar"

# One clear line on stderr, non-zero exit: users should never see a stack trace.
die() {
  echo "error: $*" >&2
  exit 1
}

repo_root() {
  (cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
}

# jdbc_url "$@": the --jdbcUrl value among the caller's arguments (either
# "--jdbcUrl URL" or "--jdbcUrl=URL"), else $TRIBUTARY_JDBC_URL, else the default.
jdbc_url() {
  while (($#)); do
    case "$1" in
      --jdbcUrl=*) echo "${1#--jdbcUrl=}"; return ;;
      --jdbcUrl)
        [[ $# -ge 2 && -n "$2" ]] || die "--jdbcUrl needs a value, e.g. --jdbcUrl $DEFAULT_JDBC_URL"
        echo "$2"; return ;;
    esac
    shift
  done
  echo "${TRIBUTARY_JDBC_URL:-$DEFAULT_JDBC_URL}"
}

# parse_jdbc_url URL: sets PG_HOST, PG_PORT, PG_DB, PG_USER (default postgres)
# and PG_PASSWORD (may be empty) for psql & co. from
# jdbc:postgresql://HOST[:PORT]/DB[?user=..&password=..].
# shellcheck disable=SC2034  # the PG_* variables are outputs for the caller
parse_jdbc_url() {
  local url="$1" re='^jdbc:postgresql://(\[[0-9A-Fa-f:.]+\]|[^/:?]+)(:([0-9]+))?/([^/?]+)(\?(.*))?$'
  [[ "$url" =~ $re ]] ||
    die "cannot parse JDBC URL '$url'; expected jdbc:postgresql://HOST:PORT/DATABASE"
  PG_HOST="${BASH_REMATCH[1]}"
  PG_HOST="${PG_HOST#[}"; PG_HOST="${PG_HOST%]}"   # psql wants IPv6 without brackets
  PG_PORT="${BASH_REMATCH[3]:-5432}"
  PG_DB="${BASH_REMATCH[4]}"
  PG_USER=postgres
  PG_PASSWORD=
  local param
  local -a params
  IFS='&' read -ra params <<<"${BASH_REMATCH[6]}"
  for param in "${params[@]}"; do
    case "$param" in
      user=*) PG_USER="${param#user=}" ;;
      password=*) PG_PASSWORD="${param#password=}" ;;
    esac
  done
}

is_local_host() {
  [[ "$1" == localhost || "$1" == 127.* || "$1" == ::1 ]]
}

# Build the project when the pipelines jar is missing or older than any
# source file, pom.xml or file of the weather or covid samples (the replay server's test
# classes carry it), or when the built migrations are not infra/'s (a deleted one is no newer
# file), so scripts always run the code and data in the working tree.
ensure_built() {
  local root jar
  root="$(repo_root)"
  jar="$root/$PIPELINES_JAR"
  if [[ -f "$jar" ]] && [[ -z "$(find "$root" \( -name target -o -name .git \) -prune -o \
        \( -path '*/src/*' -o -path '*/infra/sql/*' -o -path '*/data/sample/weather/*' -o -path '*/data/sample/covid/*' -o -name pom.xml \) \
        -type f -newer "$jar" -print -quit)" ]] &&
    [[ "$(ls "$root/infra/sql/postgres")" == "$(ls "$root/io/target/classes/db/postgres" 2>/dev/null)" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "Maven (mvn) not found; install it, e.g. sudo apt-get install -y maven"
  echo "building the project (mvn install, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests install) ||
    die "the Maven build failed (see output above); fix it, or run 'mvn -B -DskipTests install' for details"
  [[ -f "$jar" ]] || die "the build finished but $PIPELINES_JAR is missing; check the pipelines module's packaging"
  # Maven leaves an unchanged jar alone (say, after a test-only edit): mark when it was built.
  touch "$jar"
}

# valid_port NAME VALUE: dies unless VALUE is a TCP port number.
valid_port() {
  if ! [[ "$2" =~ ^[1-9][0-9]{0,4}$ ]] || (($2 > 65535)); then
    die "$1 must be a TCP port number (1-65535), not '$2'"
  fi
}

# port_open PORT: true if something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp,
# no nc needed).
port_open() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# await_ready LABEL PID PORT PATTERN LOG PIDFILE SECONDS: waits until the service PID listens on
# 127.0.0.1:PORT and its LOG holds PATTERN (a fixed string: the line it prints once it serves);
# if it exits, or SECONDS pass (it is killed then), removes PIDFILE and dies with the log's tail.
await_ready() {
  local label="$1" pid="$2" port="$3" pattern="$4" log="$5" pidfile="$6" seconds="$7" t0=$SECONDS
  local shown="${log#"$(repo_root)/"}"
  while ((SECONDS - t0 < seconds)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      tail -n 20 "$log" >&2
      die "$label exited during start (output above, in $shown)"
    fi
    if port_open "$port" && grep -qF "$pattern" "$log"; then
      return 0
    fi
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  tail -n 20 "$log" >&2
  die "$label did not answer within $seconds s and was killed (output above, in $shown)"
}

# terminate PID LABEL SECONDS: SIGTERM (the service shuts down cleanly), SIGKILL after SECONDS,
# then waits until the process is gone: a start right after needs its ports free.
terminate() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < $3 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$2 (pid $pid) did not stop within $3 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
}

# JVM flags for the mains: Flink's serializers reflect into JDK internals, which Java 17 closes.
# The serial collector: a job's garbage is short-lived, and on 2 cores G1's concurrent work and
# write barriers cost a fresh 10M trips load 39 JVM CPU-seconds instead of 33 (medians of five
# alternated runs), with a quarter more peak memory (docs/trips.md).
JAVA_FLAGS=(-Xmx2g -XX:+UseSerialGC
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED)

# run_main CLASS ARGS...: runs a main of the pipelines module on its runtime classpath, with the
# JVM's class archive when there is a current one (jvm_archive).
# "--name value" pairs become "--name=value", the form Beam's options parser takes.
run_main() {
  local main="$1"; shift
  local -a args=()
  while (($#)); do
    if [[ "$1" == --* && "$1" != *=* && $# -ge 2 && "$2" != --* ]]; then
      args+=("$1=$2"); shift 2
    else
      args+=("$1"); shift
    fi
  done
  local -a archive
  mapfile -t archive < <(jvm_archive_flags)
  exec java "${JAVA_FLAGS[@]}" "${archive[@]}" ${TRIBUTARY_JAVA_OPTS:-} \
    -cp "$(pipelines_classpath)" "$main" "${args[@]}"
}

pipelines_classpath() {
  local root
  root="$(repo_root)"
  echo "$root/$PIPELINES_JAR:$(cat "$root/pipelines/target/classpath.txt")"
}

# The JVM's class archive of the pipelines' classpath (AppCDS): the 12,000 classes a job loads,
# parsed and verified once and mapped at start-up instead of looked up in 312 jars. 1,000 trips
# took 9.7 s from JVM start to exit instead of 14.1 (medians of 4, 16 s of CPU instead of 24).
# Writing it takes a job's run and some 25 s more, so jvm_archive writes it for the benchmarks
# alone; a deployment would bake it into its image the same way.
JVM_ARCHIVE="pipelines/target/jvm-classes.jsa"

# jvm_archive_flags: the flags, one a line, that map the archive when it is newer than every jar
# of the classpath (else the JVM would refuse it anyway); none without one.
jvm_archive_flags() {
  local archive
  archive="$(repo_root)/$JVM_ARCHIVE"
  [[ -f "$archive" ]] || return 0
  local -a classpath
  IFS=: read -ra classpath <<<"$(pipelines_classpath)"
  [[ -z "$(find "${classpath[@]}" -maxdepth 0 -newer "$archive" -print -quit 2>/dev/null)" ]] || return 0
  printf '%s\n' "-XX:SharedArchiveFile=$archive" "-Xlog:cds*=off"
}

# jvm_archive: writes the JVM's class archive unless a current one is there, from a bulk load of
# the trips sample into a scratch database (dropped after) on bench_database's server.
jvm_archive() {
  local root archive
  root="$(repo_root)"
  archive="$root/$JVM_ARCHIVE"
  [[ -z "$(jvm_archive_flags)" ]] || return 0
  echo "writing the JVM's class archive ($JVM_ARCHIVE), once per build..." >&2
  local scratch="tributary_jvm_archive_$$" status=0
  psql_db -d postgres -c "CREATE DATABASE $scratch"
  java "${JAVA_FLAGS[@]}" -XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds*=off \
    -cp "$(pipelines_classpath)" dev.tributary.pipelines.Main trips --runner=FlinkRunner \
    --input="$root/data/sample/trips.csv" --loadMode=bulk --progress=false \
    --jdbcUrl="$(server_url "$scratch")" >"$archive.log" 2>&1 || status=$?
  psql_db -d postgres -c "DROP DATABASE $scratch WITH (FORCE)"
  ((status == 0)) || die "the run that writes the JVM's class archive failed; its log: $archive.log"
  mv -f "$archive.$$" "$archive"
}

# bench_options USAGE DEFAULT ARGS...: the benchmarks' [--runner FlinkRunner|DirectRunner|both]
# [--keep], into the array runners (DEFAULT when no --runner) and keep (true|false).
bench_options() {
  local usage="$1" runner="$2"
  shift 2
  keep=false
  while (($#)); do
    case "$1" in
      --runner) [[ $# -ge 2 ]] || die "--runner needs FlinkRunner, DirectRunner or both"; runner="$2"; shift 2 ;;
      --runner=*) runner="${1#--runner=}"; shift ;;
      --keep) keep=true; shift ;;
      *) die "unknown argument '$1'; $usage" ;;
    esac
  done
  case "$runner" in
    FlinkRunner|DirectRunner) runners=("$runner") ;;
    both) runners=(DirectRunner FlinkRunner) ;;
    *) die "--runner must be FlinkRunner, DirectRunner or both, was '$runner'" ;;
  esac
}

# bench_database [NAME]: a benchmark's database, NAME (default tributary_bench; one of its own for
# a bench that may run beside another) on the server of $TRIBUTARY_JDBC_URL or the default, as $db
# and $url, for psql_db, recreate_db and the pipelines.
bench_database() {
  # shellcheck disable=SC2119  # the server is $TRIBUTARY_JDBC_URL's or the default, not an argument
  parse_jdbc_url "$(jdbc_url)"
  db="${1:-tributary_bench}"
  url="$(server_url "$db")"
}

# server_url NAME: the JDBC URL of database NAME on the server parse_jdbc_url read.
server_url() {
  echo "jdbc:postgresql://$PG_HOST:$PG_PORT/$1?user=$PG_USER${PG_PASSWORD:+&password=$PG_PASSWORD}"
}

# free_port FROM: the first of the ports FROM to FROM+99 that nothing listens on, else dies. For a
# server of a benchmark's own (8089 and the other defaults stay the demos').
free_port() {
  local p
  for ((p = $1; p < $1 + 100; p++)); do
    if ! port_open "$p"; then
      echo "$p"
      return
    fi
  done
  die "no free port in $1-$(($1 + 99))"
}

psql_db() { PGOPTIONS="--client-min-messages=warning" PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAtX "$@"; }

recreate_db() {
  psql_db -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
}

calc() { awk "BEGIN { OFMT = \"%.6f\"; print $* }"; }  # awk, not bc: bc is not on every fresh machine

# run_cli CLASS ARGS...: a question CLI of the pipelines module (TripsCli, EnergyCli) on the
# database its --jdbcUrl names: builds if needed, makes sure PostgreSQL runs, and hands the
# arguments over as they are (the CLI parses "--name value" itself).
run_cli() {
  local root main="$1"; shift
  root="$(repo_root)"
  ensure_built
  "$root/scripts/postgres.sh" --jdbcUrl "$(jdbc_url "$@")" >/dev/null
  local -a archive
  mapfile -t archive < <(jvm_archive_flags)
  exec java "${JAVA_FLAGS[@]}" "${archive[@]}" -cp "$(pipelines_classpath)" "$main" "$@"
}
