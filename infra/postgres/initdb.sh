#!/usr/bin/env bash
# Applies Tributary's migrations (V1__… onwards, in version order) to $POSTGRES_DB, each file in
# one transaction, stopping at the first error: the postgres image's entrypoint runs this once,
# on an empty data directory.
set -euo pipefail

for migration in $(ls /tributary/migrations/V*__*.sql | sort -V); do
  echo "tributary: applying $(basename "$migration")"
  psql -v ON_ERROR_STOP=1 --single-transaction --username "$POSTGRES_USER" \
    --dbname "$POSTGRES_DB" -f "$migration"
done
