-- A city's daily summaries: per local day (the city's own day, from the offset OpenWeatherMap
-- sent) the minimum, maximum and mean temperature in °C, the mean humidity, the day's
-- precipitation in mm, the condition of most readings, how many readings the day had and the
-- timing of the pane that wrote it (EARLY while the day may still get readings). :city is a name
-- (any case; every city of that name) or a city id; :date a day YYYY-MM-DD, or '' for every day.
--   psql -d tributary -v city=Berlin -v date=2025-06-01 -f infra/sql/queries/weather/daily.sql
--   psql -d tributary -v city=2950159 -v date= -f infra/sql/queries/weather/daily.sql
SELECT c.name AS city,
       d.local_date,
       round(d.min_c::numeric, 2) AS min_c,
       round(d.max_c::numeric, 2) AS max_c,
       round(d.mean_c::numeric, 2) AS mean_c,
       round(d.mean_humidity_pct::numeric, 1) AS mean_humidity_pct,
       round(d.precipitation_mm::numeric, 2) AS precipitation_mm,
       w.main || '/' || w.description AS condition,
       d.readings,
       d.timing
FROM weather.daily_summaries d
JOIN weather.cities c USING (city_id)
JOIN weather.conditions w ON w.condition_id = d.dominant_condition_id
WHERE (lower(c.name) = lower(:'city') OR c.city_id::text = :'city')
  AND (:'date' = '' OR d.local_date = nullif(:'date', '')::date)
ORDER BY d.local_date, c.country, c.city_id;
