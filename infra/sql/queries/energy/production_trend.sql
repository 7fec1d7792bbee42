-- Daily net production per production type: per local day of the zone, the energy in MWh
-- (Σ MW × interval hours, so hourly and quarter-hourly intervals weigh right and DST days have 23
-- or 25 hours), the time-weighted mean MW and the hours reported (nulls are not reported yet).
-- The share series (percent) and the publisher's derived loads are left out.
--   psql -d tributary -v country=de -v zone=Europe/Berlin -v from=2025-09-29 -v to=2025-10-05 \
--        -f infra/sql/queries/energy/production_trend.sql
SELECT (p.interval_start AT TIME ZONE :'zone')::date AS day,
       p.series,
       min(p.name) AS name,
       round(sum(p.value * p.interval_seconds / 3600.0)::numeric, 3) AS energy_mwh,
       round((sum(p.value * p.interval_seconds)
              / nullif(sum(p.interval_seconds) FILTER (WHERE p.value IS NOT NULL), 0))::numeric,
             3) AS mean_mw,
       round(coalesce(sum(p.interval_seconds) FILTER (WHERE p.value IS NOT NULL), 0) / 3600.0, 2)
         AS hours_reported
FROM energy.public_power p
WHERE p.country = :'country'
  AND p.series NOT IN ('renewable_share_of_generation', 'renewable_share_of_load', 'load',
                       'residual_load')
  AND p.interval_start >= (:'from'::date)::timestamp AT TIME ZONE :'zone'
  AND p.interval_start < (:'to'::date + 1)::timestamp AT TIME ZONE :'zone'
GROUP BY 1, 2
ORDER BY 1, 2;
