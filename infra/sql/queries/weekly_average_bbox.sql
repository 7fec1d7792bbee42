-- Weekly average number of trips in a bounding box (edges included), with the weeks it averaged.
-- Weeks: every ISO week from the first to the last trip stored (empty weeks count as zero), or
-- only weeks with matching trips when weeks_with_data is true. match: origin, destination or both.
--   psql -d tributary -v min_lon=14.40 -v min_lat=50.05 -v max_lon=14.50 -v max_lat=50.10 \
--        -v match=origin -v weeks_with_data=false -f infra/sql/queries/weekly_average_bbox.sql
SELECT w.week_start,
       coalesce(c.trips, 0) AS trips,
       round(avg(coalesce(c.trips, 0)) OVER (), 3) AS weekly_average
FROM trips.trip_weeks() AS w (week_start)
LEFT JOIN trips.trip_counts_in_bbox(:min_lon, :min_lat, :max_lon, :max_lat, :'match') AS c USING (week_start)
WHERE NOT :weeks_with_data OR c.trips > 0
ORDER BY w.week_start;
