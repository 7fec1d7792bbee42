-- Weekly average number of trips of a region (name matched case-insensitively), with the weeks it
-- averaged. Weeks as in weekly_average_bbox.sql.
--   psql -d tributary -v region=Prague -v weeks_with_data=false -f infra/sql/queries/weekly_average_region.sql
SELECT w.week_start,
       coalesce(c.trips, 0) AS trips,
       round(avg(coalesce(c.trips, 0)) OVER (), 3) AS weekly_average
FROM trips.trip_weeks() AS w (week_start)
LEFT JOIN trips.trip_counts_in_region(:'region') AS c USING (week_start)
WHERE NOT :weeks_with_data OR c.trips > 0
ORDER BY w.week_start;
