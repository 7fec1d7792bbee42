-- Daily price against wind: per local day the time-weighted mean day-ahead price (EUR/MWh; hours
-- and quarter-hours weigh by their length, so days across the 2025-10-01 change are right) beside
-- the net energy of Wind offshore and Wind onshore in MWh. Matched by series key, not by a
-- spelling ("onshore wind" finds nothing).
--   psql -d tributary -v country=de -v bzn=DE-LU -v zone=Europe/Berlin -v from=2025-09-29 \
--        -v to=2025-10-05 -f infra/sql/queries/energy/price_vs_wind.sql
WITH prices AS (
  SELECT (interval_start AT TIME ZONE :'zone')::date AS day,
         sum(price * interval_seconds) / nullif(sum(interval_seconds) FILTER (WHERE price IS NOT NULL), 0)
           AS mean_price
  FROM energy.prices
  WHERE bzn = :'bzn'
    AND interval_start >= (:'from'::date)::timestamp AT TIME ZONE :'zone'
    AND interval_start < (:'to'::date + 1)::timestamp AT TIME ZONE :'zone'
  GROUP BY 1
), wind AS (
  SELECT (interval_start AT TIME ZONE :'zone')::date AS day,
         sum(value * interval_seconds / 3600.0) FILTER (WHERE series = 'wind_offshore') AS offshore,
         sum(value * interval_seconds / 3600.0) FILTER (WHERE series = 'wind_onshore') AS onshore
  FROM energy.public_power
  WHERE country = :'country' AND series IN ('wind_offshore', 'wind_onshore')
    AND interval_start >= (:'from'::date)::timestamp AT TIME ZONE :'zone'
    AND interval_start < (:'to'::date + 1)::timestamp AT TIME ZONE :'zone'
  GROUP BY 1
)
SELECT day,
       round(p.mean_price::numeric, 2) AS mean_price_eur_mwh,
       round(w.offshore::numeric, 3) AS wind_offshore_mwh,
       round(w.onshore::numeric, 3) AS wind_onshore_mwh
FROM prices p FULL JOIN wind w USING (day)
ORDER BY day;
