-- BigQuery tables the pipelines write with --sink=bigquery|both (BigQuerySink, Storage Write API
-- by default). Columns are the Beam schemas of the rows (TripRow, DeadLetter; energy's PowerValue,
-- PriceValue, InstalledValue), which TripsBigQueryIT and EnergyBigQueryIT check against this file; the pipeline creates the tables the same way when
-- they are missing (CREATE_IF_NEEDED). Replace `tributary` by your dataset.
--   bq query --use_legacy_sql=false < infra/sql/bigquery/tables.sql

-- One row per stored trip. Partitioned by day of the trip (a week's question reads 7 partitions),
-- clustered by region and datasource (the filters of every analysts' query). Appends are not
-- upserts: a re-run appends its rows again, so queries read trips_unique.
CREATE TABLE IF NOT EXISTS tributary.trips (
  trip_key         STRING    NOT NULL,  -- UUID of the natural key, as in PostgreSQL
  region           STRING    NOT NULL,
  datasource       STRING    NOT NULL,
  started_at       TIMESTAMP NOT NULL,  -- wall time as given, stored as UTC
  origin_lon       FLOAT64   NOT NULL,
  origin_lat       FLOAT64   NOT NULL,
  destination_lon  FLOAT64   NOT NULL,
  destination_lat  FLOAT64   NOT NULL,
  grid             STRING    NOT NULL,  -- similar-trips grid: 0.01 or geohash:6
  bucket_minutes   INT64     NOT NULL,  -- time-of-day bucket size
  origin_cell      INT64     NOT NULL,
  destination_cell INT64     NOT NULL,
  time_bucket      INT64     NOT NULL,
  record_id        INT64     NOT NULL   -- the input line (file and offset) or record it came from
)
PARTITION BY DATE(started_at)
CLUSTER BY region, datasource;

-- Every rejected input record with where it came from and why (dead letters).
CREATE TABLE IF NOT EXISTS tributary.rejected_records (
  source STRING NOT NULL,  -- file, kafka://topic/partition or bigquery:table
  offset INT64  NOT NULL,  -- byte offset in the file, Kafka offset, -1 for a refused row
  line   INT64  NOT NULL,  -- line number in the file (0: not a file)
  path   STRING NOT NULL,  -- JSON path of the rejected part of a document ('' = the whole record)
  step   STRING NOT NULL,  -- parse, clean, window, bigquery
  reason STRING NOT NULL,
  raw    STRING NOT NULL,
  counts STRING NOT NULL   -- what it rejects per level as JSON ({"planes":1}); '' = one record
);

-- Energy-Charts values, one row per fetch (--sink=bigquery|both of the energy job): a re-fetched
-- day is appended again, revised or not; the _latest views below hold each key's last fetch, the
-- CDC merge of PostgreSQL's energy schema read at query time. Partitioned by day of the interval,
-- clustered by the filters of the reports (docs/energy.md).
CREATE TABLE IF NOT EXISTS tributary.energy_public_power (
  country          STRING    NOT NULL,  -- lower case, as asked: de
  series           STRING    NOT NULL,  -- normalised production type: wind_onshore
  interval_start   TIMESTAMP NOT NULL,
  interval_seconds INT64     NOT NULL,  -- 900 (or 3600 in older data)
  name             STRING    NOT NULL,  -- as the API spells it: Wind onshore
  value            FLOAT64,             -- MW (the share series: percent); NULL: not reported
  fetched_at       TIMESTAMP NOT NULL
)
PARTITION BY DATE(interval_start)
CLUSTER BY country, series;

-- Day-ahead prices, EUR/MWh (hourly until 2025-09-30, quarter-hourly after).
CREATE TABLE IF NOT EXISTS tributary.energy_prices (
  bzn              STRING    NOT NULL,  -- bidding zone: DE-LU
  interval_start   TIMESTAMP NOT NULL,
  interval_seconds INT64     NOT NULL,
  price            FLOAT64,
  unit             STRING    NOT NULL,  -- as the API spelled it
  fetched_at       TIMESTAMP NOT NULL
)
PARTITION BY DATE(interval_start)
CLUSTER BY bzn;

-- Installed power per year or month (GW, batteries GWh; monthly net installations MW).
CREATE TABLE IF NOT EXISTS tributary.energy_installed_power (
  country      STRING    NOT NULL,
  time_step    STRING    NOT NULL,  -- yearly, monthly
  measure      STRING    NOT NULL,  -- installed, net_installation
  series       STRING    NOT NULL,
  period_start TIMESTAMP NOT NULL,  -- local midnight of the period's first day
  period       STRING    NOT NULL,  -- as the API wrote it: 2002, 01.2002
  name         STRING    NOT NULL,
  unit         STRING    NOT NULL,
  value        FLOAT64,
  fetched_at   TIMESTAMP NOT NULL
)
CLUSTER BY country, time_step, series;

-- Columns added after the first release, for datasets created before them. BigQuery adds columns
-- as NULLABLE only: rows written before have none.
ALTER TABLE tributary.trips ADD COLUMN IF NOT EXISTS record_id INT64;
ALTER TABLE tributary.rejected_records ADD COLUMN IF NOT EXISTS counts STRING;

-- Each trip once, however often it was appended.
CREATE OR REPLACE VIEW tributary.trips_unique AS
SELECT * EXCEPT (copy)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY trip_key ORDER BY started_at) AS copy
  FROM tributary.trips
)
WHERE copy = 1;

-- Each energy key's last fetch: what PostgreSQL's energy tables hold after the CDC merge.
CREATE OR REPLACE VIEW tributary.energy_public_power_latest AS
SELECT * FROM tributary.energy_public_power
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY country, interval_start, series ORDER BY fetched_at DESC) = 1;

CREATE OR REPLACE VIEW tributary.energy_prices_latest AS
SELECT * FROM tributary.energy_prices
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (PARTITION BY bzn, interval_start ORDER BY fetched_at DESC) = 1;

CREATE OR REPLACE VIEW tributary.energy_installed_power_latest AS
SELECT * FROM tributary.energy_installed_power
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY country, time_step, measure, series, period_start ORDER BY fetched_at DESC) = 1;
