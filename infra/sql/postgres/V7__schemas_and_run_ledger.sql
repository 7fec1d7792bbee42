-- One schema per domain: ops (runs, their counts, dead letters), trips, roofs; new domains get
-- their own. Tables keep their names; functions that name tables run with their schema as
-- search_path. And one source of truth for a run's counts: the ledger ops.run_chunks.

CREATE SCHEMA ops;
CREATE SCHEMA trips;
CREATE SCHEMA roofs;

-- ops ------------------------------------------------------------------------------------------
ALTER TABLE ingestion_runs SET SCHEMA ops;
ALTER TABLE rejected_records SET SCHEMA ops;
ALTER FUNCTION notify_ingestion_run() SET SCHEMA ops;

-- A stream ends when someone stops it: 'stopped', not 'finished'.
ALTER TABLE ops.ingestion_runs
  DROP CONSTRAINT ingestion_runs_status_check,
  ADD CONSTRAINT ingestion_runs_status_check
    CHECK (status IN ('running', 'finished', 'stopped', 'failed')),
  DROP CONSTRAINT ingestion_runs_last_event_check,
  ADD CONSTRAINT ingestion_runs_last_event_check
    CHECK (last_event IN ('started', 'progress', 'rejected', 'finished', 'stopped', 'failed')),
  -- The run's first level (rows, models, ...): the one whose totals rows_* keep for status events.
  ADD COLUMN level text NOT NULL DEFAULT 'rows';
UPDATE ops.ingestion_runs SET level = 'models' WHERE pipeline = 'roofs';
COMMENT ON COLUMN ops.ingestion_runs.rows_read IS
  'records of the run''s level read; rows_* are kept by ops.count_chunk, from ops.run_chunks';

-- What a dead letter counts as rejected, per level ({"buildings":1,"planes":6}); NULL: one record
-- of the run's level.
ALTER TABLE ops.rejected_records ADD COLUMN counts jsonb;

-- The ledger: every step that reads, writes or rejects records adds one row per level for each
-- chunk it commits, in the transaction that commits the chunk's rows. A chunk is named by the step
-- and the ids of its records (ChunkId), so a chunk that a runner retries after its commit is
-- counted once: the second insert finds the first.
CREATE TABLE ops.run_chunks (
  run_id       bigint      NOT NULL REFERENCES ops.ingestion_runs ON DELETE CASCADE,
  chunk        uuid        NOT NULL,
  level        text        NOT NULL CHECK (level <> ''),
  read         bigint      NOT NULL DEFAULT 0,
  written      bigint      NOT NULL DEFAULT 0,  -- accepted: inserted, updated or already there;
                                                -- negative for refusals found after the write
  inserted     bigint      NOT NULL DEFAULT 0,  -- of the written, new to the target
  updated      bigint      NOT NULL DEFAULT 0,  -- of the written, changed in the target
  rejected     bigint      NOT NULL DEFAULT 0,
  committed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, chunk, level)
);

-- A run's counts per level: read = written + rejected when nothing was lost.
CREATE VIEW ops.run_counts AS
SELECT run_id, level, sum(read)::bigint AS read, sum(written)::bigint AS written,
       sum(inserted)::bigint AS inserted, sum(updated)::bigint AS updated,
       sum(rejected)::bigint AS rejected
FROM ops.run_chunks GROUP BY run_id, level;

-- Records one chunk's counts ({"rows": {"read": 0, "written": 5, "inserted": 3, ...}}) unless the
-- chunk was counted already; keeps the run's totals of its level in ops.ingestion_runs, whose
-- trigger pushes them to listeners. Returns whether the chunk was new.
CREATE FUNCTION ops.count_chunk(p_run_id bigint, p_chunk uuid, p_counts jsonb) RETURNS boolean
LANGUAGE plpgsql SET search_path = ops AS $$
DECLARE
  added int;
BEGIN
  WITH ins AS (
    INSERT INTO run_chunks (run_id, chunk, level, read, written, inserted, updated, rejected)
    SELECT p_run_id, p_chunk, l.key, coalesce((l.value->>'read')::bigint, 0),
           coalesce((l.value->>'written')::bigint, 0), coalesce((l.value->>'inserted')::bigint, 0),
           coalesce((l.value->>'updated')::bigint, 0), coalesce((l.value->>'rejected')::bigint, 0)
    FROM jsonb_each(p_counts) l
    ON CONFLICT (run_id, chunk, level) DO NOTHING
    RETURNING *
  ), totals AS (
    UPDATE ingestion_runs r
    SET rows_read = coalesce(r.rows_read, 0) + c.read,
        rows_written = r.rows_written + c.written,
        rows_new = r.rows_new + c.inserted,
        rows_rejected = r.rows_rejected + c.rejected,
        last_event = CASE WHEN c.written = 0 AND c.rejected > 0 THEN 'rejected' ELSE 'progress' END,
        updated_at = clock_timestamp()
    FROM ins c
    WHERE r.run_id = p_run_id AND c.level = r.level
  )
  SELECT count(*) INTO added FROM ins;
  RETURN added > 0;
END $$;

-- trips ----------------------------------------------------------------------------------------
ALTER TABLE regions SET SCHEMA trips;
ALTER TABLE datasources SET SCHEMA trips;
ALTER TABLE groupings SET SCHEMA trips;
ALTER TABLE trips SET SCHEMA trips;
ALTER TABLE trip_groups SET SCHEMA trips;
ALTER TABLE trip_area_weeks SET SCHEMA trips;
ALTER TABLE trip_region_sources SET SCHEMA trips;
ALTER TABLE trip_pending SET SCHEMA trips;
ALTER TABLE trip_window_counts SET SCHEMA trips;
ALTER FUNCTION area_cell(float8) SET SCHEMA trips;  -- no table: stays inlinable, no search_path
ALTER FUNCTION trip_weeks() SET SCHEMA trips;
ALTER FUNCTION trips.trip_weeks() SET search_path = trips;
ALTER FUNCTION trip_counts_in_bbox(float8, float8, float8, float8, text) SET SCHEMA trips;
ALTER FUNCTION trips.trip_counts_in_bbox(float8, float8, float8, float8, text)
  SET search_path = trips;
ALTER FUNCTION trip_counts_in_region(text) SET SCHEMA trips;
ALTER FUNCTION trips.trip_counts_in_region(text) SET search_path = trips;
ALTER FUNCTION trips_fold_pending() SET SCHEMA trips;
ALTER FUNCTION trips.trips_fold_pending() RENAME TO fold_pending;
ALTER FUNCTION trips.fold_pending() SET search_path = trips;
ALTER FUNCTION trips_merge_staged(bigint, smallint) SET SCHEMA trips;
ALTER FUNCTION trips.trips_merge_staged(bigint, smallint) SET search_path = trips;
DROP FUNCTION trips_merge_and_fold(bigint, smallint);

-- The id of a grid and bucket size, registered on first use: sinks name their grouping by value,
-- so nothing has to be looked up before a job is built.
CREATE FUNCTION trips.grouping_id(p_grid text, p_bucket_minutes int) RETURNS smallint
LANGUAGE plpgsql SET search_path = trips AS $$
DECLARE
  id smallint;
BEGIN
  SELECT grouping_id INTO id FROM groupings WHERE grid = p_grid AND bucket_minutes = p_bucket_minutes;
  IF NOT FOUND THEN
    INSERT INTO groupings (grid, bucket_minutes) VALUES (p_grid, p_bucket_minutes)
    ON CONFLICT DO NOTHING;
    SELECT grouping_id INTO id FROM groupings WHERE grid = p_grid AND bucket_minutes = p_bucket_minutes;
  END IF;
  RETURN id;
END $$;

-- The sinks' merge contract (CopyMergeSink): rows of (outcome, records), here the trips new to
-- the table; every staged trip is stored afterwards. The stream folds each chunk at once.
CREATE FUNCTION trips.merge_staged(p_run_id bigint, p_grouping_id smallint, p_fold boolean)
RETURNS TABLE (outcome text, records bigint) LANGUAGE plpgsql SET search_path = trips AS $$
BEGIN
  RETURN QUERY SELECT 'inserted'::text, m.inserted FROM trips_merge_staged(p_run_id, p_grouping_id) m;
  IF p_fold THEN
    PERFORM fold_pending();
  END IF;
END $$;

-- roofs ----------------------------------------------------------------------------------------
ALTER TABLE roof_shape_classes SET SCHEMA roofs;
ALTER TABLE roof_materials SET SCHEMA roofs;
ALTER TABLE roof_types SET SCHEMA roofs;
ALTER TABLE installations SET SCHEMA roofs;
ALTER TABLE roof_versions SET SCHEMA roofs;
ALTER TABLE roof_buildings SET SCHEMA roofs;
ALTER TABLE mounting_planes SET SCHEMA roofs;
ALTER TABLE plane_penetrations SET SCHEMA roofs;
ALTER TABLE roof_obstructions SET SCHEMA roofs;
ALTER FUNCTION roofs_is_outline(float8[]) SET SCHEMA roofs;
ALTER FUNCTION roofs_content_md5(jsonb) SET SCHEMA roofs;
ALTER FUNCTION roofs_utc(timestamptz) SET SCHEMA roofs;
ALTER FUNCTION roofs_outline(jsonb) SET SCHEMA roofs;
ALTER FUNCTION roofs_wkt(float8[]) SET SCHEMA roofs;
ALTER VIEW current_planes SET SCHEMA roofs;
ALTER VIEW export_tiling_planes SET SCHEMA roofs;
ALTER VIEW export_roof_features SET SCHEMA roofs;
ALTER VIEW export_roof_stats SET SCHEMA roofs;
DROP FUNCTION roofs_merge_staged(bigint);

-- Moves the cleaned models staged in roofs_staging (one JSON document per row, as RoofModel
-- serializes) into the model: versions new to the table with all their parts; versions already
-- stored with the same content are left as they are. Then recomputes valid_to and is_current of
-- every installation that got a new version. Returns the sinks' merge contract: ('inserted', new
-- versions), and ('refused', 1, record key, reason) for each model whose installation and
-- dateCreated are stored with other content (a run cannot see what earlier runs stored): the stored
-- version stays, and the sink turns the refused model into a dead letter.
-- JIT off: the planner cannot estimate jsonb_array_elements, so it sees costs in the millions and
-- compiles each statement, which took 100-200 ms per statement for a chunk of one model.
CREATE FUNCTION roofs.merge_staged(p_run_id bigint)
RETURNS TABLE (outcome text, records bigint, record_key text, reason text)
LANGUAGE plpgsql SET jit = off SET search_path = roofs AS $$
DECLARE
  inserted bigint;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS roofs_new (roof_version_id bigint, m jsonb) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS roofs_models (m jsonb) ON COMMIT DELETE ROWS;
  INSERT INTO roofs_models SELECT model::jsonb FROM roofs_staging;

  -- Writers of one installation take turns (in id order, so two chunks cannot deadlock): the
  -- history recomputed below must see every committed version of it.
  PERFORM pg_advisory_xact_lock(i)
  FROM (SELECT DISTINCT (m->>'installationId')::bigint AS i FROM roofs_models ORDER BY 1) ids;

  INSERT INTO installations (installation_id)
  SELECT DISTINCT (m->>'installationId')::bigint FROM roofs_models
  ON CONFLICT DO NOTHING;
  -- Vocabulary: only what is missing (an identity value per chunk is not burnt), in key order
  -- (two chunks adding the same new entries wait for each other instead of deadlocking).
  INSERT INTO roof_materials (material)
  SELECT material FROM (
    SELECT m->>'material' AS material FROM roofs_models
    UNION
    SELECT p->>'material' FROM roofs_models, jsonb_array_elements(m->'buildings') b,
                               jsonb_array_elements(b->'planes') p) new
  WHERE NOT EXISTS (SELECT 1 FROM roof_materials r WHERE r.material = new.material)
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  INSERT INTO roof_types (material, shape_class)
  SELECT DISTINCT m->>'material', m->>'shapeClass' FROM roofs_models
  WHERE NOT EXISTS (SELECT 1 FROM roof_types t
                    WHERE t.material = m->>'material' AND t.shape_class = m->>'shapeClass')
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;

  WITH models AS (
    SELECT DISTINCT ON (installation_id, valid_from) *
    FROM (SELECT m, (m->>'installationId')::bigint AS installation_id,
                 (m->>'dateCreated')::timestamptz AS valid_from FROM roofs_models) s
    ORDER BY installation_id, valid_from
  ), added AS (
    INSERT INTO roof_versions (installation_id, valid_from, model_id, schema_version,
                               external_source_id, roof_type_id, facing_directions,
                               north_x, north_y, north_z, source, content_md5, run_id)
    SELECT s.installation_id, s.valid_from, (m->>'modelId')::bigint, (m->>'schemaVersion')::smallint,
           (m->>'externalSourceId')::bigint, t.roof_type_id, (m->>'facingDirections')::int,
           (m->'northVector'->>'x')::float8, (m->'northVector'->>'y')::float8,
           (m->'northVector'->>'z')::float8, m->>'source', roofs_content_md5(m), p_run_id
    FROM models s JOIN roof_types t ON t.material = m->>'material' AND t.shape_class = m->>'shapeClass'
    ON CONFLICT (installation_id, valid_from) DO NOTHING
    RETURNING roof_version_id, installation_id, valid_from
  )
  INSERT INTO roofs_new
  SELECT a.roof_version_id, s.m FROM added a JOIN models s USING (installation_id, valid_from);
  GET DIAGNOSTICS inserted = ROW_COUNT;

  INSERT INTO roof_buildings
  SELECT n.roof_version_id, (b->>'index')::int, (b->>'primary')::boolean,
         (b->>'deliveredTotalAreaSqft')::float8
  FROM roofs_new n, jsonb_array_elements(n.m->'buildings') b;

  INSERT INTO mounting_planes
  SELECT n.roof_version_id, (p->>'id')::bigint, (b->>'index')::int,
         (p->>'areaSqft')::float8, (p->>'pitchDeg')::float8, (p->>'azimuthDeg')::float8,
         (p->>'anglesDerived')::boolean,
         (p->'azimuthVector'->>'x')::float8, (p->'azimuthVector'->>'y')::float8,
         (p->'azimuthVector'->>'z')::float8,
         (p->'normal'->>'x')::float8, (p->'normal'->>'y')::float8, (p->'normal'->>'z')::float8,
         (p->'centroid'->>'x')::float8, (p->'centroid'->>'y')::float8, (p->'centroid'->>'z')::float8,
         p->>'material', p->>'orientation', roofs_outline(p->'outline'), (p->>'holes')::int,
         (p->>'perimeterIn')::float8
  FROM roofs_new n, jsonb_array_elements(n.m->'buildings') b, jsonb_array_elements(b->'planes') p;

  INSERT INTO plane_penetrations
  SELECT n.roof_version_id, (p->>'id')::bigint, (x->>'id')::bigint, (x->>'obstructionId')::bigint,
         roofs_outline(x->'outline')
  FROM roofs_new n, jsonb_array_elements(n.m->'buildings') b, jsonb_array_elements(b->'planes') p,
       jsonb_array_elements(p->'penetrations') x;

  INSERT INTO roof_obstructions
  SELECT n.roof_version_id, (o->>'id')::bigint, o->>'shapeType', o->>'featureName',
         (o->'center'->>'x')::float8, (o->'center'->>'y')::float8, (o->'center'->>'z')::float8,
         (o->>'radiusIn')::float8, roofs_outline(o->'outline')
  FROM roofs_new n, jsonb_array_elements(n.m->'obstructions') o;

  -- SCD type 2 at rest: each version is valid until the next one's valid_from; the latest is
  -- current. Two steps, so the one-current index never sees two current versions at once.
  WITH touched AS (SELECT DISTINCT (m->>'installationId')::bigint AS installation_id FROM roofs_new),
  history AS (
    SELECT roof_version_id,
           lead(valid_from) OVER (PARTITION BY installation_id ORDER BY valid_from) AS next_from
    FROM roof_versions JOIN touched USING (installation_id)
  )
  UPDATE roof_versions v SET valid_to = h.next_from, is_current = false
  FROM history h
  WHERE v.roof_version_id = h.roof_version_id
    AND (v.is_current OR v.valid_to IS DISTINCT FROM h.next_from);
  UPDATE roof_versions v SET is_current = true
  WHERE v.valid_to IS NULL AND NOT v.is_current
    AND v.installation_id IN (SELECT (m->>'installationId')::bigint FROM roofs_new);

  RETURN QUERY SELECT 'inserted'::text, inserted, NULL::text, NULL::text;
  RETURN QUERY
  SELECT 'refused'::text, 1::bigint, (m->>'source') || '@' || (m->>'offset'),
         format('conflicts with the stored version of key %s valid from %s: same version time,'
                || ' different content', v.installation_id, roofs_utc(v.valid_from))
  FROM roofs_models s
  JOIN roof_versions v ON v.installation_id = (m->>'installationId')::bigint
                      AND v.valid_from = (m->>'dateCreated')::timestamptz
  WHERE v.content_md5 <> roofs_content_md5(m);
END $$;
