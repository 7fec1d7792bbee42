-- A bulk load's two indexes lead with one bigint that is nearly unique: the strip id of V18 with
-- the point's place across its column in the bits below (area_point_key). A sorted build of 10M
-- trips found about 22 trips per strip id, and every comparison of two tied ones read both tuples
-- (a cache miss each) to compare the longitudes; now the leading bigints decide almost every
-- comparison alone, and the index's order is the same. The key of 10M trips, one backend alone:
-- 7.8 and 8.2 s instead of 10.2 and 10.6. Partitions built before keep their indexes on
-- area_strip_id, and trips_merged its key (the incremental merge's ON CONFLICT names it): so the
-- queries name both ranges, and each partition's scan takes the one its index leads with and
-- checks the other on the index's own columns.

-- A point's key: its 0.0025 degree column (area_cell, offset by 2^17) in bits 45-62, its strip
-- (area_strip, offset by 2^20) in bits 24-44, and in the low 24 bits where it lies across its
-- column, in 2^24 steps. Sorts as (column, strip, longitude) do, so as (area_strip_id, longitude);
-- the bit 63 stays clear, so the order holds for signed bigints. (<< and | bind alike, left to
-- right: hence the parentheses.)
CREATE FUNCTION trips.area_point_key(lon float8, lat float8) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ((trips.area_cell(lon)::bigint + 131072) << 45)
    | ((trips.area_strip(lat)::bigint + 1048576) << 24)
    | floor((lon * 400 - trips.area_cell(lon)) * 16777216)::bigint;

-- The key of longitude lon in strip s of column cx, lon taken to the column's edge when outside
-- it: every point of the strip with a longitude from lo to hi has a key from
-- strip_point_key(cx, s, lo) to strip_point_key(cx, s, hi). Inside the column, lon * 400 - cx is
-- exact, as in area_point_key. Not STRICT: a strict function whose body holds a CASE is not
-- inlined, and calling it as a function cost the city box 30 ms instead of 12 (two calls a strip).
CREATE FUNCTION trips.strip_point_key(cx int, s int, lon float8) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ((cx::bigint + 131072) << 45) | ((s::bigint + 1048576) << 24)
    | CASE WHEN lon * 400 < cx THEN 0
           WHEN lon * 400 >= cx + 1 THEN 16777215
           ELSE floor((lon * 400 - cx) * 16777216)::bigint END;

-- What an index of table p_table leads with: the point key, but the strip id in trips_merged,
-- whose key the incremental merge's ON CONFLICT names (a load begun before V20 builds it).
CREATE FUNCTION trips.index_lead(p_table text) RETURNS text LANGUAGE sql IMMUTABLE
  RETURN CASE WHEN p_table = 'trips_merged' THEN 'area_strip_id' ELSE 'area_point_key' END;

-- The key of one partition (V20, V22) on the point key.
CREATE OR REPLACE FUNCTION trips.build_trip_key(p_table text) RETURNS bigint LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory
SET max_parallel_maintenance_workers = 0  -- the destination index is built beside it
AS $$
DECLARE
  build text := format('CREATE UNIQUE INDEX %I ON %I'
    ' (%s(origin_lon, origin_lat), origin_lon, trip_key) INCLUDE (origin_lat, start_week)',
    p_table || '_key', p_table, index_lead(p_table));
  removed bigint;
BEGIN
  EXECUTE build;
  RETURN 0;
EXCEPTION WHEN unique_violation THEN
  EXECUTE format('DELETE FROM %1$I WHERE ctid IN ('
    ' SELECT ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY trip_key ORDER BY run_id, ctid)'
    ' AS copy FROM %1$I) t WHERE copy > 1)', p_table);
  GET DIAGNOSTICS removed = ROW_COUNT;
  EXECUTE build;
  RETURN removed;
END $$;

-- The destination index of run p_run_id's partition (V20) on the point key.
CREATE OR REPLACE FUNCTION trips.bulk_destinations(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
SET max_parallel_maintenance_workers = 0
AS $$
DECLARE
  target text;
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  IF to_regclass(quote_ident(target)) IS NOT NULL THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I'
      ' (%s(destination_lon, destination_lat), destination_lon)'
      ' INCLUDE (destination_lat, start_week)', target || '_destinations', target,
      index_lead(target));
  END IF;
END $$;

-- The box query (V18), each edge range also as a range of point keys.
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
          AND area_point_key(t.origin_lon, t.origin_lat)
              BETWEEN strip_point_key(cx, s0, min_lon) AND strip_point_key(cx, s1, max_lon)
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
        AND area_point_key(t.%1$s_lon, t.%1$s_lat)
            BETWEEN strip_point_key(e.cx, e.s, $5) AND strip_point_key(e.cx, e.s, $6)
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

-- The incremental merge (V20), its probe of the loads' keys also by point key.
CREATE OR REPLACE FUNCTION trips.trips_merge_staged(p_run_id bigint, p_grouping_id smallint)
RETURNS TABLE (staged bigint, inserted bigint) LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '256MB'  -- a chunk's sorts and aggregates stay in memory
AS $$
DECLARE
  n_staged bigint;
  n_new bigint;
  n_in_loads bigint;
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

  -- OFFSET 0 keeps each probe a subplan run per trip: pulled up into a join, it was hashed.
  CREATE TEMP TABLE IF NOT EXISTS trips_in_loads (trip_key uuid) ON COMMIT DELETE ROWS;
  DELETE FROM trips_in_loads;
  INSERT INTO trips_in_loads
    SELECT s.trip_key
    FROM (SELECT origin_lon, origin_lat, trip_key FROM trips_staging
          ORDER BY area_strip_id(origin_lon, origin_lat), origin_lon, trip_key OFFSET 0) s
    WHERE EXISTS (SELECT 1 FROM trips t
                  WHERE t.load_run IS NOT NULL  -- trips_merged pruned
                    AND area_strip_id(t.origin_lon, t.origin_lat) = area_strip_id(s.origin_lon, s.origin_lat)
                    AND area_point_key(t.origin_lon, t.origin_lat) = area_point_key(s.origin_lon, s.origin_lat)
                    AND t.origin_lon = s.origin_lon AND t.trip_key = s.trip_key
                  OFFSET 0);
  GET DIAGNOSTICS n_in_loads = ROW_COUNT;

  BEGIN
    IF n_in_loads > 0 THEN
      RAISE unique_violation USING MESSAGE = 'a staged trip is stored by a bulk load';
    END IF;
    INSERT INTO trips_merged (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                              destination_lat, run_id, region_id, datasource_id, grouping_id,
                              origin_cell, destination_cell, time_bucket, start_week,
                              origin_area_x, origin_area_y)
      SELECT s.trip_key, s.started_at, s.origin_lon, s.origin_lat, s.destination_lon,
             s.destination_lat, p_run_id, r.region_id, d.datasource_id, p_grouping_id,
             s.origin_cell, s.destination_cell, s.time_bucket,
             date_trunc('week', s.started_at)::date, area_cell(s.origin_lon), area_cell(s.origin_lat)
      FROM trips_staging s
      JOIN regions r ON r.name = s.region
      JOIN datasources d ON d.name = s.datasource
      ORDER BY area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key;
    n_new := n_staged;
  EXCEPTION WHEN unique_violation THEN
    CREATE TEMP TABLE IF NOT EXISTS trips_new (LIKE trips_staging) ON COMMIT DELETE ROWS;
    WITH inserted AS (
      INSERT INTO trips_merged (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                                destination_lat, run_id, region_id, datasource_id, grouping_id,
                                origin_cell, destination_cell, time_bucket, start_week,
                                origin_area_x, origin_area_y)
        SELECT DISTINCT ON (area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key)
               s.trip_key, s.started_at, s.origin_lon, s.origin_lat,
               s.destination_lon, s.destination_lat, p_run_id, r.region_id, d.datasource_id,
               p_grouping_id, s.origin_cell, s.destination_cell, s.time_bucket,
               date_trunc('week', s.started_at)::date, area_cell(s.origin_lon),
               area_cell(s.origin_lat)
        FROM trips_staging s
        JOIN regions r ON r.name = s.region
        JOIN datasources d ON d.name = s.datasource
        WHERE NOT EXISTS (SELECT 1 FROM trips_in_loads l WHERE l.trip_key = s.trip_key)
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
