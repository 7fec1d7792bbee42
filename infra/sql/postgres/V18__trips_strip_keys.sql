-- The two indexes of trips lead with one bigint: the cell column and strip of a trip's origin (or
-- destination), in the same order as the two columns it replaces. A sorted build compares tuples
-- by their first column most of the time; the cell column alone has a few thousand values for 10M
-- trips, so most comparisons tied on it and went on the slow way. At 10M, one backend without
-- parallel workers: the key 16.4 and 20.2 user-seconds before, 10.5 and 11.1 after; the
-- destination index 24.1 and 20.8 before, 12.7 and 9.4 after. Box queries probe the same ranges,
-- by equality on one value.

-- A strip's id: its cell column in the high 32 bits, the strip (area_strip, V16) offset by 2^31 in
-- the low ones, so ids sort as (column, strip) do, west of Greenwich and south of the equator too.
CREATE FUNCTION trips.strip_id(cell_x int, strip int) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (cell_x::bigint << 32) + strip + 2147483648;

CREATE FUNCTION trips.area_strip_id(lon float8, lat float8) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN trips.strip_id(trips.area_cell(lon), trips.area_strip(lat));

-- The table again, without the stored strip (V16; the key computes it now) and with its columns
-- widest first: 128 bytes a row instead of 136, and one generated column less for COPY to compute.
-- Nothing else depends on the table: its functions name it at run time. Its indexes are missing
-- while a bulk load into the empty table is unsettled (its job died).
ALTER TABLE trips.trips DROP CONSTRAINT IF EXISTS trips_pkey;
DROP INDEX IF EXISTS trips.trips_destination_area;
ALTER TABLE trips.trips RENAME TO trips_v17;
CREATE TABLE trips.trips (
  trip_key         uuid      NOT NULL,  -- a hash of the natural key (V2)
  started_at       timestamp NOT NULL,
  origin_lon       float8    NOT NULL,
  origin_lat       float8    NOT NULL,
  destination_lon  float8    NOT NULL,
  destination_lat  float8    NOT NULL,
  run_id           bigint    NOT NULL,  -- the run that first stored the trip
  origin_cell      bigint,              -- the group it was counted in (V8); NULL before V8
  destination_cell bigint,
  start_week       date      NOT NULL GENERATED ALWAYS AS (date_trunc('week', started_at)::date) STORED,
  origin_area_x    int       NOT NULL GENERATED ALWAYS AS (trips.area_cell(origin_lon)) STORED,
  origin_area_y    int       NOT NULL GENERATED ALWAYS AS (trips.area_cell(origin_lat)) STORED,
  region_id        smallint  NOT NULL,
  datasource_id    smallint  NOT NULL,
  grouping_id      smallint,
  time_bucket      smallint
);
INSERT INTO trips.trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                         destination_lat, run_id, origin_cell, destination_cell, region_id,
                         datasource_id, grouping_id, time_bucket)
  SELECT trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat, run_id,
         origin_cell, destination_cell, region_id, datasource_id, grouping_id, time_bucket
  FROM trips.trips_v17;
DROP TABLE trips.trips_v17;

-- The key of trips: unique exactly when trip_key is (the key fixes the coordinates). A unique
-- index rather than a primary key, which cannot hold an expression; ON CONFLICT infers it all the
-- same. A trip the load held twice fails the build; then every copy but the first stored goes, and
-- the build runs again.
CREATE OR REPLACE FUNCTION trips.build_trip_key() RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory, shared by its workers
AS $$
BEGIN
  CREATE UNIQUE INDEX trips_key ON trips (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key)
    INCLUDE (origin_lat, start_week);
EXCEPTION WHEN unique_violation THEN
  DELETE FROM trips WHERE ctid IN (
    SELECT ctid FROM (
      SELECT ctid, row_number() OVER (PARTITION BY trip_key ORDER BY run_id, ctid) AS copy
      FROM trips) t
    WHERE copy > 1);
  CREATE UNIQUE INDEX trips_key ON trips (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key)
    INCLUDE (origin_lat, start_week);
END $$;

-- The destination index, built sorted; nothing when it is there. Without p_parallel, the build
-- uses no parallel workers: it then shares the cores with a running aggregate.
CREATE OR REPLACE FUNCTION trips.build_trip_destinations(p_parallel boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
AS $$
BEGIN
  IF NOT p_parallel THEN
    PERFORM set_config('max_parallel_maintenance_workers', '0', true);
  END IF;
  CREATE INDEX IF NOT EXISTS trips_destination_area
    ON trips (area_strip_id(destination_lon, destination_lat), destination_lon)
    INCLUDE (destination_lat, start_week);
END $$;

-- An unsettled bulk load into the empty table builds them itself, after removing the copies it held.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM trips.bulk_loads l
                 WHERE l.load_table = 'trips' AND NOT EXISTS (
                   SELECT 1 FROM trips.bulk_load_steps s WHERE s.run_id = l.run_id AND s.step = 'stored')) THEN
    PERFORM trips.build_trip_key();
    PERFORM trips.build_trip_destinations();
  END IF;
END $$;
ANALYZE trips.trips;

-- Starts run p_run_id's bulk load (V8), dropping the new key.
CREATE OR REPLACE FUNCTION trips.begin_bulk_load(p_run_id bigint) RETURNS text LANGUAGE plpgsql
SET search_path = trips AS $$
DECLARE
  target text := 'trips';
BEGIN
  LOCK TABLE trips IN EXCLUSIVE MODE;  -- no writer between the check and the drop
  IF EXISTS (SELECT 1 FROM trips) THEN
    target := 'load_' || p_run_id;
    EXECUTE format('CREATE UNLOGGED TABLE %I (LIKE trips INCLUDING GENERATED)', target);
  ELSE
    DROP INDEX trips_key;
    DROP INDEX trips_destination_area;
  END IF;
  INSERT INTO bulk_loads (run_id, load_table) VALUES (p_run_id, target);
  RETURN format('trips.%I (trip_key, started_at, origin_lon, origin_lat, destination_lon,'
    ' destination_lat, run_id, region_id, datasource_id, grouping_id, origin_cell,'
    ' destination_cell, time_bucket)', target);
END $$;

-- The incremental merge (V16), inserting in the new key's order.
CREATE OR REPLACE FUNCTION trips.trips_merge_staged(p_run_id bigint, p_grouping_id smallint)
RETURNS TABLE (staged bigint, inserted bigint) LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '256MB'  -- a chunk's sorts and aggregates stay in memory
AS $$
DECLARE
  n_staged bigint;
  n_new bigint;
  new_trips text := 'trips_staging';
BEGIN
  -- Only missing names: ON CONFLICT alone would burn identity values on every chunk.
  INSERT INTO regions (name)
    SELECT DISTINCT s.region FROM trips_staging s
    WHERE NOT EXISTS (SELECT 1 FROM regions r WHERE r.name = s.region)
    ON CONFLICT (name) DO NOTHING;
  INSERT INTO datasources (name)
    SELECT DISTINCT s.datasource FROM trips_staging s
    WHERE NOT EXISTS (SELECT 1 FROM datasources d WHERE d.name = s.datasource)
    ON CONFLICT (name) DO NOTHING;
  SELECT count(*) INTO n_staged FROM trips_staging;

  BEGIN
    INSERT INTO trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                       destination_lat, run_id, region_id, datasource_id, grouping_id, origin_cell,
                       destination_cell, time_bucket)
      SELECT s.trip_key, s.started_at, s.origin_lon, s.origin_lat, s.destination_lon,
             s.destination_lat, p_run_id, r.region_id, d.datasource_id, p_grouping_id,
             s.origin_cell, s.destination_cell, s.time_bucket
      FROM trips_staging s
      JOIN regions r ON r.name = s.region
      JOIN datasources d ON d.name = s.datasource
      ORDER BY area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key;
    n_new := n_staged;
  EXCEPTION WHEN unique_violation THEN
    CREATE TEMP TABLE IF NOT EXISTS trips_new (LIKE trips_staging) ON COMMIT DELETE ROWS;
    WITH inserted AS (
      INSERT INTO trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                         destination_lat, run_id, region_id, datasource_id, grouping_id,
                         origin_cell, destination_cell, time_bucket)
        SELECT DISTINCT ON (area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key)
               s.trip_key, s.started_at, s.origin_lon, s.origin_lat,
               s.destination_lon, s.destination_lat, p_run_id, r.region_id, d.datasource_id,
               p_grouping_id, s.origin_cell, s.destination_cell, s.time_bucket
        FROM trips_staging s
        JOIN regions r ON r.name = s.region
        JOIN datasources d ON d.name = s.datasource
        ORDER BY area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key
      ON CONFLICT (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key) DO NOTHING
      RETURNING trip_key
    )
    INSERT INTO trips_new
      SELECT DISTINCT ON (s.trip_key) s.* FROM trips_staging s JOIN inserted USING (trip_key)
      ORDER BY s.trip_key;
    GET DIAGNOSTICS n_new = ROW_COUNT;
    new_trips := 'trips_new';
  END;

  EXECUTE format($q$
    INSERT INTO trip_pending
      SELECT n.started_at, n.origin_cell, n.destination_cell,
             area_cell(n.origin_lon), area_cell(n.origin_lat),
             area_cell(n.destination_lon), area_cell(n.destination_lat),
             $1, n.time_bucket, r.region_id, d.datasource_id
      FROM %I n
      JOIN regions r ON r.name = n.region
      JOIN datasources d ON d.name = n.datasource
  $q$, new_trips) USING p_grouping_id;
  RETURN QUERY SELECT n_staged, n_new;
END $$;

-- Step 'stored' (V16) on the new key. Into a table that held trips, one parallel pass counts the
-- load's trips not stored yet, writing nothing (V16's anti-join wrote them to a table of their
-- own, 11.3 s of a 45.6 s step at 10M into 10M, then copied them on). A load of new trips only, the
-- usual case, then goes in whole; one holding copies goes in through the anti-join or, when its
-- new trips are few against the table, through the key, whose ON CONFLICT skips the copies. The
-- anti-join hashes trip_key alone, which fixes the coordinates (7.0 CPU-seconds instead of 9.2
-- with the key's columns). A rebuilt destination index is left to the settle's side-by-side step,
-- where it shares the cores with the aggregates.
CREATE OR REPLACE FUNCTION trips.bulk_store(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- the anti-join's hash table
AS $$
DECLARE
  target text;
  columns text := 'trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat,'
    ' run_id, region_id, datasource_id, grouping_id, origin_cell, destination_cell, time_bucket';
  n_load bigint;
  n_fresh bigint;  -- NULL into an empty table: all of the load, not counted
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  IF target = 'trips' THEN
    PERFORM build_trip_key();
  ELSE
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE t.trip_key IS NULL)'
      ' FROM %I l LEFT JOIN trips t ON t.trip_key = l.trip_key', target)
      INTO n_load, n_fresh;
    IF n_fresh = 0 THEN
      NULL;  -- all stored already: a re-run
    ELSIF n_fresh * 8 < (SELECT reltuples FROM pg_class WHERE oid = 'trips'::regclass) THEN
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I'
        ' ORDER BY area_strip_id(origin_lon, origin_lat), origin_lon, trip_key'
        ' ON CONFLICT DO NOTHING',
        columns, columns, target);
    ELSE
      DROP INDEX trips_key;
      DROP INDEX trips_destination_area;
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I l', columns, columns, target)
        || CASE WHEN n_fresh < n_load
           THEN ' WHERE NOT EXISTS (SELECT 1 FROM trips t WHERE t.trip_key = l.trip_key)'
           ELSE '' END;
      PERFORM build_trip_key();
    END IF;
    EXECUTE format('DROP TABLE %I', target);
  END IF;
  -- The aggregates' plans need the load's statistics.
  IF n_fresh IS DISTINCT FROM 0 THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = n_fresh WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;

-- Adds a set of trips to trip_groups (V8). The sort behind the GROUP BY compares a hash of the
-- cells first: on the origin cell, a few thousand values for 10M trips, most comparisons tied
-- (at 10M alone: 14.1 and 15.2 s before, 11.3 and 12.1 after). Upserts still go in key order.
CREATE OR REPLACE FUNCTION trips.add_groups(p_trips text, p_upsert boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- a bulk load's sort in memory (a fold's chunk needs far less)
AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO trip_groups AS g
      SELECT grouping_id, region_id, origin_cell, destination_cell, time_bucket, count(*),
             min(started_at), max(started_at),
             array_agg(DISTINCT datasource_id ORDER BY datasource_id)
      FROM %s
      GROUP BY hashint8extended(destination_cell, hashint8extended(origin_cell, time_bucket)),
               origin_cell, destination_cell, time_bucket, region_id, grouping_id
  $q$, p_trips) || CASE WHEN p_upsert THEN $q$
      ORDER BY origin_cell, destination_cell, time_bucket, region_id, grouping_id
    ON CONFLICT (grouping_id, region_id, origin_cell, destination_cell, time_bucket) DO UPDATE SET
      trip_count = g.trip_count + EXCLUDED.trip_count,
      first_seen = least(g.first_seen, EXCLUDED.first_seen),
      last_seen = greatest(g.last_seen, EXCLUDED.last_seen),
      datasource_ids = ARRAY(SELECT DISTINCT unnest(g.datasource_ids || EXCLUDED.datasource_ids)
                             ORDER BY 1)
  $q$ ELSE '' END;
END $$;

-- Trips per ISO week whose origin ('origin'), destination ('destination') or both ('both') lie in
-- the box, edges included (V17), probing the keys by strip id.
CREATE OR REPLACE FUNCTION trips.trip_counts_in_bbox(min_lon float8, min_lat float8,
                                                     max_lon float8, max_lat float8,
                                                     match text DEFAULT 'origin')
RETURNS TABLE (week_start date, trips bigint) LANGUAGE plpgsql STABLE
SET search_path = trips
-- Every join here probes an index per column or strip. Not knowing how few columns generate_series
-- yields, the planner hashed whole ranges of cells instead (175 ms for the city box, not 30), and
-- its cost estimates then compiled the query (JIT: 65 ms). Starting parallel workers took 40 ms.
SET enable_hashjoin = off
SET enable_mergejoin = off
SET jit = off
SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
  x0 int := area_cell(min_lon);
  x1 int := area_cell(max_lon);
  y0 int := area_cell(min_lat);
  y1 int := area_cell(max_lat);
  s0 int := area_strip(min_lat);
  s1 int := area_strip(max_lat);
  -- The first column (row) is inside the box when nothing in it lies below the edge: when the
  -- double just below min_lon falls in the column before. v - |v| * 2^-53 rounds to that double,
  -- or to v itself (zero, a negative power of two), which keeps the column on the edge.
  ix0 int := x0 + (area_cell(min_lon - abs(min_lon) * 2::float8 ^ -53) = x0)::int;
  iy0 int := y0 + (area_cell(min_lat - abs(min_lat) * 2::float8 ^ -53) = y0)::int;
  edge_columns int[] := CASE WHEN ix0 > x0 AND x0 < x1 THEN ARRAY[x0, x1] ELSE ARRAY[x1] END;
  edge_row_strips int[] := ARRAY(SELECT s FROM generate_series(s0, s1) s
                                 WHERE s >> 4 < iy0 OR s >> 4 = y1);
BEGIN
  IF match IS NULL OR match NOT IN ('origin', 'destination', 'both') THEN
    RAISE EXCEPTION 'match must be origin, destination or both, was %', match;
  END IF;
  IF NOT (min_lon <= max_lon AND min_lat <= max_lat) THEN
    RAISE EXCEPTION 'bbox must be minLon,minLat,maxLon,maxLat with min <= max';
  END IF;
  IF match = 'both' THEN
    -- No aggregate holds origin and destination together: exact rows of every origin in the box,
    -- a range of strip ids per column. OFFSET 0 keeps the range inside the loop over columns:
    -- joined to them, it was planned as a scan of the whole table, filtered once per column.
    RETURN QUERY
      SELECT b.start_week, count(*)
      FROM generate_series(x0, x1) AS cx, LATERAL (
        SELECT t.start_week FROM trips t
        WHERE area_strip_id(t.origin_lon, t.origin_lat) BETWEEN strip_id(cx, s0) AND strip_id(cx, s1)
          AND t.origin_lon BETWEEN min_lon AND max_lon AND t.origin_lat BETWEEN min_lat AND max_lat
          AND t.destination_lon BETWEEN min_lon AND max_lon
          AND t.destination_lat BETWEEN min_lat AND max_lat
        OFFSET 0) b
      GROUP BY 1;
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH columns AS MATERIALIZED (
      SELECT * FROM area_columns($9, $2 - 1, $10, $4 - 1)
    ), interior AS (
      SELECT b.week_start, b.trips
      FROM columns c
      JOIN trip_area_blocks b ON b.level = c.level AND b.side = %2$L AND b.block_x = c.x
        AND b.block_y BETWEEN c.py0 AND c.py1
      WHERE c.level > 0
      UNION ALL
      SELECT a.week_start, a.trips
      FROM columns c
      JOIN trip_area_weeks a ON a.side = %2$L AND a.cell_x = c.x AND a.cell_y BETWEEN c.py0 AND c.py1
      WHERE c.level = 0
    ), edge_strips AS (  -- every strip of the edge columns, then the edge rows' strips between them
      SELECT cx, s FROM unnest($11::int[]) cx, generate_series($12, $13) s
      UNION ALL
      SELECT cx, s FROM generate_series($9, $2 - 1) cx, unnest($14::int[]) s
    ), edge AS (
      SELECT t.start_week AS week_start, count(*) AS trips
      FROM edge_strips e
      JOIN trips t ON area_strip_id(t.%1$s_lon, t.%1$s_lat) = strip_id(e.cx, e.s)
        AND t.%1$s_lon BETWEEN $5 AND $6
      WHERE t.%1$s_lat BETWEEN $7 AND $8
      GROUP BY 1
    )
    SELECT c.week_start, sum(c.trips)::bigint
    FROM (SELECT * FROM interior UNION ALL SELECT * FROM edge) c
    GROUP BY c.week_start
  $q$, match, left(match, 1))
  USING x0, x1, y0, y1, min_lon, max_lon, min_lat, max_lat, ix0, iy0, edge_columns, s0, s1,
        edge_row_strips;
END $$;
