-- The :top biggest similar-trip groups (same region, origin and destination cell, time of day),
-- with the grid, cells (their ids: GeoGrid places them) and time of day they were grouped by; ties broken by their keys, so the list is
-- the same on every run.
--   psql -d tributary -v top=10 -f infra/sql/queries/dashboard/trips_top_groups.sql
SELECT r.name AS region,
       g.grid,
       to_char(make_interval(mins => t.time_bucket * g.bucket_minutes), 'HH24:MI') AS bucket_start,
       to_char(make_interval(mins => (t.time_bucket + 1) * g.bucket_minutes), 'HH24:MI') AS bucket_end,
       t.origin_cell,
       t.destination_cell,
       t.trip_count AS trips,
       t.first_seen,
       t.last_seen
FROM trips.trip_groups t
JOIN trips.regions r USING (region_id)
JOIN trips.groupings g USING (grouping_id)
ORDER BY t.trip_count DESC, t.grouping_id, r.name, t.origin_cell, t.destination_cell, t.time_bucket
LIMIT :top;
