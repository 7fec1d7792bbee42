#!/usr/bin/env bash
# The entrypoint of infra/docker/Dockerfile's image: runs TRIBUTARY_MAIN (default
# dev.tributary.pipelines.Main, which takes scripts/run.sh's arguments) from the bundled jar beside
# it with JAVA_FLAGS of scripts/lib.sh, the flags scripts/run.sh starts the JVM with. Extra JVM
# flags: TRIBUTARY_JAVA_OPTS. The JDBC URL: --jdbcUrl, else $TRIBUTARY_JDBC_URL (PostgresOptions).
set -euo pipefail
home="$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source "$home/scripts/lib.sh"
# shellcheck disable=SC2086  # TRIBUTARY_JAVA_OPTS holds several flags
exec java "${JAVA_FLAGS[@]}" ${TRIBUTARY_JAVA_OPTS:-} -cp "$home/tributary-pipelines.jar" \
  "${TRIBUTARY_MAIN:-dev.tributary.pipelines.Main}" "$@"
