#!/usr/bin/env bash
# Runs a pipeline on its bundled sample, or on your input:
#   scripts/run.sh PIPELINE [--input FILE|GLOB] [--runner=FlinkRunner] [--jdbcUrl URL] [--help]
#   scripts/run.sh --list       the pipelines there are
# Builds the project if needed and makes sure PostgreSQL is running first; energy, weather and
# covid without --apiUrl (nor --source=staged) read the local replay server (scripts/replay-api.sh),
# started here when it is not.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -ge 1 ]] || die "usage: scripts/run.sh PIPELINE [options] | --list"
cd "$(repo_root)"
ensure_built
if [[ "$1" != --list && " $* " != *" --help"* ]]; then
  scripts/postgres.sh --jdbcUrl "$(jdbc_url "$@")" >&2
  if [[ "$1" =~ ^(energy|weather|covid)$ && " $* " != *" --apiUrl"* && " $* " != *" --source=staged "* ]]; then
    scripts/replay-api.sh start >&2
  fi
fi
run_main dev.tributary.pipelines.Main "$@"
