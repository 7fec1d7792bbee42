#!/usr/bin/env bash
# Write N synthetic vehicle trips as CSV: scripts/generate-trips.sh N FILE [--seed S]
# (same seed => same file). Runs scripts/tools/GenerateTrips.java; no build needed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/generate-trips.sh N FILE [--seed S]"
(($# == 2 || $# == 4)) || die "expected N and FILE; $usage"
n="$1" file="$2" seed=42
[[ "$n" =~ ^[1-9][0-9]{0,17}$ ]] || die "N must be a positive integer, got '$n'; $usage"
if (($# == 4)); then
  [[ "$3" == --seed ]] || die "unknown argument '$3'; $usage"
  [[ "$4" =~ ^-?[0-9]{1,18}$ ]] || die "--seed must be an integer, got '$4'"
  seed="$4"
fi
[[ -n "$file" && ! -d "$file" ]] || die "FILE must be a file path, got '$file'; $usage"
mkdir -p "$(dirname "$file")" 2>/dev/null || die "cannot create directory $(dirname "$file") for $file"

command -v java >/dev/null || die "java not found; install Java 17+, e.g. sudo apt-get install -y openjdk-17-jdk-headless"
# The single-file launcher and SplittableRandom.nextGaussian need Java 17+.
java_version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
major="${java_version%%.*}"
[[ "$major" =~ ^[0-9]+$ ]] && ((major >= 17)) || die "Java 17+ is needed, found '${java_version:-unknown}'; install openjdk-17-jdk-headless"

exec java "$(repo_root)/scripts/tools/GenerateTrips.java" "$n" "$file" --seed "$seed"
