-- BigQuery tables the pipelines write with --sink=bigquery|both (BigQuerySink, Storage Write API
-- by default). Columns are the Beam schemas of the rows (TripRow, DeadLetter), which
-- TripsBigQueryIT checks against this file; the pipeline creates the tables the same way when
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
