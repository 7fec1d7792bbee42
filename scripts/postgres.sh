#!/usr/bin/env bash
# Make sure PostgreSQL is running and the database named in the JDBC URL exists.
# Usage: scripts/postgres.sh [--jdbcUrl URL]   (default: $TRIBUTARY_JDBC_URL, else
# jdbc:postgresql://127.0.0.1:5432/tributary). On Debian/Ubuntu it installs and starts
# a local server when the URL points at this machine and nothing answers there.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/postgres.sh [--jdbcUrl URL]"
args=("$@")
while (($#)); do
  case "$1" in
    --jdbcUrl) shift; (($#)) || die "--jdbcUrl needs a value; $usage" ;;
    --jdbcUrl=*) ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) die "unknown argument '$1'; $usage" ;;
  esac
  shift
done
url="$(jdbc_url "${args[@]+"${args[@]}"}")"
parse_jdbc_url "$url"
where="$PG_HOST:$PG_PORT"

server_answers() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
  else # no client tools yet: a TCP connect is enough to know something listens
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$PG_HOST" "$PG_PORT" 2>/dev/null
  fi
}

# Sets SUDO to the prefix for commands that need root, or dies with what to run ($1).
need_root() {
  if ((EUID == 0)); then SUDO=""
  elif command -v sudo >/dev/null; then SUDO="sudo"
  else die "$1"
  fi
}

started_here=false
if ! server_answers; then
  is_local_host "$PG_HOST" ||
    die "no PostgreSQL server answers at $where; start it, or point --jdbcUrl / TRIBUTARY_JDBC_URL at a running server"

  if ! command -v pg_ctlcluster >/dev/null; then
    command -v apt-get >/dev/null ||
      die "no PostgreSQL server answers at $where and automatic install needs apt-get (Debian/Ubuntu); install and start PostgreSQL yourself"
    need_root "PostgreSQL is not installed; run as root: apt-get update && apt-get install -y postgresql"
    log="$(mktemp -t tributary-apt.XXXXXX.log)"
    echo "postgres: installing Debian's postgresql package (log: $log)..." >&2
    { $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } >"$log" 2>&1 ||
      die "installing PostgreSQL failed (see $log); run: sudo apt-get update && sudo apt-get install -y postgresql"
  fi

  # The package creates cluster <version>/main on port 5432; pick whichever
  # local cluster is configured for the URL's port.
  read -r ver cluster status < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p { print $1, $2, $4; exit }') || true
  if [[ -z "${ver:-}" ]]; then
    ports="$(pg_lsclusters -h | awk '{ print $3 }' | paste -sd, -)"
    [[ -n "$ports" ]] || die "no local PostgreSQL cluster exists; create one: sudo pg_createcluster --start -p $PG_PORT $(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1) main"
    die "no PostgreSQL server answers at $where and no local cluster uses port $PG_PORT (local clusters use: $ports); fix the port in the JDBC URL"
  fi

  if [[ "$status" != online ]]; then
    # pg_ctlcluster hands "start" to systemctl when /run/systemd/system exists;
    # that fails in containers where systemd is not PID 1, so skip the redirect there.
    opts=()
    [[ "$(cat /proc/1/comm 2>/dev/null)" == systemd ]] || opts=(--skip-systemctl-redirect)
    need_root "PostgreSQL cluster $ver/$cluster is stopped; start it: sudo pg_ctlcluster $ver $cluster start"
    echo "postgres: starting cluster $ver/$cluster..." >&2
    $SUDO pg_ctlcluster "${opts[@]+"${opts[@]}"}" "$ver" "$cluster" start >/dev/null 2>&1 ||
      die "could not start PostgreSQL cluster $ver/$cluster; see /var/log/postgresql/postgresql-$ver-$cluster.log"
  fi
  started_here=true

  for _ in {1..30}; do server_answers && break; sleep 1; done
  server_answers || die "PostgreSQL at $where did not come up within 30 s; see /var/log/postgresql/postgresql-$ver-$cluster.log"
fi

command -v psql >/dev/null ||
  die "psql not found; install the PostgreSQL client: sudo apt-get install -y postgresql-client"
export PGCONNECT_TIMEOUT=5
[[ -z "$PG_PASSWORD" ]] || export PGPASSWORD="$PG_PASSWORD"
# -w: never prompt for a password, fail instead (scripts must not hang).
pg() { psql -X -w -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
first_error() { sed -n '1{s/^[a-z]*: error: //;p}' <<<"$1"; }

if ! err="$(pg -tAc 'select 1' 2>&1 >/dev/null)"; then
  if $started_here && [[ "$err" == *password* ]]; then
    # Stock Debian clusters ask for a password on TCP. This is a local development
    # cluster we just installed/started, so trust loopback connections instead.
    hba="/etc/postgresql/$ver/$cluster/pg_hba.conf"
    need_root "PostgreSQL at $where wants a password; add password=... to the JDBC URL"
    if ! $SUDO grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
      echo "postgres: trusting loopback TCP connections in $hba (local dev cluster)" >&2
      $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
      $SUDO pg_ctlcluster "$ver" "$cluster" reload >/dev/null
    fi
    err="$(pg -tAc 'select 1' 2>&1 >/dev/null)" || true
  fi
  [[ -z "$err" ]] || case "$err" in
    *"does not exist"*) die "cannot connect to $where: $(first_error "$err"); create the role: sudo -u postgres createuser --superuser $PG_USER" ;;
    *password*) die "PostgreSQL at $where rejected user $PG_USER ($(first_error "$err" | sed 's/.*failed: //')); set ?user=...&password=... in the JDBC URL" ;;
    *) die "cannot connect to PostgreSQL at $where as $PG_USER: $(first_error "$err")" ;;
  esac
fi

exists="$(pg -tA -v db="$PG_DB" <<<"select 1 from pg_database where datname = :'db'" 2>&1)" ||
  die "cannot query databases at $where: $(first_error "$exists")"
if [[ "$exists" != 1 ]]; then
  err="$(createdb -w -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB" 2>&1)" ||
    die "cannot create database $PG_DB at $where: $(first_error "$err")"
fi
echo "postgres: ready at $where, database $PG_DB"
