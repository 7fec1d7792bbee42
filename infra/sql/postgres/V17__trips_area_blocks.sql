-- A box's interior is summed from blocks of cells where whole blocks fit, so a big box reads a few
-- rows per week instead of every cell it covers: the city box read 160k cell-weeks at 10M trips
-- (78 ms); it reads about a thousand block-weeks now. Regions sum the biggest blocks. The box query
-- also runs without parallel workers: starting them took 40 ms, the box itself 10.

-- Trips per block of area cells, ISO week and region, for origins and destinations: trip_area_weeks
-- summed over 4 x 4 cells (level 2, 0.01 degrees) and 16 x 16 cells (level 4, 0.04 degrees). A
-- block's coordinates are its cells' shifted right by the level: cell_x >> level.
CREATE TABLE trips.trip_area_blocks (
  level      smallint NOT NULL CHECK (level IN (2, 4)),
  side       "char"   NOT NULL CHECK (side IN ('o', 'd')),
  block_x    int      NOT NULL,
  block_y    int      NOT NULL,
  week_start date     NOT NULL CHECK (extract(isodow FROM week_start) = 1),
  region_id  smallint NOT NULL,
  trips      bigint   NOT NULL CHECK (trips > 0),
  PRIMARY KEY (level, side, block_x, block_y, week_start, region_id)
);
CREATE INDEX trip_area_blocks_by_region ON trips.trip_area_blocks (region_id, side, week_start)
  INCLUDE (trips) WHERE level = 4;

-- Adds the cells of p_cells (a table with trip_area_weeks' columns) to the blocks: inserted into an
-- empty trip_area_blocks, or with p_upsert added to what is there, in key order on every call.
CREATE FUNCTION trips.add_blocks(p_cells text, p_upsert boolean) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'
AS $$
BEGIN
  EXECUTE format($q$
    INSERT INTO trip_area_blocks AS t
      SELECT level, side, cell_x >> level, cell_y >> level, week_start, region_id, sum(trips)
      FROM %s, (VALUES (2), (4)) l (level)
      GROUP BY 1, 2, 3, 4, 5, 6
      ORDER BY 1, 2, 3, 4, 5, 6
  $q$, p_cells) || CASE WHEN p_upsert
    THEN ' ON CONFLICT ON CONSTRAINT trip_area_blocks_pkey DO UPDATE SET trips = t.trips + EXCLUDED.trips'
    ELSE '' END;
END $$;

SELECT trips.add_blocks('trips.trip_area_weeks', p_upsert => false);

-- Regions now read the blocks: the cells' own region index goes.
DROP INDEX trips.trip_area_weeks_by_region;

-- Adds a set of trips to the aggregates (V8), now also to the blocks, summed from the trips' cells.
-- With p_upsert the cells are gathered first, then added to trip_area_weeks and trip_area_blocks,
-- each in the same order on every call, so two calls never deadlock. Without it (into empty tables,
-- trip_area_weeks without its key) the cells go straight in and the blocks are summed from them:
-- gathering 1.4M cells of 10M trips first took 3.5 s more.
CREATE OR REPLACE FUNCTION trips.add_areas(p_trips text, p_upsert boolean DEFAULT true)
RETURNS bigint LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'
AS $$
DECLARE
  added bigint;
  cells text := CASE WHEN p_upsert THEN 'pg_temp.trips_cells_added' ELSE 'trip_area_weeks' END;
BEGIN
  IF p_upsert THEN
    CREATE TEMP TABLE IF NOT EXISTS trips_cells_added (LIKE trip_area_weeks) ON COMMIT DELETE ROWS;
    DELETE FROM trips_cells_added;
  END IF;
  EXECUTE format($q$
    INSERT INTO %1$s
      SELECT * FROM (
        SELECT 'o'::"char", origin_area_x, origin_area_y, start_week, region_id, count(*)
        FROM %2$s GROUP BY 2, 3, 4, 5
        UNION ALL
        SELECT 'd'::"char", dest_area_x, dest_area_y, start_week, region_id, count(*)
        FROM %2$s GROUP BY 2, 3, 4, 5
      ) c (side, cell_x, cell_y, week_start, region_id, trips)
      ORDER BY cell_x, cell_y, week_start, region_id, side  -- box queries read cells in order
  $q$, cells, p_trips);
  IF p_upsert THEN
    INSERT INTO trip_area_weeks AS t SELECT * FROM pg_temp.trips_cells_added
      ORDER BY cell_x, cell_y, week_start, region_id, side
    ON CONFLICT (side, cell_x, cell_y, week_start, region_id) DO UPDATE SET
      trips = t.trips + EXCLUDED.trips;
  END IF;
  PERFORM add_blocks(cells, p_upsert);
  CREATE TEMP TABLE IF NOT EXISTS trips_sources_added (LIKE trip_region_sources)
    ON COMMIT DELETE ROWS;
  DELETE FROM trips_sources_added;
  EXECUTE format($q$
    INSERT INTO trips_sources_added
      SELECT region_id, datasource_id, count(*), min(started_at), max(started_at)
      FROM %s GROUP BY region_id, datasource_id
  $q$, p_trips);
  INSERT INTO trip_region_sources AS rs
    SELECT * FROM trips_sources_added ORDER BY region_id, datasource_id
  ON CONFLICT (region_id, datasource_id) DO UPDATE SET
    trips = rs.trips + EXCLUDED.trips,
    first_seen = least(rs.first_seen, EXCLUDED.first_seen),
    last_seen = greatest(rs.last_seen, EXCLUDED.last_seen);
  SELECT coalesce(sum(trips), 0) INTO added FROM trips_sources_added;
  RETURN added;
END $$;

-- Step 'areas' (V15). Into an empty trip_area_weeks its key is built after the insert; the blocks,
-- about a tenth of the cells' rows, go in through theirs.
CREATE OR REPLACE FUNCTION trips.bulk_areas(p_run_id bigint, p_level text) RETURNS bigint
LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
AS $$
DECLARE
  added bigint := 0;
BEGIN
  LOCK TABLE trip_area_weeks, trip_area_blocks IN EXCLUSIVE MODE;
  IF bulk_nothing_new(p_run_id) THEN
    NULL;
  ELSIF EXISTS (SELECT 1 FROM trip_area_weeks) THEN
    added := add_areas(run_trips(p_run_id));
  ELSE
    ALTER TABLE trip_area_weeks DROP CONSTRAINT trip_area_weeks_pkey;
    added := add_areas(run_trips(p_run_id), p_upsert => false);
    ALTER TABLE trip_area_weeks ADD CONSTRAINT trip_area_weeks_pkey
      PRIMARY KEY (side, cell_x, cell_y, week_start, region_id);
  END IF;
  PERFORM ops.count_chunk(p_run_id, md5('trips bulk load ' || p_run_id)::uuid,
                          jsonb_build_object(p_level, jsonb_build_object('inserted', added)));
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'areas');
  RETURN added;
END $$;

-- The rectangle of cells [x0, x1] x [y0, y1] as the fewest blocks: the level 4 blocks wholly inside
-- it, then the level 2 blocks inside it around those, then the cells around those. Each part is a
-- rectangle in its level's coordinates; together they cover every cell of the rectangle once.
CREATE FUNCTION trips.area_parts(x0 int, x1 int, y0 int, y1 int)
RETURNS TABLE (level int, px0 int, px1 int, py0 int, py1 int)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 9 AS $$
DECLARE
  k int;
  a0 int; a1 int; b0 int; b1 int;  -- level k's blocks wholly inside, in its coordinates
  i0 int; i1 int; j0 int; j1 int;  -- the coarser blocks' part, in level k's coordinates
  covered boolean := false;        -- whether a coarser level took a part
BEGIN
  FOREACH k IN ARRAY ARRAY[4, 2, 0] LOOP
    a0 := (x0 + (1 << k) - 1) >> k;  -- arithmetic shifts: floor and ceiling west of Greenwich too
    a1 := ((x1 + 1) >> k) - 1;
    b0 := (y0 + (1 << k) - 1) >> k;
    b1 := ((y1 + 1) >> k) - 1;
    CONTINUE WHEN a0 > a1 OR b0 > b1;
    IF NOT covered THEN
      level := k; px0 := a0; px1 := a1; py0 := b0; py1 := b1;
      RETURN NEXT;
    ELSE  -- the frame around the coarser part: west, east, then south and north between them
      level := k;
      px0 := a0; px1 := i0 - 1; py0 := b0; py1 := b1;
      IF px0 <= px1 THEN RETURN NEXT; END IF;
      px0 := i1 + 1; px1 := a1;
      IF px0 <= px1 THEN RETURN NEXT; END IF;
      px0 := i0; px1 := i1; py0 := b0; py1 := j0 - 1;
      IF py0 <= py1 THEN RETURN NEXT; END IF;
      py0 := j1 + 1; py1 := b1;
      IF py0 <= py1 THEN RETURN NEXT; END IF;
    END IF;
    -- What is covered now, in the next level's coordinates: two levels finer, << 2.
    covered := true;
    i0 := a0 << 2; i1 := ((a1 + 1) << 2) - 1; j0 := b0 << 2; j1 := ((b1 + 1) << 2) - 1;
  END LOOP;
END $$;

-- The columns of area_parts, one row each: what the box query probes an index with. A function of
-- its own, so the planner takes its few rows for what they are: joined to generate_series, whose
-- rows it guesses at 1000, it read the whole of trip_area_blocks instead (96 ms, not 24).
CREATE FUNCTION trips.area_columns(x0 int, x1 int, y0 int, y1 int)
RETURNS TABLE (level int, x int, py0 int, py1 int)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 40 AS $$
BEGIN
  RETURN QUERY SELECT p.level, c, p.py0, p.py1
               FROM trips.area_parts(x0, x1, y0, y1) p, generate_series(p.px0, p.px1) c;
END $$;

-- Trips per ISO week whose origin ('origin'), destination ('destination') or both ('both') lie in
-- the box, edges included (V16). The cells wholly inside the box now come from area_parts: blocks
-- and cells, each part read column by column (area_columns), so no column is read beyond the box.
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

-- Trips per ISO week by origin in a region (V2), from its level 4 blocks.
CREATE OR REPLACE FUNCTION trips.trip_counts_in_region(region text)
RETURNS TABLE (week_start date, trips bigint) LANGUAGE sql STABLE
SET search_path = trips AS $$
  SELECT b.week_start, sum(b.trips)::bigint
  FROM trip_area_blocks b JOIN regions r USING (region_id)
  WHERE b.level = 4 AND b.side = 'o' AND lower(r.name) = lower(trim(region))
  GROUP BY b.week_start
$$;
