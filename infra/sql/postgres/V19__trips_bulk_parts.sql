-- A bulk load's aggregates summed by its writers (TripParts): each JVM's writers add up what their
-- stored trips add to the groups, the area cells and the region sources, and write the sums with
-- the ledger chunks they cover into the run's part tables. The settle adds up those parts when they
-- cover every chunk written exactly once and the load stored no copies; otherwise it groups the
-- stored trips as before. Grouping 10M trips took PostgreSQL about 10 s of CPU for the groups and
-- 6 for the cells; adding up their parts, about a tenth of the rows, takes a few.

-- The start's week and the origin's cell come from the writers now: as generated columns (V2, V18)
-- the server computed them on every insert, 0.5 us a trip (INSERT ... SELECT of 2M trips: 1.7 s
-- with them, 0.7 s without), 5 s of CPU for 10M trips beside COPY's own.
ALTER TABLE trips.trips
  ALTER COLUMN start_week DROP EXPRESSION,
  ALTER COLUMN origin_area_x DROP EXPRESSION,
  ALTER COLUMN origin_area_y DROP EXPRESSION;


-- How many of the load's trips were not stored as new: copies of stored trips, or a trip the load
-- held twice. Set by step 'stored'.
ALTER TABLE trips.bulk_loads ADD COLUMN copies bigint;

-- The key's sorted build (V18), now returning how many copies it removed.
DROP FUNCTION trips.build_trip_key();
CREATE FUNCTION trips.build_trip_key() RETURNS bigint LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory, shared by its workers
AS $$
DECLARE
  removed bigint;
BEGIN
  CREATE UNIQUE INDEX trips_key ON trips (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key)
    INCLUDE (origin_lat, start_week);
  RETURN 0;
EXCEPTION WHEN unique_violation THEN
  DELETE FROM trips WHERE ctid IN (
    SELECT ctid FROM (
      SELECT ctid, row_number() OVER (PARTITION BY trip_key ORDER BY run_id, ctid) AS copy
      FROM trips) t
    WHERE copy > 1);
  GET DIAGNOSTICS removed = ROW_COUNT;
  CREATE UNIQUE INDEX trips_key ON trips (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key)
    INCLUDE (origin_lat, start_week);
  RETURN removed;
END $$;

-- The part tables of run p_run_id, unlogged (after a crash they are empty, and the settle groups
-- the trips): trips.parts_<run>_groups, _cells (origin true, destination false), _sources, and
-- _chunks, which ledger chunks each write of parts covers.
CREATE FUNCTION trips.create_bulk_parts(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips AS $$
BEGIN
  EXECUTE format('CREATE UNLOGGED TABLE %I (grouping_id smallint, region_id smallint,'
    ' origin_cell bigint, destination_cell bigint, time_bucket smallint, trips bigint,'
    ' first_seen timestamp, last_seen timestamp, datasource_ids smallint[])',
    'parts_' || p_run_id || '_groups');
  EXECUTE format('CREATE UNLOGGED TABLE %I (origin boolean, cell_x int, cell_y int,'
    ' week_start date, region_id smallint, trips bigint)', 'parts_' || p_run_id || '_cells');
  EXECUTE format('CREATE UNLOGGED TABLE %I (region_id smallint, datasource_id smallint,'
    ' trips bigint, first_seen timestamp, last_seen timestamp)', 'parts_' || p_run_id || '_sources');
  EXECUTE format('CREATE UNLOGGED TABLE %I (write uuid, chunk uuid)', 'parts_' || p_run_id || '_chunks');
END $$;

-- Ends run p_run_id's bulk load: its row and its part tables go.
CREATE FUNCTION trips.end_bulk_load(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips AS $$
DECLARE
  part text;
BEGIN
  DELETE FROM bulk_loads WHERE run_id = p_run_id;
  FOREACH part IN ARRAY ARRAY['groups', 'cells', 'sources', 'chunks'] LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I', 'parts_' || p_run_id || '_' || part);
  END LOOP;
END $$;

-- Starts run p_run_id's bulk load (V18), with its part tables; the writers give the week and cell.
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
  PERFORM create_bulk_parts(p_run_id);
  INSERT INTO bulk_loads (run_id, load_table) VALUES (p_run_id, target);
  RETURN format('trips.%I (trip_key, started_at, origin_lon, origin_lat, destination_lon,'
    ' destination_lat, run_id, region_id, datasource_id, grouping_id, origin_cell,'
    ' destination_cell, time_bucket, start_week, origin_area_x, origin_area_y)', target);
END $$;

-- The incremental merge (V18), giving each trip its week and origin cell.
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
                       destination_cell, time_bucket, start_week, origin_area_x, origin_area_y)
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
      INSERT INTO trips (trip_key, started_at, origin_lon, origin_lat, destination_lon,
                         destination_lat, run_id, region_id, datasource_id, grouping_id,
                         origin_cell, destination_cell, time_bucket, start_week, origin_area_x,
                         origin_area_y)
        SELECT DISTINCT ON (area_strip_id(s.origin_lon, s.origin_lat), s.origin_lon, s.trip_key)
               s.trip_key, s.started_at, s.origin_lon, s.origin_lat,
               s.destination_lon, s.destination_lat, p_run_id, r.region_id, d.datasource_id,
               p_grouping_id, s.origin_cell, s.destination_cell, s.time_bucket,
               date_trunc('week', s.started_at)::date, area_cell(s.origin_lon),
               area_cell(s.origin_lat)
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

-- Step 'stored' (V18), now also counting the load's copies.
CREATE OR REPLACE FUNCTION trips.bulk_store(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- the anti-join's hash table
AS $$
DECLARE
  target text;
  columns text := 'trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat,'
    ' run_id, region_id, datasource_id, grouping_id, origin_cell, destination_cell, time_bucket,'
    ' start_week, origin_area_x, origin_area_y';
  n_load bigint;
  n_fresh bigint;  -- NULL into an empty table: all of the load, not counted
  n_copies bigint;
  n_new bigint;
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  IF target = 'trips' THEN
    n_copies := build_trip_key();
  ELSE
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE t.trip_key IS NULL)'
      ' FROM %I l LEFT JOIN trips t ON t.trip_key = l.trip_key', target)
      INTO n_load, n_fresh;
    IF n_fresh = 0 THEN
      n_copies := n_load;  -- all stored already: a re-run
    ELSIF n_fresh * 8 < (SELECT reltuples FROM pg_class WHERE oid = 'trips'::regclass) THEN
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I'
        ' ORDER BY area_strip_id(origin_lon, origin_lat), origin_lon, trip_key'
        ' ON CONFLICT DO NOTHING',
        columns, columns, target);
      GET DIAGNOSTICS n_new = ROW_COUNT;
      n_copies := n_load - n_new;
    ELSE
      DROP INDEX trips_key;
      DROP INDEX trips_destination_area;
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I l', columns, columns, target)
        || CASE WHEN n_fresh < n_load
           THEN ' WHERE NOT EXISTS (SELECT 1 FROM trips t WHERE t.trip_key = l.trip_key)'
           ELSE '' END;
      GET DIAGNOSTICS n_new = ROW_COUNT;
      n_copies := n_load - n_new + build_trip_key();
    END IF;
    EXECUTE format('DROP TABLE %I', target);
  END IF;
  -- The aggregates' plans need the load's statistics.
  IF n_fresh IS DISTINCT FROM 0 THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = n_fresh, copies = n_copies WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;

-- Whether the aggregates of run p_run_id can be added up from its parts: the load stored no copies
-- (each trip it holds is new, once), and the parts cover every chunk the ledger counted as written
-- exactly once, with as many trips.
CREATE FUNCTION trips.bulk_parts_usable(p_run_id bigint) RETURNS boolean LANGUAGE plpgsql STABLE
SET search_path = trips AS $$
DECLARE
  chunks text := 'parts_' || p_run_id || '_chunks';
  usable boolean;
BEGIN
  IF to_regclass('trips.' || quote_ident(chunks)) IS NULL
     OR (SELECT copies FROM bulk_loads WHERE run_id = p_run_id) IS DISTINCT FROM 0 THEN
    RETURN false;
  END IF;
  EXECUTE format($q$
    SELECT count(*) = count(c.chunk)  -- every chunk written is covered
       AND count(*) = (SELECT count(*) FROM %1$I)  -- once
       AND sum(r.written) = (SELECT sum(trips) FROM %2$I)
    FROM ops.run_chunks r
    LEFT JOIN (SELECT DISTINCT chunk FROM %1$I) c USING (chunk)
    WHERE r.run_id = $1 AND r.written > 0
  $q$, chunks, 'parts_' || p_run_id || '_sources') INTO usable USING p_run_id;
  RETURN coalesce(usable, false);
END $$;

-- Whether one write holds all of run p_run_id's parts: then no key repeats in them.
CREATE FUNCTION trips.bulk_parts_written_once(p_run_id bigint) RETURNS boolean LANGUAGE plpgsql
STABLE SET search_path = trips AS $$
DECLARE
  writes bigint;
BEGIN
  EXECUTE format('SELECT count(DISTINCT write) FROM %I', 'parts_' || p_run_id || '_chunks')
    INTO writes;
  RETURN writes = 1;
END $$;

-- Adds groups to trip_groups: p_groups is a FROM item of trip_groups' columns, one row per key.
-- Into an empty table (p_upsert false) inserted plainly, else added to what is there in key
-- order, so two calls never deadlock.
CREATE FUNCTION trips.put_groups(p_groups text, p_upsert boolean) RETURNS void LANGUAGE plpgsql
SET search_path = trips AS $$
BEGIN
  EXECUTE format('INSERT INTO trip_groups AS g SELECT * FROM %s', p_groups)
    || CASE WHEN p_upsert THEN $q$
      ORDER BY origin_cell, destination_cell, time_bucket, region_id, grouping_id
    ON CONFLICT (grouping_id, region_id, origin_cell, destination_cell, time_bucket) DO UPDATE SET
      trip_count = g.trip_count + EXCLUDED.trip_count,
      first_seen = least(g.first_seen, EXCLUDED.first_seen),
      last_seen = greatest(g.last_seen, EXCLUDED.last_seen),
      datasource_ids = ARRAY(SELECT DISTINCT unnest(g.datasource_ids || EXCLUDED.datasource_ids)
                             ORDER BY 1)
  $q$ ELSE '' END;
END $$;

-- Adds a set of trips to trip_groups (V18), through put_groups.
CREATE OR REPLACE FUNCTION trips.add_groups(p_trips text, p_upsert boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- a bulk load's sort in memory (a fold's chunk needs far less)
AS $$
BEGIN
  PERFORM put_groups(format($q$(
      SELECT grouping_id, region_id, origin_cell, destination_cell, time_bucket, count(*),
             min(started_at), max(started_at),
             array_agg(DISTINCT datasource_id ORDER BY datasource_id)
      FROM %s
      GROUP BY hashint8extended(destination_cell, hashint8extended(origin_cell, time_bucket)),
               origin_cell, destination_cell, time_bucket, region_id, grouping_id) trip_groups$q$,
    p_trips), p_upsert);
END $$;

-- Run p_run_id's group parts as put_groups' FROM item: as they are when one write holds them, else
-- summed per key (a part's trips counted once, on its first datasource).
CREATE FUNCTION trips.part_groups(p_run_id bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN trips.bulk_parts_written_once(p_run_id) THEN format('trips.%I', parts)
    ELSE format($q$(
      SELECT p.grouping_id, p.region_id, p.origin_cell, p.destination_cell, p.time_bucket,
             sum(p.trips) FILTER (WHERE d.id = p.datasource_ids[1]), min(p.first_seen),
             max(p.last_seen), array_agg(DISTINCT d.id ORDER BY d.id)
      FROM trips.%I p, unnest(p.datasource_ids) d (id)
      GROUP BY 1, 2, 3, 4, 5) part_groups$q$, parts) END
  FROM (SELECT 'parts_' || p_run_id || '_groups' AS parts) t
$$;

-- Adds area cells and region sources to the aggregates: p_cells and p_sources are FROM items of
-- trip_area_weeks' and trip_region_sources' columns, one row per key. Into empty tables (p_upsert
-- false; trip_area_weeks without its key) the cells go straight in and the blocks are summed from
-- them, else each is added in key order. Returns the trips added.
CREATE FUNCTION trips.put_areas(p_cells text, p_sources text, p_upsert boolean) RETURNS bigint
LANGUAGE plpgsql
SET search_path = trips AS $$
DECLARE
  added bigint;
  cells text := CASE WHEN p_upsert THEN 'pg_temp.trips_cells_added' ELSE 'trip_area_weeks' END;
BEGIN
  IF p_upsert THEN
    CREATE TEMP TABLE IF NOT EXISTS trips_cells_added (LIKE trip_area_weeks) ON COMMIT DELETE ROWS;
    DELETE FROM trips_cells_added;
  END IF;
  EXECUTE format($q$
    INSERT INTO %1$s SELECT * FROM %2$s
      ORDER BY cell_x, cell_y, week_start, region_id, side  -- box queries read cells in order
  $q$, cells, p_cells);
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
  EXECUTE format('INSERT INTO trips_sources_added SELECT * FROM %s', p_sources);
  INSERT INTO trip_region_sources AS rs
    SELECT * FROM trips_sources_added ORDER BY region_id, datasource_id
  ON CONFLICT (region_id, datasource_id) DO UPDATE SET
    trips = rs.trips + EXCLUDED.trips,
    first_seen = least(rs.first_seen, EXCLUDED.first_seen),
    last_seen = greatest(rs.last_seen, EXCLUDED.last_seen);
  SELECT coalesce(sum(trips), 0) INTO added FROM trips_sources_added;
  RETURN added;
END $$;

-- Adds a set of trips to the aggregates (V17), through put_areas.
CREATE OR REPLACE FUNCTION trips.add_areas(p_trips text, p_upsert boolean DEFAULT true)
RETURNS bigint LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'
AS $$
BEGIN
  RETURN put_areas(
    format($q$(
      SELECT 'o'::"char", origin_area_x, origin_area_y, start_week, region_id, count(*)
      FROM %1$s GROUP BY 2, 3, 4, 5
      UNION ALL
      SELECT 'd'::"char", dest_area_x, dest_area_y, start_week, region_id, count(*)
      FROM %1$s GROUP BY 2, 3, 4, 5) cells (side, cell_x, cell_y, week_start, region_id, trips)$q$,
      p_trips),
    format($q$(
      SELECT region_id, datasource_id, count(*), min(started_at), max(started_at)
      FROM %s GROUP BY region_id, datasource_id) sources$q$, p_trips),
    p_upsert);
END $$;

-- Run p_run_id's cell and source parts as put_areas' FROM items: as they are when one write holds
-- them, else summed per key.
CREATE FUNCTION trips.part_cells(p_run_id bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT format($q$(
    SELECT CASE WHEN origin THEN 'o' ELSE 'd' END::"char", cell_x, cell_y, week_start, region_id,
           %2$s
    FROM trips.%1$I %3$s) cells (side, cell_x, cell_y, week_start, region_id, trips)$q$,
    'parts_' || p_run_id || '_cells',
    CASE WHEN once THEN 'trips' ELSE 'sum(trips)::bigint' END,
    CASE WHEN once THEN '' ELSE 'GROUP BY origin, cell_x, cell_y, week_start, region_id' END)
  FROM (SELECT trips.bulk_parts_written_once(p_run_id) AS once) w
$$;

CREATE FUNCTION trips.part_sources(p_run_id bigint) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT format($q$(
    SELECT region_id, datasource_id, sum(trips)::bigint, min(first_seen), max(last_seen)
    FROM trips.%I GROUP BY region_id, datasource_id) sources$q$, 'parts_' || p_run_id || '_sources')
$$;

-- Step 'groups' (V15), from the writers' parts when they are usable.
CREATE OR REPLACE FUNCTION trips.bulk_groups(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the key's sorted build in memory
SET work_mem = '1GB'
AS $$
DECLARE
  fill boolean;
BEGIN
  LOCK TABLE trip_groups IN EXCLUSIVE MODE;
  IF NOT bulk_nothing_new(p_run_id) THEN
    fill := NOT EXISTS (SELECT 1 FROM trip_groups);
    IF fill THEN
      ALTER TABLE trip_groups DROP CONSTRAINT trip_groups_pkey;
    END IF;
    IF bulk_parts_usable(p_run_id) THEN
      PERFORM put_groups(part_groups(p_run_id), p_upsert => NOT fill);
    ELSE
      PERFORM add_groups(run_trips(p_run_id), p_upsert => NOT fill);
    END IF;
    IF fill THEN
      ALTER TABLE trip_groups ADD CONSTRAINT trip_groups_pkey
        PRIMARY KEY (grouping_id, region_id, origin_cell, destination_cell, time_bucket);
    END IF;
  END IF;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'groups');
END $$;

-- Step 'areas' (V17), from the writers' parts when they are usable.
CREATE OR REPLACE FUNCTION trips.bulk_areas(p_run_id bigint, p_level text) RETURNS bigint
LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
SET work_mem = '1GB'
AS $$
DECLARE
  added bigint := 0;
  fill boolean;
BEGIN
  LOCK TABLE trip_area_weeks, trip_area_blocks IN EXCLUSIVE MODE;
  IF NOT bulk_nothing_new(p_run_id) THEN
    fill := NOT EXISTS (SELECT 1 FROM trip_area_weeks);
    IF fill THEN
      ALTER TABLE trip_area_weeks DROP CONSTRAINT trip_area_weeks_pkey;
    END IF;
    IF bulk_parts_usable(p_run_id) THEN
      added := put_areas(part_cells(p_run_id), part_sources(p_run_id), p_upsert => NOT fill);
    ELSE
      added := add_areas(run_trips(p_run_id), p_upsert => NOT fill);
    END IF;
    IF fill THEN
      ALTER TABLE trip_area_weeks ADD CONSTRAINT trip_area_weeks_pkey
        PRIMARY KEY (side, cell_x, cell_y, week_start, region_id);
    END IF;
  END IF;
  PERFORM ops.count_chunk(p_run_id, md5('trips bulk load ' || p_run_id)::uuid,
                          jsonb_build_object(p_level, jsonb_build_object('inserted', added)));
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'areas');
  RETURN added;
END $$;
