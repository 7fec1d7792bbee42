-- The local days of a country's stored public power (the zone's calendar): the dashboard's
-- default range is the last two weeks of it.
--   psql -d tributary -v country=de -v zone=Europe/Berlin -f infra/sql/queries/dashboard/energy_days.sql
SELECT min((interval_start AT TIME ZONE :'zone')::date) AS first_day,
       max((interval_start AT TIME ZONE :'zone')::date) AS last_day
FROM energy.public_power
WHERE country = :'country';
