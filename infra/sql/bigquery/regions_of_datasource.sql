-- Bonus 2: the regions where a datasource (e.g. cheap_mobile) has appeared, with its trips there.
--   bq query --use_legacy_sql=false --parameter=datasource::cheap_mobile \
--     < infra/sql/bigquery/regions_of_datasource.sql
SELECT region, COUNT(*) AS trips, MIN(started_at) AS first_seen, MAX(started_at) AS last_seen
FROM tributary.trips_unique
WHERE datasource = LOWER(TRIM(@datasource))
GROUP BY region
ORDER BY region;
