-- Energy (seed 001): the Energy-Charts API's answers as received, the values they hold merged by
-- their natural keys (insert new, update changed, leave the rest), and every change kept.
-- Instants are UTC; the interval an instant starts is the API's (unix_seconds label starts). A
-- "day" is a local day of the area's zone (Europe/Berlin for de and DE-LU), as the API's own
-- windows are.

CREATE SCHEMA energy;

-- Every answer as received, one row per request (its URL, secrets masked): the latest answer. A
-- table can be rebuilt from these without calling the API (--source=staged).
CREATE TABLE energy.raw_responses (
  request        text        PRIMARY KEY,
  dataset        text        NOT NULL
                             CHECK (dataset IN ('public_power', 'price', 'installed_power')),
  area           text        NOT NULL,  -- the country or bidding zone asked for
  first_interval timestamptz,           -- the answer's first and last interval start
  last_interval  timestamptz,
  value_count    bigint      NOT NULL,  -- how many values the answer held
  body           jsonb       NOT NULL,
  fetched_at     timestamptz NOT NULL,  -- when this answer was first received
  run_id         bigint      NOT NULL REFERENCES ops.ingestion_runs,  -- the run that stored it
  stored_at      timestamptz NOT NULL
);

-- Net public production per production type: MW (the two "Renewable share" series: percent).
-- name is the API's spelling, series the normalised key (lower case, words joined by _), so a
-- spelling drift ("Battery Storage" → "Battery storage") updates a name, not a series.
CREATE TABLE energy.public_power (
  country          text             NOT NULL,
  series           text             NOT NULL,
  interval_start   timestamptz      NOT NULL,
  interval_seconds integer          NOT NULL CHECK (interval_seconds > 0),
  name             text             NOT NULL,
  value            double precision,  -- NULL: not reported yet, or no such production that day
  fetched_at       timestamptz      NOT NULL,  -- the answer the value came in
  run_id           bigint           NOT NULL REFERENCES ops.ingestion_runs,  -- last changed by
  changed_at       timestamptz      NOT NULL,
  -- Time before series: a day of every series (the reports, the cursor) is one range of the key.
  PRIMARY KEY (country, interval_start, series)
);

-- Day-ahead prices, EUR/MWh: hourly intervals until 2025-09-30, quarter-hours from 2025-10-01.
CREATE TABLE energy.prices (
  bzn              text             NOT NULL,
  interval_start   timestamptz      NOT NULL,
  interval_seconds integer          NOT NULL CHECK (interval_seconds > 0),
  price            double precision,
  unit             text             NOT NULL,  -- as the API spelled it
  fetched_at       timestamptz      NOT NULL,
  run_id           bigint           NOT NULL REFERENCES ops.ingestion_runs,
  changed_at       timestamptz      NOT NULL,
  PRIMARY KEY (bzn, interval_start)
);

-- Installed power per year or month: GW (battery capacity GWh); monthly net installations in MW.
CREATE TABLE energy.installed_power (
  country      text             NOT NULL,
  time_step    text             NOT NULL CHECK (time_step IN ('yearly', 'monthly')),
  measure      text             NOT NULL CHECK (measure IN ('installed', 'net_installation')),
  series       text             NOT NULL,
  period_start timestamptz      NOT NULL,  -- local midnight of its first day
  period       text             NOT NULL,  -- as the API wrote it: "2002", "01.2002"
  name         text             NOT NULL,
  unit         text             NOT NULL,
  value        double precision,
  fetched_at   timestamptz      NOT NULL,
  run_id       bigint           NOT NULL REFERENCES ops.ingestion_runs,
  changed_at   timestamptz      NOT NULL,
  PRIMARY KEY (country, time_step, measure, series, period_start)
);

-- The change history of the three tables: a row per updated row, its key, the value before and
-- after, and the run that changed it. Inserts are not changes: the table holds them.
CREATE TABLE energy.changes (
  change_id  bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset    text             NOT NULL,
  key        jsonb            NOT NULL,
  old_value  double precision,
  new_value  double precision,
  old_row    jsonb            NOT NULL,  -- everything else that may have changed (a name, a unit)
  run_id     bigint           NOT NULL REFERENCES ops.ingestion_runs,
  changed_at timestamptz      NOT NULL
);
CREATE INDEX changes_by_run ON energy.changes (run_id);

-- keep_change(dataset, value column, key columns...): an AFTER UPDATE trigger's history row.
CREATE FUNCTION energy.keep_change() RETURNS trigger LANGUAGE plpgsql SET search_path = energy AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := to_jsonb(NEW);
BEGIN
  INSERT INTO changes (dataset, key, old_value, new_value, old_row, run_id, changed_at)
  SELECT TG_ARGV[0],
         (SELECT jsonb_object_agg(k, new_row -> k) FROM unnest(TG_ARGV[2:]) k),
         (old_row ->> TG_ARGV[1])::double precision, (new_row ->> TG_ARGV[1])::double precision,
         old_row, NEW.run_id, NEW.changed_at;
  RETURN NULL;
END $$;

CREATE TRIGGER public_power_changes AFTER UPDATE ON energy.public_power
  FOR EACH ROW EXECUTE FUNCTION
  energy.keep_change('public_power', 'value', 'country', 'interval_start', 'series');
CREATE TRIGGER prices_changes AFTER UPDATE ON energy.prices
  FOR EACH ROW EXECUTE FUNCTION energy.keep_change('price', 'price', 'bzn', 'interval_start');
CREATE TRIGGER installed_power_changes AFTER UPDATE ON energy.installed_power
  FOR EACH ROW EXECUTE FUNCTION energy.keep_change(
    'installed_power', 'value', 'country', 'time_step', 'measure', 'series', 'period_start');

-- The job's cursor: of p_requests, those whose latest answer is stored whole, every value it held
-- a row of its table. Values commit after their answer, so an answer whose values did not all
-- commit (a killed run, a rejected value) is fetched again, as is an empty one (not published
-- yet) and the installed power (one request, revised any time).
CREATE FUNCTION energy.stored_requests(p_requests text[]) RETURNS SETOF text
LANGUAGE sql STABLE SET search_path = energy AS $$
  SELECT r.request
  FROM raw_responses r
  WHERE r.request = ANY (p_requests)
    AND r.value_count > 0
    AND r.value_count <= CASE r.dataset
      WHEN 'public_power' THEN
        (SELECT count(*) FROM public_power p
         WHERE p.country = r.area AND p.interval_start BETWEEN r.first_interval AND r.last_interval)
      WHEN 'price' THEN
        (SELECT count(*) FROM prices p
         WHERE p.bzn = r.area AND p.interval_start BETWEEN r.first_interval AND r.last_interval)
      ELSE NULL
    END
$$;

-- Data-quality checks per run, dataset, check and day of fetching (a batch: its day; a stream:
-- each day): what a check looked at, what failed, the first failure. A failed hard check fails
-- the run once everything else is stored; warnings are for people.
CREATE TABLE energy.quality_checks (
  run_id       bigint      NOT NULL REFERENCES ops.ingestion_runs,
  dataset      text        NOT NULL,
  check_name   text        NOT NULL,
  window_start timestamptz NOT NULL,
  severity     text        NOT NULL CHECK (severity IN ('hard', 'warning')),
  failures     bigint      NOT NULL CHECK (failures >= 0),
  total        bigint      NOT NULL CHECK (total >= 0),
  passed       boolean     NOT NULL,
  example      text        NOT NULL,
  checked_at   timestamptz NOT NULL,
  PRIMARY KEY (run_id, dataset, check_name, window_start)
);
