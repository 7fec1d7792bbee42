#!/usr/bin/env bash
# Write N roof installations as JSON Lines, copies of the real models with perturbed geometry and
# ~10% later updates: scripts/generate-roofs.sh N FILE [--seed S] [--templates DIR]
# (same seed => same file; templates default to the repository's data/sample/roofs). Runs
# dev.tributary.pipelines.roofs.GenerateRoofs, building the project first if needed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/generate-roofs.sh N FILE [--seed S] [--templates DIR]"
(($# >= 2)) || die "expected N and FILE; $usage"
n="$1" file="$2" seed=42 templates=""
shift 2
while (($#)); do
  case "$1" in
    --seed | --templates)
      [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value; $usage"
      if [[ "$1" == --seed ]]; then seed="$2"; else templates="$2"; fi
      shift 2 ;;
    --seed=*) seed="${1#--seed=}"; shift ;;
    --templates=*) templates="${1#--templates=}"; shift ;;
    *) die "unknown argument '$1'; $usage" ;;
  esac
done
if ! [[ "$n" =~ ^[1-9][0-9]{0,6}$ ]] || ((n > 1000000)); then
  die "N must be an integer from 1 to 1000000, got '$n'; $usage"
fi
[[ "$seed" =~ ^-?[0-9]{1,18}$ ]] || die "--seed must be an integer, got '$seed'"
[[ -n "$file" && ! -d "$file" ]] || die "FILE must be a file path, got '$file'; $usage"
mkdir -p "$(dirname "$file")" 2>/dev/null || die "cannot create directory $(dirname "$file") for $file"

# The main runs in the caller's folder; the default templates are the repository's.
templates="${templates:-$(repo_root)/data/sample/roofs}"
[[ -d "$templates" ]] ||
  die "template folder $templates not found; pass --templates DIR (a folder of roof_*.json files)"

command -v java >/dev/null || die "java not found; install Java 17+, e.g. sudo apt-get install -y openjdk-17-jdk-headless"
ensure_built
run_main dev.tributary.pipelines.roofs.GenerateRoofs "$n" "$file" --seed "$seed" --templates "$templates"
