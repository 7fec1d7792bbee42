-- Bonus 1: of the two most common regions (by number of trips), which is the latest datasource,
-- i.e. the datasource of each region's most recent trip (ties: alphabetical).
--   psql -d tributary -f infra/sql/queries/latest_datasource_of_top_regions.sql
WITH top_regions AS (
  SELECT region_id, sum(trips) AS trips
  FROM trips.trip_region_sources
  GROUP BY region_id
  ORDER BY trips DESC, region_id
  LIMIT 2
)
SELECT r.name AS region, t.trips, latest.datasource, latest.last_seen
FROM top_regions t
JOIN trips.regions r USING (region_id)
CROSS JOIN LATERAL (
  SELECT d.name AS datasource, rs.last_seen
  FROM trips.trip_region_sources rs JOIN trips.datasources d USING (datasource_id)
  WHERE rs.region_id = t.region_id
  ORDER BY rs.last_seen DESC, d.name
  LIMIT 1
) AS latest
ORDER BY t.trips DESC, r.name;
