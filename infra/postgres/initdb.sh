#!/usr/bin/env bash
# Applies Tributary's migrations (V1__… onwards, in version order) to $POSTGRES_DB, each file in
# one transaction, stopping at the first error: the postgres image's entrypoint runs this once,
# on an empty data directory.
set -euo pipefail

# The names are Flyway's (no spaces), so the word splitting below is safe.
for migration in $(printf '%s\n' /tributary/migrations/V*__*.sql | sort -V); do
  echo "tributary: applying $(basename "$migration")"
  psql -v ON_ERROR_STOP=1 --single-transaction --username "$POSTGRES_USER" \
    --dbname "$POSTGRES_DB" -f "$migration"
done
