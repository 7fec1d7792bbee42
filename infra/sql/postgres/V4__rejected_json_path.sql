-- Rejected parts of JSON documents (a building, a plane) are located inside their document too:
-- the same file and offset can hold several rejected parts, each kept once across re-runs.
ALTER TABLE rejected_records ADD COLUMN json_path text NOT NULL DEFAULT '';  -- '' = the whole record
DROP INDEX rejected_records_by_location;
CREATE UNIQUE INDEX rejected_records_by_location
  ON rejected_records (pipeline, source, byte_offset, json_path) WHERE byte_offset >= 0;
