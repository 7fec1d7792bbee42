-- Trips per region and ISO week (Monday), by origin: the weekly counts of 0.04-degree blocks
-- summed, not the trips scanned, so it stays fast at 100M trips.
--   psql -d tributary -f infra/sql/queries/dashboard/trips_weekly.sql
SELECT r.name AS region, w.week_start, sum(w.trips) AS trips
FROM trips.trip_area_blocks w
JOIN trips.regions r USING (region_id)
WHERE w.level = 4 AND w.side = 'o'
GROUP BY r.name, w.week_start
ORDER BY r.name, w.week_start;
