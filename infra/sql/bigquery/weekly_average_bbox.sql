-- Weekly average number of trips in a bounding box (edges included), with the weeks it averaged.
-- @match: origin, destination or both. Weeks as in weekly_average_region.sql. The same answer as
-- infra/sql/queries/weekly_average_bbox.sql (which needs area aggregates; here partitions and
-- clustering keep the scan small).
--   bq query --use_legacy_sql=false --parameter=min_lon:FLOAT64:14.40 --parameter=min_lat:FLOAT64:50.05 \
--     --parameter=max_lon:FLOAT64:14.50 --parameter=max_lat:FLOAT64:50.10 --parameter=match::origin \
--     --parameter=weeks_with_data:BOOL:false < infra/sql/bigquery/weekly_average_bbox.sql
WITH weeks AS (
  SELECT week_start
  FROM (SELECT MIN(DATE_TRUNC(DATE(started_at), ISOWEEK)) AS first_week,
               MAX(DATE_TRUNC(DATE(started_at), ISOWEEK)) AS last_week
        FROM tributary.trips_unique),
  UNNEST(GENERATE_DATE_ARRAY(first_week, last_week, INTERVAL 1 WEEK)) AS week_start
), matching AS (
  SELECT started_at,
         origin_lon BETWEEN @min_lon AND @max_lon AND origin_lat BETWEEN @min_lat AND @max_lat
           AS origin_in,
         destination_lon BETWEEN @min_lon AND @max_lon
           AND destination_lat BETWEEN @min_lat AND @max_lat AS destination_in
  FROM tributary.trips_unique
), counts AS (
  SELECT DATE_TRUNC(DATE(started_at), ISOWEEK) AS week_start, COUNT(*) AS trips
  FROM matching
  WHERE CASE @match
          WHEN 'origin' THEN origin_in
          WHEN 'destination' THEN destination_in
          WHEN 'both' THEN origin_in AND destination_in
          ELSE ERROR(CONCAT('match must be origin, destination or both, was ', @match))
        END
  GROUP BY week_start
)
SELECT w.week_start,
       IFNULL(c.trips, 0) AS trips,
       ROUND(AVG(IFNULL(c.trips, 0)) OVER (), 3) AS weekly_average
FROM weeks AS w
LEFT JOIN counts AS c USING (week_start)
WHERE NOT @weeks_with_data OR c.trips > 0
ORDER BY w.week_start;
