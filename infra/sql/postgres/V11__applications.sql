-- Applications (seed 004 §1): membership applications dropped as CSV files, each file processed
-- once (remembered by its content's hash), every row judged successful or unsuccessful, with the
-- file and line it came from.

CREATE SCHEMA applications;

-- A file, by the SHA-256 of its bytes: the same file dropped again, or a copy under another name,
-- is found here and changes nothing. path is where it was first seen.
CREATE TABLE applications.files (
  sha256       text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  path         text        NOT NULL,
  rows_read    bigint      NOT NULL CHECK (rows_read >= 0),
  successful   bigint      NOT NULL CHECK (successful >= 0),
  unsuccessful bigint      NOT NULL CHECK (unsuccessful >= 0),
  run_id       bigint      NOT NULL REFERENCES ops.ingestion_runs,
  processed_at timestamptz NOT NULL,
  CHECK (rows_read = successful + unsuccessful)
);

-- Every row of every file, successful or not. A successful row has every cleaned field and its
-- membership id (<last_name>_<first 5 hex characters of SHA-256(date_of_birth)>, not unique in
-- general: two people of one last name born on one day share it); an unsuccessful one has the
-- cleaned fields that exist and every rule it broke.
CREATE TABLE applications.applications (
  file_sha256   text    NOT NULL,
  line          bigint  NOT NULL CHECK (line > 1),  -- the file's line, the header being line 1
  successful    boolean NOT NULL,
  membership_id text,
  name          text,     -- as given
  title         text    NOT NULL,  -- titles and suffixes taken off the name, as given; '' when none
  first_name    text,
  last_name     text,
  email         text,
  date_of_birth text CHECK (date_of_birth ~ '^[0-9]{8}$'),  -- YYYYMMDD
  mobile_no     text,
  above_18      boolean,
  reasons       text    NOT NULL,  -- every rule broken, '; ' between them; '' when successful
  run_id        bigint  NOT NULL REFERENCES ops.ingestion_runs,
  PRIMARY KEY (file_sha256, line),
  CHECK (successful = (reasons = '')),
  CHECK (NOT successful OR (membership_id IS NOT NULL AND first_name IS NOT NULL
         AND last_name IS NOT NULL AND email IS NOT NULL AND date_of_birth IS NOT NULL
         AND mobile_no ~ '^[0-9]{8}$' AND above_18))
);
CREATE INDEX applications_by_membership ON applications.applications (membership_id)
  WHERE successful;
