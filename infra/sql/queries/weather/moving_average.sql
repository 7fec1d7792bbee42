-- A city's hourly temperature and its moving average over :hours hours (the moving_hours the
-- pipeline ran with), for the last 48 hours stored for the city: per UTC hour with readings its
-- mean °C, the mean of the hourly means of the :hours hours ending with it, how many of those had
-- readings, and complete (all of them had). :city is a name (any case) or a city id.
--   psql -d tributary -v city=Berlin -v hours=5 -f infra/sql/queries/weather/moving_average.sql
WITH hours AS (
  SELECT c.name, c.country, h.*, max(h.hour_start) OVER (PARTITION BY h.city_id) AS last_hour
  FROM weather.hourly_temperatures h
  JOIN weather.cities c USING (city_id)
  WHERE (lower(c.name) = lower(:'city') OR c.city_id::text = :'city')
    AND h.moving_hours = :hours
)
SELECT name AS city,
       to_char(hour_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS hour_start,
       round(mean_c::numeric, 2) AS mean_c,
       round(moving_mean_c::numeric, 2) AS moving_mean_c,
       hours_present,
       complete
FROM hours
WHERE hour_start > last_hour - interval '48 hours'
ORDER BY hours.hour_start, country, city_id;
