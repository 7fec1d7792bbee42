-- Box queries read exact trips only in the cells on a box's edge (V2); since V16 they read only
-- the part of an edge cell inside the box. The key of trips orders each 0.0025-degree cell by
-- strips of a sixteenth of its height, then by longitude: an edge cell's trips inside the box are
-- index ranges (a west or east edge: the longitudes of each strip; a south or north edge: the
-- strips), not the whole cell. A box whose west or south edge is its cell's own lowest value, as
-- edges typed with two decimals are, takes that column or row from the aggregates, and its east
-- or north edge on the grid then reads next to nothing. The destination index likewise.

-- The strip of a latitude: a sixteenth of an area cell. area_strip(v) >> 4 = area_cell(v), since
-- v * 6400 is v * 400 scaled by 16, exactly, before floor().
CREATE FUNCTION trips.area_strip(degrees float8) RETURNS int
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN floor(degrees * 6400)::int;

ALTER TABLE trips.trips
  ADD COLUMN origin_strip int NOT NULL GENERATED ALWAYS AS (trips.area_strip(origin_lat)) STORED;
ALTER TABLE trips.trips DROP CONSTRAINT trips_pkey;
DROP INDEX trips.trips_destination_area;

-- The key of trips, built sorted over the whole table. A trip the load held twice fails the
-- unique build; then every copy but the first stored goes, and the build runs again. Unique
-- exactly when trip_key is: the key fixes the coordinates.
CREATE OR REPLACE FUNCTION trips.build_trip_key() RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory, shared by its workers
AS $$
BEGIN
  ALTER TABLE trips ADD CONSTRAINT trips_pkey
    PRIMARY KEY (origin_area_x, origin_strip, origin_lon, trip_key) INCLUDE (origin_lat, start_week);
EXCEPTION WHEN unique_violation THEN
  DELETE FROM trips WHERE ctid IN (
    SELECT ctid FROM (
      SELECT ctid, row_number() OVER (PARTITION BY trip_key ORDER BY run_id, ctid) AS copy
      FROM trips) t
    WHERE copy > 1);
  ALTER TABLE trips ADD CONSTRAINT trips_pkey
    PRIMARY KEY (origin_area_x, origin_strip, origin_lon, trip_key) INCLUDE (origin_lat, start_week);
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
    ON trips (area_cell(destination_lon), area_strip(destination_lat), destination_lon)
    INCLUDE (destination_lat, start_week);
END $$;

SELECT trips.build_trip_key();
SELECT trips.build_trip_destinations();

-- The incremental merge (V8), inserting in the new key's order.
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
      ORDER BY area_cell(s.origin_lon), area_strip(s.origin_lat), s.origin_lon, s.trip_key;
    n_new := n_staged;
  EXCEPTION WHEN unique_violation THEN
    CREATE TEMP TABLE IF NOT EXISTS trips_new (LIKE trips_staging) ON COMMIT DELETE ROWS;
    WITH inserted AS (
      INSERT INTO trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                         destination_lat, run_id, region_id, datasource_id, grouping_id,
                         origin_cell, destination_cell, time_bucket)
        SELECT DISTINCT ON (area_cell(s.origin_lon), area_strip(s.origin_lat), s.origin_lon, s.trip_key)
               s.trip_key, s.started_at, s.origin_lon, s.origin_lat,
               s.destination_lon, s.destination_lat, p_run_id, r.region_id, d.datasource_id,
               p_grouping_id, s.origin_cell, s.destination_cell, s.time_bucket
        FROM trips_staging s
        JOIN regions r ON r.name = s.region
        JOIN datasources d ON d.name = s.datasource
        ORDER BY area_cell(s.origin_lon), area_strip(s.origin_lat), s.origin_lon, s.trip_key
      ON CONFLICT (origin_area_x, origin_strip, origin_lon, trip_key) DO NOTHING
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

-- Step 'stored' (V15), its anti-join and inserts on the new key.
CREATE OR REPLACE FUNCTION trips.bulk_store(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- the anti-join's hash table
AS $$
DECLARE
  target text;
  fresh_table text := 'fresh_' || p_run_id;
  columns text := 'trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat,'
    ' run_id, region_id, datasource_id, grouping_id, origin_cell, destination_cell, time_bucket';
  n_fresh bigint;  -- NULL into an empty table: all of the load, not counted
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  IF target = 'trips' THEN
    PERFORM build_trip_key();
  ELSE
    EXECUTE format('CREATE UNLOGGED TABLE %I AS SELECT %s FROM %I l WHERE NOT EXISTS'
      ' (SELECT 1 FROM trips t WHERE t.origin_area_x = l.origin_area_x'
      ' AND t.origin_strip = l.origin_strip AND t.origin_lon = l.origin_lon'
      ' AND t.trip_key = l.trip_key)',
      fresh_table, columns, target);
    GET DIAGNOSTICS n_fresh = ROW_COUNT;
    IF n_fresh = 0 THEN
      NULL;  -- all stored already: a re-run
    ELSIF n_fresh * 8 < (SELECT reltuples FROM pg_class WHERE oid = 'trips'::regclass) THEN
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I'
        ' ORDER BY area_cell(origin_lon), area_strip(origin_lat), origin_lon, trip_key'
        ' ON CONFLICT DO NOTHING',
        columns, columns, fresh_table);
    ELSE
      ALTER TABLE trips DROP CONSTRAINT trips_pkey;
      DROP INDEX trips_destination_area;
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I', columns, columns, fresh_table);
      PERFORM build_trip_key();
      PERFORM build_trip_destinations();
    END IF;
    EXECUTE format('DROP TABLE %I, %I', target, fresh_table);
  END IF;
  -- The aggregates' plans need the load's statistics: without them, the groups were sorted rather
  -- than hashed (43 s instead of 19 at 10M trips).
  IF n_fresh IS DISTINCT FROM 0 THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = n_fresh WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;

-- Trips per ISO week whose origin ('origin'), destination ('destination') or both ('both') lie in
-- the box, edges included. Cells wholly inside the box come from trip_area_weeks; of the cells on
-- its edge, only the strips inside it are read, and in them only the longitudes inside it.
CREATE OR REPLACE FUNCTION trips.trip_counts_in_bbox(min_lon float8, min_lat float8,
                                                     max_lon float8, max_lat float8,
                                                     match text DEFAULT 'origin')
RETURNS TABLE (week_start date, trips bigint) LANGUAGE plpgsql STABLE
SET search_path = trips AS $$
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
    -- No aggregate holds origin and destination together: exact rows of every origin in the box.
    RETURN QUERY
      SELECT t.start_week, count(*)
      FROM generate_series(x0, x1) AS cx
      JOIN trips t ON t.origin_area_x = cx AND t.origin_strip BETWEEN s0 AND s1
      WHERE t.origin_lon BETWEEN min_lon AND max_lon AND t.origin_lat BETWEEN min_lat AND max_lat
        AND t.destination_lon BETWEEN min_lon AND max_lon
        AND t.destination_lat BETWEEN min_lat AND max_lat
      GROUP BY 1;
    RETURN;
  END IF;
  RETURN QUERY EXECUTE format($q$
    WITH interior AS (
      SELECT a.week_start, sum(a.trips)::bigint AS trips
      FROM trip_area_weeks a
      WHERE a.side = %2$L AND a.cell_x BETWEEN $9 AND $2 - 1 AND a.cell_y BETWEEN $10 AND $4 - 1
      GROUP BY a.week_start
    ), edge_strips AS (  -- every strip of the edge columns, then the edge rows' strips between them
      SELECT cx, s FROM unnest($11::int[]) cx, generate_series($12, $13) s
      UNION ALL
      SELECT cx, s FROM generate_series($9, $2 - 1) cx, unnest($14::int[]) s
    ), edge AS (
      SELECT t.start_week AS week_start, count(*) AS trips
      FROM edge_strips e
      JOIN trips t ON %3$s AND t.%1$s_lon BETWEEN $5 AND $6
      WHERE t.%1$s_lat BETWEEN $7 AND $8
      GROUP BY 1
    )
    SELECT c.week_start, sum(c.trips)::bigint
    FROM (SELECT * FROM interior UNION ALL SELECT * FROM edge) c
    GROUP BY c.week_start
  $q$, match, left(match, 1),
    CASE match WHEN 'origin' THEN 't.origin_area_x = e.cx AND t.origin_strip = e.s'
    ELSE 'area_cell(t.destination_lon) = e.cx AND area_strip(t.destination_lat) = e.s' END)
  USING x0, x1, y0, y1, min_lon, max_lon, min_lat, max_lat, ix0, iy0, edge_columns, s0, s1,
        edge_row_strips;
END $$;
