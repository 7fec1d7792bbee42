#!/usr/bin/env bash
# Questions on the stored weather (the weather pipeline's OpenWeatherMap readings):
#   scripts/weather.sh daily --city NAME|ID [--date YYYY-MM-DD]
#       # a line per local day: DATE CITY min_c=… max_c=… mean_c=… readings=…
#   scripts/weather.sh moving-average --city NAME|ID [--hours 5]
#       # CSV: the hourly mean °C and its moving average, the last 48 hours stored
#   scripts/weather.sh latest    # CSV: the last reading of every city
# A city is its name (any case) or its OpenWeatherMap city id. Each takes --jdbcUrl URL (default:
# $TRIBUTARY_JDBC_URL, else the local database). The answers are the SQL files of
# infra/sql/queries/weather/, which psql runs as well.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run_cli dev.tributary.pipelines.weather.WeatherCli "$@"
