-- Roofs: versioned roof-geometry models (SCD type 2 per installation) and the exports' views.
-- Units everywhere: lengths in inches (_in), areas in square feet (_sqft), angles in degrees
-- (_deg; azimuth clockwise from north). Outlines are float8[n][3] arrays of x, y, z vertices.

-- Vocabularies -------------------------------------------------------------------------------
CREATE TABLE roof_shape_classes (
  shape_class text PRIMARY KEY,
  description text NOT NULL
);
INSERT INTO roof_shape_classes VALUES
  ('flat',         'no plane pitched more than 10 degrees'),
  ('single-pitch', 'the pitched planes all face one direction (shed, lean-to)'),
  ('gable-hip',    'the pitched planes face 2 to 4 directions on one right-angled grid (gable, hip)'),
  ('complex',      'more than 4 facing directions, or directions off one right-angled grid'),
  ('none',         'no accepted mounting plane');

-- Materials as the feeds name them; a new one is added when a model brings it.
CREATE TABLE roof_materials (
  material text PRIMARY KEY CHECK (material <> '')
);
INSERT INTO roof_materials VALUES ('CompShingle'), ('FlatCementTile'), ('Unknown');

-- A roof type: the dominant material (by area) and the shape class derived from the planes.
CREATE TABLE roof_types (
  roof_type_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  material     text NOT NULL REFERENCES roof_materials,
  shape_class  text NOT NULL REFERENCES roof_shape_classes,
  UNIQUE (material, shape_class)
);

-- Model -----------------------------------------------------------------------------------------
CREATE TABLE installations (
  installation_id bigint PRIMARY KEY,
  first_loaded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- One row per model version of an installation's roof, valid from its dateCreated until the next
-- version's. History is recomputed from the stored versions whenever one arrives, so versions may
-- arrive in any order and re-delivering one changes nothing.
CREATE TABLE roof_versions (
  roof_version_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  installation_id    bigint      NOT NULL REFERENCES installations,
  valid_from         timestamptz NOT NULL,   -- the model's dateCreated
  valid_to           timestamptz,            -- the next version's valid_from; NULL for the latest
  is_current         boolean     NOT NULL DEFAULT false,
  model_id           bigint      NOT NULL,   -- the model's own id
  schema_version     smallint    NOT NULL CHECK (schema_version BETWEEN 1 AND 3),
  external_source_id bigint,
  roof_type_id       integer     NOT NULL REFERENCES roof_types,
  facing_directions  integer     NOT NULL CHECK (facing_directions >= 0),
  north_x float8, north_y float8, north_z float8,
  source             text        NOT NULL,   -- the file or topic it came from
  content_md5        text        NOT NULL,   -- of the cleaned model without where it came from
  run_id             bigint      REFERENCES ingestion_runs,
  UNIQUE (installation_id, valid_from),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK (NOT is_current OR valid_to IS NULL)
);
CREATE UNIQUE INDEX roof_versions_one_current ON roof_versions (installation_id) WHERE is_current;

CREATE TABLE roof_buildings (
  roof_version_id bigint  NOT NULL REFERENCES roof_versions ON DELETE CASCADE,
  building_index  integer NOT NULL CHECK (building_index >= 0), -- position in the model's array
  is_primary      boolean NOT NULL,
  delivered_total_area_sqft float8 CHECK (delivered_total_area_sqft > 0),
  PRIMARY KEY (roof_version_id, building_index)
);

CREATE FUNCTION roofs_is_outline(o float8[]) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$
  SELECT array_ndims(o) = 2 AND array_length(o, 1) >= 3 AND array_length(o, 2) = 3
$$;

CREATE TABLE mounting_planes (
  roof_version_id bigint  NOT NULL,
  plane_id        bigint  NOT NULL,
  building_index  integer NOT NULL,
  area_sqft       float8  NOT NULL CHECK (area_sqft > 0),
  pitch_deg       float8  NOT NULL CHECK (pitch_deg BETWEEN 0 AND 90),
  azimuth_deg     float8  NOT NULL CHECK (azimuth_deg >= 0 AND azimuth_deg < 360),
  angles_derived  boolean NOT NULL,  -- pitch or azimuth was missing and computed from the vectors
  azimuth_x float8 NOT NULL, azimuth_y float8 NOT NULL, azimuth_z float8 NOT NULL,
  normal_x  float8 NOT NULL, normal_y  float8 NOT NULL, normal_z  float8 NOT NULL,
  centroid_x float8, centroid_y float8, centroid_z float8,
  material        text    NOT NULL REFERENCES roof_materials,
  orientation     text    NOT NULL
                  CHECK (orientation IN ('flat', 'N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW')),
  outline_in      float8[] NOT NULL CHECK (roofs_is_outline(outline_in)),
  holes           integer NOT NULL CHECK (holes >= 0),
  perimeter_in    float8  NOT NULL CHECK (perimeter_in > 0),
  PRIMARY KEY (roof_version_id, plane_id),
  FOREIGN KEY (roof_version_id, building_index) REFERENCES roof_buildings ON DELETE CASCADE
);

CREATE TABLE plane_penetrations (
  roof_version_id bigint NOT NULL,
  plane_id        bigint NOT NULL,
  penetration_id  bigint NOT NULL,
  obstruction_id  bigint,
  outline_in      float8[] NOT NULL CHECK (roofs_is_outline(outline_in)),
  PRIMARY KEY (roof_version_id, plane_id, penetration_id),
  FOREIGN KEY (roof_version_id, plane_id) REFERENCES mounting_planes ON DELETE CASCADE
);

CREATE TABLE roof_obstructions (
  roof_version_id bigint NOT NULL REFERENCES roof_versions ON DELETE CASCADE,
  obstruction_id  bigint NOT NULL,
  shape_type      text,
  feature_name    text,
  center_x float8, center_y float8, center_z float8,
  radius_in       float8 CHECK (radius_in >= 0),
  outline_in      float8[] NOT NULL,  -- empty for a circle given by center and radius only
  PRIMARY KEY (roof_version_id, obstruction_id)
);

-- Merge ---------------------------------------------------------------------------------------
-- What makes two deliveries of a version the same: the cleaned model, wherever it came from.
CREATE FUNCTION roofs_content_md5(model jsonb) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT md5((model - 'source' - 'offset')::text)
$$;

CREATE FUNCTION roofs_utc(t timestamptz) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

CREATE FUNCTION roofs_outline(vertices jsonb) RETURNS float8[] IMMUTABLE LANGUAGE sql AS $$
  SELECT ARRAY(SELECT ARRAY[(v->>'x')::float8, (v->>'y')::float8, (v->>'z')::float8]
               FROM jsonb_array_elements(vertices) WITH ORDINALITY AS e(v, i) ORDER BY i)
$$;

-- Moves the cleaned models staged in roofs_staging (one JSON document per row, as RoofModel
-- serializes) into the model: versions new to the table with all their parts; versions already
-- stored are left as they are. Then recomputes valid_to and is_current of every installation that
-- got a new version. Returns the models accepted (new or already stored with the same content) and
-- the versions new to the table.
-- JIT off: the planner cannot estimate jsonb_array_elements, so it sees costs in the millions and
-- compiles each statement, which took 100-200 ms per statement for a chunk of one model.
CREATE FUNCTION roofs_merge_staged(p_run_id bigint, OUT staged bigint, OUT inserted bigint)
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
  conflicts bigint;
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS roofs_new (roof_version_id bigint, m jsonb) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS roofs_models (m jsonb) ON COMMIT DELETE ROWS;
  INSERT INTO roofs_models SELECT model::jsonb FROM roofs_staging;
  GET DIAGNOSTICS staged = ROW_COUNT;

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

  -- The same installation and dateCreated already stored with other content (a run cannot see
  -- what earlier runs stored): the stored version stays, and this one is a dead letter, counted
  -- as rejected instead of written.
  INSERT INTO rejected_records (pipeline, run_id, source, byte_offset, line, json_path, step,
                                reason, raw)
  SELECT 'roofs', p_run_id, m->>'source', (m->>'offset')::bigint, 0, '$', 'version',
         format('conflicts with the stored version of key %s valid from %s: same version time,'
                || ' different content', v.installation_id, roofs_utc(v.valid_from)),
         m::text
  FROM roofs_models s
  JOIN roof_versions v ON v.installation_id = (m->>'installationId')::bigint
                      AND v.valid_from = (m->>'dateCreated')::timestamptz
  WHERE v.content_md5 <> roofs_content_md5(m)
  ON CONFLICT (pipeline, source, byte_offset, json_path) WHERE byte_offset >= 0
  DO UPDATE SET run_id = EXCLUDED.run_id, step = EXCLUDED.step, reason = EXCLUDED.reason,
                raw = EXCLUDED.raw, rejected_at = clock_timestamp();
  GET DIAGNOSTICS conflicts = ROW_COUNT;
  IF conflicts > 0 THEN
    staged := staged - conflicts;
    UPDATE ingestion_runs SET rows_rejected = rows_rejected + conflicts, last_event = 'rejected',
                              updated_at = clock_timestamp()
    WHERE run_id = p_run_id;
  END IF;

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
END $$;

-- Exports (the pipeline writes each view as CSV, ordered by its leading key columns) ------------
-- The outline as WKT (POLYGON Z, closed), every coordinate in its shortest exact decimal form.
CREATE FUNCTION roofs_wkt(o float8[]) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT 'POLYGON Z ((' || string_agg(o[i][1] || ' ' || o[i][2] || ' ' || o[i][3], ', ' ORDER BY k)
         || '))'
  FROM (SELECT i, i AS k FROM generate_subscripts(o, 1) i
        UNION ALL SELECT 1, array_length(o, 1) + 1) v
$$;

CREATE VIEW current_planes AS
SELECT v.installation_id, v.valid_from, p.*
FROM roof_versions v JOIN mounting_planes p USING (roof_version_id)
WHERE v.is_current;

-- Software engineering (tiling API): every current plane with its exact angles and outline.
CREATE VIEW export_tiling_planes AS
SELECT installation_id, roofs_utc(valid_from) AS version_valid_from, building_index, plane_id,
       pitch_deg, azimuth_deg, azimuth_x, azimuth_y, azimuth_z, normal_x, normal_y, normal_z,
       area_sqft, angles_derived, array_length(outline_in, 1) AS vertices,
       roofs_wkt(outline_in) AS outline_wkt_in
FROM current_planes;

-- Data scientists: one feature row per current roof version. Sums run in plane order so that
-- the same data always gives the same last digit.
CREATE VIEW export_roof_features AS
WITH per_roof AS (
  SELECT roof_version_id,
         count(*) AS planes,
         sum(area_sqft ORDER BY plane_id) AS total_area_sqft,
         max(area_sqft) AS max_plane_area_sqft,
         sum(area_sqft * pitch_deg ORDER BY plane_id) / sum(area_sqft ORDER BY plane_id)
           AS area_weighted_pitch_deg,
         max(pitch_deg) AS max_pitch_deg,
         coalesce(sum(area_sqft ORDER BY plane_id)
                  FILTER (WHERE orientation <> 'flat' AND azimuth_deg BETWEEN 135 AND 225), 0)
           / sum(area_sqft ORDER BY plane_id) AS south_facing_share,
         sum(array_length(outline_in, 1)) AS vertices,
         sum(perimeter_in ORDER BY plane_id) / 12 AS perimeter_ft
  FROM current_planes GROUP BY roof_version_id
), by_orientation AS (
  SELECT roof_version_id, orientation, sum(area_sqft ORDER BY plane_id) AS area,
         degrees(atan2(sum(area_sqft * sin(radians(azimuth_deg)) ORDER BY plane_id),
                       sum(area_sqft * cos(radians(azimuth_deg)) ORDER BY plane_id))) AS azimuth
  FROM current_planes WHERE orientation <> 'flat' GROUP BY roof_version_id, orientation
), dominant AS (
  SELECT DISTINCT ON (roof_version_id) roof_version_id, orientation,
         CASE WHEN azimuth < 0 THEN azimuth + 360 ELSE azimuth END AS azimuth_deg
  FROM by_orientation ORDER BY roof_version_id, area DESC, orientation
)
SELECT v.installation_id, roofs_utc(v.valid_from) AS version_valid_from, v.schema_version,
       t.material AS roof_material, t.shape_class,
       (SELECT count(*) FROM roof_buildings b WHERE b.roof_version_id = v.roof_version_id)
         AS buildings,
       coalesce(r.planes, 0) AS planes, r.total_area_sqft,
       r.total_area_sqft / r.planes AS mean_plane_area_sqft, r.max_plane_area_sqft,
       r.area_weighted_pitch_deg, r.max_pitch_deg,
       d.azimuth_deg AS dominant_azimuth_deg,
       coalesce(d.orientation, CASE WHEN r.planes > 0 THEN 'flat' END) AS dominant_orientation,
       r.south_facing_share,
       (SELECT count(*) FROM roof_obstructions o WHERE o.roof_version_id = v.roof_version_id)
         AS obstructions,
       (SELECT count(*) FROM plane_penetrations x WHERE x.roof_version_id = v.roof_version_id)
         AS penetrations,
       r.vertices, r.perimeter_ft,
       v.facing_directions,
       -- isoperimetric ratio of the plane set: 1 for one circular plane, growing with more and
       -- more ragged planes
       r.perimeter_ft * r.perimeter_ft / (4 * pi() * r.total_area_sqft) AS complexity
FROM roof_versions v
JOIN roof_types t USING (roof_type_id)
LEFT JOIN per_roof r USING (roof_version_id)
LEFT JOIN dominant d USING (roof_version_id)
WHERE v.is_current;

-- Analysts: statistics of the current roofs per roof type, and of their planes per material.
-- Sums run in (installation, plane) order: float addition is not associative, and the order of
-- stored rows differs from run to run.
CREATE VIEW export_roof_stats AS
WITH typed AS (
  SELECT v.roof_version_id, v.installation_id, t.material, t.shape_class
  FROM roof_versions v JOIN roof_types t USING (roof_type_id) WHERE v.is_current
), per_type AS (
  SELECT material, shape_class, count(*) AS installations,
         sum((SELECT count(*) FROM roof_buildings b WHERE b.roof_version_id = typed.roof_version_id))
           AS buildings
  FROM typed GROUP BY material, shape_class
), plane_stats AS (
  SELECT t.material, t.shape_class, count(*) AS planes,
         sum(p.area_sqft ORDER BY t.installation_id, p.plane_id) AS total_area_sqft,
         min(p.area_sqft) AS area_min_sqft,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY p.area_sqft) AS area_median_sqft,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY p.area_sqft) AS area_p90_sqft,
         max(p.area_sqft) AS area_max_sqft,
         avg(p.pitch_deg ORDER BY t.installation_id, p.plane_id) AS mean_pitch_deg
  FROM typed t JOIN mounting_planes p USING (roof_version_id)
  GROUP BY t.material, t.shape_class
)
SELECT 'roof type' AS grouping, y.material, y.shape_class, y.installations, y.buildings,
       coalesce(s.planes, 0) AS planes, s.total_area_sqft, s.area_min_sqft, s.area_median_sqft,
       s.area_p90_sqft, s.area_max_sqft, s.mean_pitch_deg
FROM per_type y LEFT JOIN plane_stats s USING (material, shape_class)
UNION ALL
SELECT 'material', p.material, '', count(DISTINCT p.roof_version_id),
       count(DISTINCT (p.roof_version_id, p.building_index)), count(*),
       sum(p.area_sqft ORDER BY p.installation_id, p.plane_id), min(p.area_sqft),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.area_sqft),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY p.area_sqft), max(p.area_sqft),
       avg(p.pitch_deg ORDER BY p.installation_id, p.plane_id)
FROM current_planes p GROUP BY p.material;
