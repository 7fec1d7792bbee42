-- The latest reading of every city: when it was taken (UTC) and the city's local time then (by
-- the offset OpenWeatherMap sent with it), temperature °C, humidity %, wind m/s, precipitation
-- mm/h and the condition. city_id DESC, not ASC: both columns descending walk the observations'
-- primary key (city_id, observed_at) backwards; city_id ASC, observed_at DESC would sort them all.
--   psql -d tributary -f infra/sql/queries/weather/latest.sql
SELECT c.name AS city,
       c.country,
       to_char(o.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS observed_at,
       (o.observed_at AT TIME ZONE 'UTC') + make_interval(secs => o.utc_offset_seconds)
         AS local_time,
       round(o.temperature_c::numeric, 2) AS temperature_c,
       round(o.humidity_pct::numeric, 1) AS humidity_pct,
       round(o.wind_speed_ms::numeric, 2) AS wind_speed_ms,
       round(o.precipitation_mm_h::numeric, 2) AS precipitation_mm_h,
       w.main || '/' || w.description AS condition
FROM (SELECT DISTINCT ON (city_id) *
      FROM weather.observations
      ORDER BY city_id DESC, observed_at DESC) o
JOIN weather.cities c USING (city_id)
JOIN weather.conditions w USING (condition_id)
ORDER BY c.name, c.country, c.city_id;
