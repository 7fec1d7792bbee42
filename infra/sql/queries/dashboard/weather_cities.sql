-- The cities with daily summaries, and the moving-average windows stored for them: the dashboard's
-- choices.
--   psql -d tributary -f infra/sql/queries/dashboard/weather_cities.sql
SELECT c.city_id, c.name, c.country,
       (SELECT min(moving_hours) FROM weather.hourly_temperatures h WHERE h.city_id = c.city_id)
         AS moving_hours
FROM weather.cities c
WHERE EXISTS (SELECT FROM weather.daily_summaries d WHERE d.city_id = c.city_id)
ORDER BY c.name, c.country, c.city_id;
