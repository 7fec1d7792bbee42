-- COVID-19 confirmed cases (seed 004 §4): covid19api.com's daily cumulative series per country,
-- as received and as one cleaned row per country and day. New cases per day and their 7-day
-- average are a view over the stored series, so they always follow it, whichever run or window
-- loaded which days, and a re-run that changes no day changes nothing there either.

CREATE SCHEMA covid;

-- Every answer as received, one row per request (its URL): the latest answer.
CREATE TABLE covid.raw_responses (
  request    text        PRIMARY KEY,
  day_count  bigint      NOT NULL,  -- how many days the answer held (a repeated day once)
  body       jsonb       NOT NULL,
  fetched_at timestamptz NOT NULL,  -- when this answer was first received
  run_id     bigint      NOT NULL REFERENCES ops.ingestion_runs,  -- the run that stored it
  stored_at  timestamptz NOT NULL
);

-- The cumulative count of confirmed cases of a country at the end of a day (UTC, the API's
-- midnight stamps). A count below the day before's is kept as received: the view flags it.
CREATE TABLE covid.confirmed_cases (
  country_code text        NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  day          date        NOT NULL,
  country      text        NOT NULL,
  cases        bigint      NOT NULL CHECK (cases >= 0),
  lat          double precision CHECK (lat BETWEEN -90 AND 90),
  lon          double precision CHECK (lon BETWEEN -180 AND 180),
  request      text        NOT NULL,  -- the answer it came from
  run_id       bigint      NOT NULL REFERENCES ops.ingestion_runs,  -- the run that last changed it
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (country_code, day)
);

-- Per country and day: the cumulative count, the new cases since the calendar day before (NULL
-- when that day is not stored: a gap is not a day's cases), whether the count went down, and the
-- mean of the new cases of the 7 days ending that day (NULL until all 7 are known).
CREATE VIEW covid.daily_cases AS
WITH d AS (
  SELECT country_code, country, day, cases,
         CASE WHEN lag(day) OVER w = day - 1 THEN cases - lag(cases) OVER w END AS new_cases
  FROM covid.confirmed_cases
  WINDOW w AS (PARTITION BY country_code ORDER BY day)
)
SELECT country_code, country, day, cases AS cumulative, new_cases,
       new_cases < 0 AS decrease,
       CASE WHEN count(new_cases) OVER week = 7
            THEN round(avg(new_cases) OVER week, 2) END AS average_7d
FROM d
WINDOW week AS (PARTITION BY country_code ORDER BY day
                RANGE BETWEEN INTERVAL '6 days' PRECEDING AND CURRENT ROW);
