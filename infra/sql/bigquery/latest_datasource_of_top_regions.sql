-- Bonus 1: of the two most common regions (by number of trips), which is the latest datasource,
-- i.e. the datasource of each region's most recent trip (ties: alphabetical).
--   bq query --use_legacy_sql=false < infra/sql/bigquery/latest_datasource_of_top_regions.sql
WITH top_regions AS (
  SELECT region, COUNT(*) AS trips
  FROM tributary.trips_unique
  GROUP BY region
  ORDER BY trips DESC, region
  LIMIT 2
)
SELECT t.region, t.trips, latest.datasource, latest.started_at AS last_seen
FROM top_regions AS t
JOIN (
  SELECT region, datasource, started_at
  FROM tributary.trips_unique
  QUALIFY ROW_NUMBER() OVER (PARTITION BY region ORDER BY started_at DESC, datasource) = 1
) AS latest USING (region)
ORDER BY t.trips DESC, t.region;
