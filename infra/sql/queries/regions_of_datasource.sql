-- Bonus 2: the regions where a datasource (e.g. cheap_mobile) has appeared, with its trips there.
--   psql -d tributary -v datasource=cheap_mobile -f infra/sql/queries/regions_of_datasource.sql
SELECT r.name AS region, rs.trips, rs.first_seen, rs.last_seen
FROM trips.trip_region_sources rs
JOIN trips.regions r USING (region_id)
JOIN trips.datasources d USING (datasource_id)
WHERE d.name = lower(trim(:'datasource'))
ORDER BY r.name;
