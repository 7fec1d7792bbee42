-- Run status and dead letters, shared by every pipeline.

-- One row per pipeline run. Sinks add their counts inside their own write transactions, so the
-- counts never run ahead of the committed data.
CREATE TABLE ingestion_runs (
  run_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline      text        NOT NULL,
  input         text        NOT NULL,
  status        text        NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'failed')),
  last_event    text        NOT NULL DEFAULT 'started'
                CHECK (last_event IN ('started', 'progress', 'rejected', 'finished', 'failed')),
  started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at   timestamptz,
  rows_expected bigint,                      -- estimated from the input size, for progress bars
  rows_read     bigint,                      -- records read, set when the run finishes
  rows_written  bigint      NOT NULL DEFAULT 0, -- accepted into the target (new or already there)
  rows_new      bigint      NOT NULL DEFAULT 0, -- of those, new to the target
  rows_rejected bigint      NOT NULL DEFAULT 0, -- sent to rejected_records
  message       text,                        -- why a run failed
  CHECK (status = 'running' OR finished_at IS NOT NULL)
);
CREATE INDEX ingestion_runs_by_pipeline ON ingestion_runs (pipeline, started_at DESC);

-- Every change of a run is pushed to LISTENers: recording a status and publishing it are one write,
-- so no event can be published for a change that rolled back, or missed for one that committed.
CREATE FUNCTION notify_ingestion_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tributary_ingestion', json_build_object(
    'event', NEW.last_event, 'run_id', NEW.run_id, 'pipeline', NEW.pipeline,
    'input', left(NEW.input, 200), 'status', NEW.status, 'at', NEW.updated_at,
    'rows_expected', NEW.rows_expected, 'rows_read', NEW.rows_read,
    'rows_written', NEW.rows_written, 'rows_new', NEW.rows_new,
    'rows_rejected', NEW.rows_rejected, 'message', left(NEW.message, 500))::text);
  RETURN NULL;
END $$;

CREATE TRIGGER ingestion_runs_notify AFTER INSERT OR UPDATE ON ingestion_runs
  FOR EACH ROW EXECUTE FUNCTION notify_ingestion_run();

-- Every rejected input record. Records with a location (file and byte offset, or topic partition
-- and offset) are kept once: a re-run updates their row instead of adding another.
CREATE TABLE rejected_records (
  rejected_id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline    text        NOT NULL,
  source      text        NOT NULL,               -- file path, topic/partition, or record type
  byte_offset bigint      NOT NULL,               -- where the record starts in its source; -1 unknown
  line        bigint      NOT NULL CHECK (line >= 0), -- 1-based line number; 0 when not a file
  run_id      bigint      NOT NULL REFERENCES ingestion_runs,
  step        text        NOT NULL,               -- parse, clean, ...
  reason      text        NOT NULL,
  raw         text        NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX rejected_records_by_location ON rejected_records (pipeline, source, byte_offset)
  WHERE byte_offset >= 0;
CREATE INDEX rejected_records_by_run ON rejected_records (run_id);
