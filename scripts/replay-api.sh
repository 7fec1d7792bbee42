#!/usr/bin/env bash
# A local, deterministic replay of the public APIs the pipelines read (Energy-Charts at its root:
# /public_power, /price, /installed_power; OpenWeatherMap's current weather at /data/2.5/weather
# for the cities of data/sample/weather/cities.csv, any non-empty appid; covid19api.com's recorded
# Singapore series at /country/singapore/status/confirmed?from=&to=), so demos and manual runs
# need no internet, no API key and meet no rate limit but the one it imitates. It runs
# dev.tributary.io.http.ReplayServer from the io module's test classes (see its Javadoc, and
# OpenWeatherReplay's for the weather contract, and ../shared/notes/apis.md for what it answers).
# e.g. curl 'http://127.0.0.1:8089/data/2.5/weather?lat=52.5244&lon=13.4105&units=metric&appid=any'
# Usage: scripts/replay-api.sh start|stop|status [--port N] [--now ISO-INSTANT] [--maxRequestsPerSecond N]
#   start   build if needed, run the server in the background, wait until it answers and print
#           its URL; says so if one already runs on that port
#   stop    end it (SIGTERM, SIGKILL after 10 s)
#   status  say whether it runs and where; exit 0 if it does, 3 if not
# --port: default 8089 (one server per port; stop and status take the same --port).
# start only: --now fixes the server's now (what is published yet), e.g. 2025-06-15T10:00:00Z,
# so every answer is reproducible (default: the real time); --maxRequestsPerSecond per client
# (default 10, 0: no limit). Everything it writes is under work/replay-api/ (git-ignored):
# PORT.pid and PORT.log (what the server printed).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/replay-api.sh start|stop|status [--port N] [--now ISO-INSTANT] [--maxRequestsPerSecond N]"
(($# >= 1)) || die "$usage"
cmd="$1"
shift

port=8089
server_args=()
while (($#)); do
  case "$1" in
    --port) [[ $# -ge 2 ]] || die "--port needs a value, e.g. --port 8089"; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --now | --maxRequestsPerSecond)
      [[ "$cmd" == start ]] || die "$1 applies to start only"
      [[ $# -ge 2 ]] || die "$1 needs a value"
      server_args+=("$1=$2"); shift 2 ;;
    --now=* | --maxRequestsPerSecond=*)
      [[ "$cmd" == start ]] || die "${1%%=*} applies to start only"
      server_args+=("$1"); shift ;;
    *) die "unknown argument '$1'; $usage" ;;
  esac
done
valid_port --port "$port"

root="$(repo_root)"
home="$root/work/replay-api"
rel="work/replay-api" # for messages
pidfile="$home/$port.pid"
log="$home/$port.log"
url="http://127.0.0.1:$port"
MAIN=dev.tributary.io.http.ReplayServer
classes="$root/io/target/test-classes"

# PID of the server on this port, or nothing. The process must still be our server: after a
# reboot or a crash the pid file can name an unrelated process.
running_pid() {
  local pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(<"$pidfile")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF " $MAIN --port=$port "; then
    echo "$pid"
  fi
}

start() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "replay-api: already running at $url (pid $pid, log $rel/$port.log)"
    return 0
  fi
  ! port_open "$port" ||
    die "port $port on 127.0.0.1 is already in use by another process; stop that, or pick another with --port N"
  command -v java >/dev/null || die "java not found; install a JDK 17, e.g. sudo apt-get install -y openjdk-17-jdk-headless"
  ensure_built
  # ensure_built compiles the test classes too (-DskipTests, not -Dmaven.test.skip), unless the
  # tree was built some other way.
  [[ -f "$classes/${MAIN//.//}.class" ]] ||
    die "${classes#"$root/"} has no ReplayServer; compile it with 'mvn -B -q -pl io -am test-compile'"
  [[ -f "$root/pipelines/target/classpath.txt" ]] ||
    die "pipelines/target/classpath.txt is missing; run 'mvn -B -DskipTests install' once"

  mkdir -p "$home"
  rm -f "$pidfile"
  # The pipelines' runtime classpath has everything the server needs besides its own classes
  # (Jackson), as run_main uses it.
  nohup java -Xmx256m -cp "$classes:$(<"$root/pipelines/target/classpath.txt")" \
    "$MAIN" "--port=$port" "${server_args[@]+"${server_args[@]}"}" >"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"

  # Ready = the port answers and the server printed its URL.
  await_ready "the replay server" "$pid" "$port" "replay server on $url" "$log" "$pidfile" 20
  echo "replay-api: ready at $url (pid $pid, log $rel/$port.log)"
}

stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$pidfile"
    echo "replay-api: not running on port $port"
    return 0
  fi
  terminate "$pid" "replay-api: server" 10
  rm -f "$pidfile"
  echo "replay-api: stopped (pid $pid)"
}

status() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "replay-api: running at $url (pid $pid, log $rel/$port.log)"
  else
    echo "replay-api: not running on port $port"
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
