-- Weekly average number of trips of a region (case-insensitive), with the weeks it averaged: every
-- ISO week from the first to the last trip stored (empty weeks count as zero), or only weeks with
-- trips when @weeks_with_data. The same answer as infra/sql/queries/weekly_average_region.sql.
--   bq query --use_legacy_sql=false --parameter=region::Prague \
--     --parameter=weeks_with_data:BOOL:false < infra/sql/bigquery/weekly_average_region.sql
WITH weeks AS (
  SELECT week_start
  FROM (SELECT MIN(DATE_TRUNC(DATE(started_at), ISOWEEK)) AS first_week,
               MAX(DATE_TRUNC(DATE(started_at), ISOWEEK)) AS last_week
        FROM tributary.trips_unique),
  UNNEST(GENERATE_DATE_ARRAY(first_week, last_week, INTERVAL 1 WEEK)) AS week_start
), counts AS (
  SELECT DATE_TRUNC(DATE(started_at), ISOWEEK) AS week_start, COUNT(*) AS trips
  FROM tributary.trips_unique
  WHERE LOWER(region) = LOWER(TRIM(@region))
  GROUP BY week_start
)
SELECT w.week_start,
       IFNULL(c.trips, 0) AS trips,
       ROUND(AVG(IFNULL(c.trips, 0)) OVER (), 3) AS weekly_average
FROM weeks AS w
LEFT JOIN counts AS c USING (week_start)
WHERE NOT @weeks_with_data OR c.trips > 0
ORDER BY w.week_start;
