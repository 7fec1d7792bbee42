#!/usr/bin/env bash
# A local single-node Apache Kafka broker (KRaft, no ZooKeeper, no Docker) on 127.0.0.1.
# Usage: scripts/kafka.sh start|stop|status
#   start   fetch the broker's jars from Maven (first time only), format its storage
#           (first time only), run it in the background and wait until it accepts connections
#   stop    end it (SIGTERM, SIGKILL after 15 s)
#   status  say whether it runs and where; exit 0 if it does, 3 if not
# Ports: KAFKA_PORT (default 9092), KAFKA_CONTROLLER_PORT (default 9093); JVM heap: KAFKA_HEAP_OPTS
# (default -Xmx512m). Everything it writes is under work/kafka/ (git-ignored): lib/ (the
# classpath, from infra/kafka/pom.xml), data/, cluster.id, server.properties, kafka.log, kafka.pid.
# KAFKA_STATE_DIR moves all but lib/ elsewhere, so tests run brokers of their own beside yours.
# The same classpath has the CLI tools (org.apache.kafka.tools.TopicCommand,
# kafka.tools.ConsoleProducer, org.apache.kafka.tools.consumer.ConsoleConsumer, ...), e.g.
#   java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp 'work/kafka/lib/*' \
#     org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/kafka.sh start|stop|status"
(($# == 1)) || die "$usage"
cmd="$1"

root="$(repo_root)"
lib="$root/work/kafka/lib"
home="${KAFKA_STATE_DIR:-$root/work/kafka}"
rel="${home#"$root/"}" # for messages
pom="$root/infra/kafka/pom.xml"
data="$home/data"
conf="$home/server.properties"
log="$home/kafka.log"
pidfile="$home/kafka.pid"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
port="$KAFKA_PORT"
cport="$KAFKA_CONTROLLER_PORT"

# PID of the running broker, or nothing. The process must still be our broker:
# after a reboot or a crash the pid file can name an unrelated process.
running_pid() {
  local pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(<"$pidfile")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $conf"; then
    echo "$pid"
  fi
}

# The address the running broker listens on, from the config it was started with
# (KAFKA_PORT may have changed since).
address() {
  sed -n 's|^advertised.listeners=PLAINTEXT://||p' "$conf" 2>/dev/null || true
}

# Copies the broker's classpath into $lib, again whenever the pom changes.
# Into a temporary folder first, so an interrupted download is never taken as complete.
fetch_jars() {
  [[ -d "$lib" && ! "$pom" -nt "$lib" ]] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) not found; install it, e.g. sudo apt-get install -y maven"
  echo "kafka: fetching the broker's jars with Maven into work/kafka/lib..." >&2
  rm -rf "$lib.tmp"
  mkdir -p "$(dirname "$lib")"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$lib.tmp" >"$home/mvn.log" 2>&1 ||
    die "fetching the Kafka jars failed (see $rel/mvn.log); check that Maven can reach its repository"
  rm -rf "$lib" && mv "$lib.tmp" "$lib" && rm -f "$home/mvn.log"
}

# Writes the broker config from the template. Quoted replacements: bash 5.2
# would otherwise expand '&' in a path to the matched text.
render_config() {
  local text
  text="$(<"$root/infra/kafka/server.properties")"
  text="${text//@PORT@/"$port"}"
  text="${text//@CONTROLLER_PORT@/"$cport"}"
  text="${text//@DATA_DIR@/"$data"}"
  printf '%s\n' "$text" >"$conf"
}

# KRaft needs its storage formatted with a cluster id before the first start.
# The id is kept, so a wiped data/ comes back as the same cluster.
format_storage() {
  [[ -f "$data/meta.properties" ]] && return 0
  if [[ ! -s "$home/cluster.id" ]]; then
    java -cp "$lib/*" kafka.tools.StorageTool random-uuid >"$home/cluster.id" 2>>"$log" ||
      die "could not generate a Kafka cluster id (see $rel/kafka.log)"
  fi
  java -cp "$lib/*" kafka.tools.StorageTool format -t "$(<"$home/cluster.id")" -c "$conf" >>"$log" 2>&1 ||
    die "formatting the Kafka storage in $rel/data failed (see $rel/kafka.log)"
}

start() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "kafka: already running at $(address) (pid $pid, data $rel)"
    return 0
  fi
  valid_port KAFKA_PORT "$KAFKA_PORT"
  valid_port KAFKA_CONTROLLER_PORT "$KAFKA_CONTROLLER_PORT"
  [[ "$port" != "$cport" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $port)"
  # Something else listening there would make the broker die with a bind error
  # deep in its log, or worse, make the readiness check below pass for the wrong server.
  local var
  for var in KAFKA_PORT KAFKA_CONTROLLER_PORT; do
    ! port_open "${!var}" ||
      die "port ${!var} on 127.0.0.1 is already in use by another process; stop that, or set $var to a free port"
  done
  command -v java >/dev/null || die "java not found; install a JDK 17, e.g. sudo apt-get install -y openjdk-17-jdk-headless"

  mkdir -p "$home"
  rm -f "$pidfile"
  fetch_jars
  : >"$log"
  render_config
  format_storage

  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS holds several JVM flags
  nohup java ${KAFKA_HEAP_OPTS:--Xmx512m} -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss,SSS" \
    -cp "$lib/*" kafka.Kafka "$conf" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"

  # Ready = the listener accepts connections and the server logged the end of its startup
  # (the socket is bound a moment before requests are served).
  await_ready "the Kafka broker" "$pid" "$port" "Kafka Server started" "$log" "$pidfile" 30
  echo "kafka: ready at 127.0.0.1:$port (pid $pid, data $rel)"
}

stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$pidfile"
    echo "kafka: not running"
    return 0
  fi
  # SIGTERM runs Kafka's controlled shutdown (flushes logs, no recovery on the next start).
  terminate "$pid" "kafka: broker" 15
  rm -f "$pidfile"
  echo "kafka: stopped (pid $pid)"
}

status() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "kafka: running at $(address) (pid $pid, data $rel)"
  else
    echo "kafka: not running"
    exit 3
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help) echo "$usage" ;;
  *) die "unknown command '$cmd'; $usage" ;;
esac
