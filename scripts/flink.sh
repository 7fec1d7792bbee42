#!/usr/bin/env bash
# A local Apache Flink 1.19 session cluster (one JobManager, one TaskManager) on 127.0.0.1,
# run from Maven artifacts: no flink-dist download, no Docker.
# Usage: scripts/flink.sh start|stop|status
#        scripts/flink.sh submit JAR MAINCLASS [ARGS...]
#   start   copy the cluster's jars from Maven (first time only, infra/flink/pom.xml), start the
#           JobManager and the TaskManager in the background and wait until the TaskManager has
#           registered (60 s at most); starts only what is not running yet
#   stop    end both (SIGTERM, SIGKILL after 30 s)
#   status  say whether the cluster runs, where, and with how many slots; exit 0 if it does,
#           3 if nothing runs, 1 if only part of it runs
#   submit  run MAINCLASS of the (shaded) JAR with --runner=FlinkRunner against this cluster:
#           java -cp JAR MAINCLASS --runner=FlinkRunner --flinkMaster=127.0.0.1:PORT
#             --filesToStage=JAR ARGS...   ("--name value" ARGS become "--name=value", as in
#           scripts/run.sh; extra client JVM flags: TRIBUTARY_JAVA_OPTS)
# Configuration: infra/flink/conf/ (config.yaml, log4j.properties). Ports: FLINK_REST_PORT
# (REST API and web UI, default rest.port of config.yaml: 8081), FLINK_RPC_PORT (default
# jobmanager.rpc.port: 6123). Everything it writes is under work/flink/ (git-ignored): lib/ (the
# classpath), log/ (jobmanager.log/.out, taskmanager.log/.out; the .out files hold what jobs
# print to stdout), tmp/, *.pid, ports.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/flink.sh start|stop|status|submit JAR MAINCLASS [ARGS...]"
(($# >= 1)) || die "$usage"
cmd="$1"
shift

root="$(repo_root)"
home="$root/work/flink"
rel="work/flink" # for messages
pom="$root/infra/flink/pom.xml"
conf="$root/infra/flink/conf"
lib="$home/lib"
logdir="$home/log"
portsfile="$home/ports"
JM_CLASS=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_CLASS=org.apache.flink.runtime.taskexecutor.TaskManagerRunner

# Flink reflects into JDK internals that Java 17 closes. Its own launch scripts add these from
# env.java.opts.all; that key is not read when the entrypoint classes are started directly.
JVM_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.security=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
)

# conf_value KEY: the value of a flat KEY in config.yaml (comments and blanks trimmed).
conf_value() {
  local key="${1//./\\.}"
  sed -n "s/^${key}:[[:space:]]*\([^#]*\).*/\1/p" "$conf/config.yaml" | sed 's/[[:space:]]*$//' | tail -n 1
}

# running_pid NAME CLASS: prints the pid from NAME.pid if that process is alive and runs CLASS
# (so a pid recycled by another program after a crash does not count).
running_pid() {
  local pid cmdline
  [[ -f "$home/$1.pid" ]] || return 1
  pid="$(<"$home/$1.pid")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmdline" == *" $2 "* ]] || return 1
  echo "$pid"
}

# The ports of a running cluster are the ones it was started with, whatever the environment says now.
if running_pid jobmanager "$JM_CLASS" >/dev/null && [[ -f "$portsfile" ]]; then
  read -r port rpc_port <"$portsfile"
  if [[ -n "${FLINK_REST_PORT:-}" && "$FLINK_REST_PORT" != "$port" ]]; then
    echo "flink: note: the running cluster uses REST port $port; FLINK_REST_PORT=$FLINK_REST_PORT is ignored until scripts/flink.sh stop" >&2
  fi
else
  port="${FLINK_REST_PORT:-$(conf_value rest.port)}"
  rpc_port="${FLINK_RPC_PORT:-$(conf_value jobmanager.rpc.port)}"
fi
valid_port FLINK_REST_PORT "${port:-}"
valid_port FLINK_RPC_PORT "${rpc_port:-}"
url="http://127.0.0.1:$port"
# Applied after config.yaml by both processes, so the environment can move the ports.
overrides=(-D "rest.port=$port" -D "jobmanager.rpc.port=$rpc_port")

need() {
  command -v "$1" >/dev/null || die "$1 not found; install it, e.g. sudo apt-get install -y $2"
}

# overview: the JSON of GET /overview (taskmanagers, slots-total, slots-available, jobs-running, ...).
overview() {
  curl -sf --max-time 3 "$url/overview"
}

# taskmanager_ids: the ids of the TaskManagers the JobManager lists, one a line (none if it is down).
taskmanager_ids() {
  curl -sf --max-time 3 "$url/taskmanagers" | grep -o '"id":"[^"]*"' || true
}

# json_num JSON FIELD: a numeric top-level field of a flat JSON object.
json_num() {
  sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" <<<"$1"
}

# port_owner PORT: " by pid N (name)" when ss can tell who listens there, else nothing.
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null |
    sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/ by pid \2 (\1)/p' | head -n 1 || true
}

# check_port PORT KEY ENVVAR: dies with one line when another process holds PORT.
check_port() {
  if port_open "$1"; then
    die "port $1 on 127.0.0.1 ($2) is already in use$(port_owner "$1"); stop that process or pick a free port, e.g. $3=$(($1 + 1)) scripts/flink.sh start"
  fi
}

# Copies the cluster's jars once, and again whenever infra/flink/pom.xml changes.
ensure_lib() {
  local stamp="$lib/.complete"
  [[ -f "$stamp" && ! "$pom" -nt "$stamp" ]] && return 0
  need mvn maven
  echo "flink: copying Flink's jars from Maven into $rel/lib (first start only)..." >&2
  rm -rf "$lib"
  mkdir -p "$home"
  mvn -q -B -f "$pom" dependency:copy-dependencies -DoutputDirectory="$lib" >"$home/mvn.log" 2>&1 ||
    die "copying Flink's jars from Maven failed (see $rel/mvn.log)"
  touch "$stamp"
}

# resource_params CMD: sets RES_JVM (heap, direct memory, metaspace flags) and RES_DYN
# ("-D key=value" pairs), both space-separated, for the JobManager (GET_JM_RESOURCE_PARAMS) or
# the TaskManager (GET_TM_RESOURCE_PARAMS) from the memory settings in config.yaml, as Flink's
# own jobmanager.sh/taskmanager.sh do. The TaskManager refuses to start without them.
resource_params() {
  local out
  local -a results
  out="$(cd "$root" && java -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$conf" "${overrides[@]}" 2>&1)" ||
    die "Flink rejected the memory settings in infra/flink/conf/config.yaml ($1): $(grep -m 1 -E 'Exception|Error' <<<"$out" || tail -n 1 <<<"$out")"
  # Flink's config.sh: the result lines carry this prefix; first JVM flags, then dynamic configs.
  mapfile -t results < <(sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out")
  ((${#results[@]} == 2)) || die "unexpected output of Flink's BashJavaUtils $1: $(tail -n 1 <<<"$out")"
  RES_JVM="${results[0]}"
  RES_DYN="${results[1]}"
}

# launch NAME CLASS JVM_PARAMS DYN_PARAMS (as from resource_params): starts one process in the
# background from the repository root (config.yaml's relative paths are relative to it) and
# writes NAME.pid.
launch() {
  local name="$1" class="$2"
  local -a jvm dyn
  read -ra jvm <<<"$3"
  read -ra dyn <<<"$4"
  mkdir -p "$logdir" "$home/tmp/web"
  (
    cd "$root"
    nohup java "${JVM_OPENS[@]}" "${jvm[@]}" \
      -Dlog.file="$logdir/$name.log" -Dlog4j.configurationFile="file:$conf/log4j.properties" \
      -cp "$lib/*" "$class" --configDir "$conf" "${dyn[@]}" "${overrides[@]}" \
      >"$logdir/$name.out" 2>&1 </dev/null &
    echo "$!" >"$home/$name.pid"
  )
}

# stop_one NAME CLASS: SIGTERM (Flink shuts down cleanly), SIGKILL after 30 s.
stop_one() {
  local pid
  pid="$(running_pid "$1" "$2")" || { rm -f "$home/$1.pid"; return 1; }
  terminate "$pid" "flink: $1" 30
  rm -f "$home/$1.pid"
  echo "$pid"
}

# show_logs NAME...: the last lines each process wrote, for a failed start; stack frames are
# left out so that the exception messages (and their "Caused by:" lines) fit.
show_logs() {
  local name f
  for name in "$@"; do
    for f in "$logdir/$name.out" "$logdir/$name.log"; do
      [[ -s "$f" ]] || continue
      echo "--- last lines of ${f#"$root"/} ---" >&2
      grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$f" | tail -n 15 >&2
    done
  done
}

do_start() {
  local jm tm ov tms slots deadline dead name old_tms=""
  local jm_jvm jm_dyn tm_jvm tm_dyn
  local -a started=()
  need java openjdk-17-jre-headless
  need curl curl
  jm="$(running_pid jobmanager "$JM_CLASS")" || jm=""
  tm="$(running_pid taskmanager "$TM_CLASS")" || tm=""
  # A TaskManager left from a JobManager that died may know other ports: restart both.
  if [[ -z "$jm" && -n "$tm" ]]; then
    stop_one taskmanager "$TM_CLASS" >/dev/null || true
    tm=""
  fi
  # Nothing runs: what Flink left in tmp/ (a crashed process cannot clean up) is garbage now.
  [[ -z "$jm$tm" ]] && rm -rf "$home/tmp"
  if [[ -z "$jm" ]]; then
    check_port "$port" "rest.port" FLINK_REST_PORT
    check_port "$rpc_port" "jobmanager.rpc.port" FLINK_RPC_PORT
  fi
  # Both memory setups are checked before anything starts, so a bad config.yaml starts nothing.
  if [[ -z "$jm" || -z "$tm" ]]; then
    ensure_lib
  fi
  if [[ -z "$jm" ]]; then
    resource_params GET_JM_RESOURCE_PARAMS
    jm_jvm="$RES_JVM" jm_dyn="$RES_DYN"
  fi
  if [[ -z "$tm" ]]; then
    resource_params GET_TM_RESOURCE_PARAMS
    tm_jvm="$RES_JVM" tm_dyn="$RES_DYN"
  fi
  if [[ -z "$jm" ]]; then
    launch jobmanager "$JM_CLASS" "$jm_jvm" "$jm_dyn"
    echo "$port $rpc_port" >"$portsfile"
    started+=(jobmanager)
  fi
  if [[ -z "$tm" ]]; then
    old_tms="$(taskmanager_ids)"
    launch taskmanager "$TM_CLASS" "$tm_jvm" "$tm_dyn"
    started+=(taskmanager)
  fi

  # Ready = the REST API answers and the TaskManager has registered its slots. A TaskManager
  # started just now must be a new entry: the JobManager may still list one that died.
  deadline=$((SECONDS + 60))
  while :; do
    jm="$(running_pid jobmanager "$JM_CLASS")" || jm=""
    tm="$(running_pid taskmanager "$TM_CLASS")" || tm=""
    if [[ -z "$jm" || -z "$tm" ]]; then
      dead="$([[ -z "$jm" ]] && echo jobmanager || echo taskmanager)"
      show_logs "$dead"
      stop_one jobmanager "$JM_CLASS" >/dev/null || true
      stop_one taskmanager "$TM_CLASS" >/dev/null || true
      die "the Flink $dead exited during start (its last log lines are above; all logs in $rel/log/)"
    fi
    if ov="$(overview)"; then
      tms="$(json_num "$ov" taskmanagers)"
      slots="$(json_num "$ov" slots-total)"
      if ((${tms:-0} >= 1 && ${slots:-0} >= 1)) &&
        [[ -z "$old_tms" || -n "$(taskmanager_ids | grep -vxF "$old_tms")" ]]; then
        break
      fi
    fi
    if ((SECONDS >= deadline)); then
      show_logs "${started[@]+"${started[@]}"}"
      for name in "${started[@]+"${started[@]}"}"; do
        stop_one "$name" "$([[ "$name" == jobmanager ]] && echo "$JM_CLASS" || echo "$TM_CLASS")" >/dev/null || true
      done
      die "Flink was not ready at $url within 60 s (no TaskManager registered); logs above, all in $rel/log/"
    fi
    sleep 1
  done
  echo "flink: ready at $url (jobmanager pid $jm, taskmanager pid $tm, $slots slots)"
}

do_stop() {
  local jm tm
  tm="$(stop_one taskmanager "$TM_CLASS")" || tm=""
  jm="$(stop_one jobmanager "$JM_CLASS")" || jm=""
  rm -f "$portsfile"
  if [[ -z "$jm$tm" ]]; then
    echo "flink: not running"
  else
    echo "flink: stopped (jobmanager pid ${jm:-none}, taskmanager pid ${tm:-none})"
  fi
}

do_status() {
  local jm tm ov
  jm="$(running_pid jobmanager "$JM_CLASS")" || jm=""
  tm="$(running_pid taskmanager "$TM_CLASS")" || tm=""
  if [[ -z "$jm$tm" ]]; then
    echo "flink: not running"
    exit 3
  fi
  if [[ -n "$jm" && -n "$tm" ]] && ov="$(overview)"; then
    echo "flink: running at $url (jobmanager pid $jm, taskmanager pid $tm; $(json_num "$ov" taskmanagers) taskmanager(s), $(json_num "$ov" slots-total) slots, $(json_num "$ov" slots-available) free, $(json_num "$ov" jobs-running) job(s) running)"
    exit 0
  fi
  echo "flink: only partly running (jobmanager pid ${jm:-none}, taskmanager pid ${tm:-none}, REST API at $url $(overview >/dev/null && echo answers || echo "does not answer")); restart it: scripts/flink.sh stop && scripts/flink.sh start"
  exit 1
}

do_submit() {
  (($# >= 2)) || die "usage: scripts/flink.sh submit JAR MAINCLASS [ARGS...]"
  local jar="$1" main="$2"
  shift 2
  [[ -f "$jar" ]] || die "no such jar: $jar"
  jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")" # the runner stages it by path
  need java openjdk-17-jre-headless
  need curl curl
  overview >/dev/null || die "no Flink cluster answers at $url; start it: scripts/flink.sh start"
  # Beam's options parser wants --name=value.
  local -a args=() extra=()
  while (($#)); do
    if [[ "$1" == --* && "$1" != *=* && $# -ge 2 && "$2" != --* ]]; then
      args+=("$1=$2")
      shift 2
    else
      args+=("$1")
      shift
    fi
  done
  read -ra extra <<<"${TRIBUTARY_JAVA_OPTS:-}"
  exec java "${JAVA_FLAGS[@]}" "${extra[@]+"${extra[@]}"}" -cp "$jar" "$main" \
    --runner=FlinkRunner --flinkMaster="127.0.0.1:$port" --filesToStage="$jar" \
    "${args[@]+"${args[@]}"}"
}

case "$cmd" in
  start) (($# == 0)) || die "$usage"; do_start ;;
  stop) (($# == 0)) || die "$usage"; do_stop ;;
  status) (($# == 0)) || die "$usage"; do_status ;;
  submit) do_submit "$@" ;;
  -h | --help) echo "$usage" ;;
  *) die "unknown command '$cmd'; $usage" ;;
esac
