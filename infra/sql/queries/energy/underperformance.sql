-- Underperformance on 30-minute slots, and the features a model needs: each slot's mean MW per
-- production type beside the expected value, the mean of the same local slot on the same weekday
-- of the trailing four weeks (28 days before, the slot's own day left out; fewer weeks where fewer
-- are stored: weeks_in_expected says how many), their ratio and a flag when the ratio is below
-- :threshold while at least :min_expected_mw was expected (night-time solar is not
-- underperforming). Calendar fields are local; share_of_load is the slot's MW over the load's
-- (load and residual load are demand: not rows of their own).
--   psql -d tributary -v country=de -v zone=Europe/Berlin -v from=2025-09-29 -v to=2025-10-05 \
--        -v threshold=0.5 -v min_expected_mw=100 -f infra/sql/queries/energy/underperformance.sql
WITH slots AS (
  SELECT series,
         date_bin('30 minutes', interval_start AT TIME ZONE :'zone', timestamp '2000-01-01')
           AS local_slot,
         sum(value * interval_seconds) / sum(interval_seconds) AS mean_mw
  FROM energy.public_power
  WHERE country = :'country' AND value IS NOT NULL
    AND series NOT IN ('renewable_share_of_generation', 'renewable_share_of_load')
    AND interval_start >= (:'from'::date - 28)::timestamp AT TIME ZONE :'zone'
    AND interval_start < (:'to'::date + 1)::timestamp AT TIME ZONE :'zone'
  GROUP BY 1, 2
), expected AS (
  SELECT s.*,
         avg(mean_mw) OVER w AS expected_mw,
         count(*) OVER w AS weeks_in_expected
  FROM slots s
  WINDOW w AS (PARTITION BY series, local_slot::time, extract(isodow FROM local_slot)
               ORDER BY local_slot
               RANGE BETWEEN interval '28 days' PRECEDING AND interval '1 day' PRECEDING)
)
SELECT e.local_slot,
       e.series,
       round(e.mean_mw::numeric, 3) AS mean_mw,
       round(e.expected_mw::numeric, 3) AS expected_mw,
       e.weeks_in_expected,
       round((e.mean_mw / nullif(e.expected_mw, 0))::numeric, 4) AS ratio,
       coalesce(e.expected_mw >= :min_expected_mw AND e.mean_mw < :threshold * e.expected_mw, false)
         AS underperforming,
       extract(hour FROM e.local_slot)::int AS hour,
       extract(isodow FROM e.local_slot)::int AS weekday,
       extract(month FROM e.local_slot)::int AS month,
       extract(doy FROM e.local_slot)::int AS day_of_year,
       extract(isodow FROM e.local_slot) >= 6 AS weekend,
       round((e.mean_mw / nullif(l.mean_mw, 0))::numeric, 4) AS share_of_load
FROM expected e
LEFT JOIN slots l ON l.series = 'load' AND l.local_slot = e.local_slot
WHERE e.local_slot >= :'from'::date AND e.local_slot < :'to'::date + 1
  AND e.series NOT IN ('load', 'residual_load')  -- demand, not production: the share's divisor
ORDER BY e.local_slot, e.series;
