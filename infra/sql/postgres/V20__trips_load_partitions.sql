-- Trips as a partitioned table: a bulk load that stores many new trips keeps them in a partition of
-- its own, whose two indexes it builds sorted over its own rows alone, instead of dropping the
-- table's and building them again over every stored trip. At 10M trips loaded into a table holding
-- 10M: 5.4 s for the key and 9.3 for the destination index over the 10M new rows, against 20.5 and
-- 22.1 over all 20M, and no 7.9 s copy from the load's table into the table.
--
-- The partitions: trips_merged (everything before V20, the incremental merges and the stream, and
-- bulk loads of few new trips) holds load_run NULL; trips_run_<run> holds the trips bulk load <run>
-- stored. A partitioned table cannot hold a unique index that leaves out its partition key, so
-- each partition has its own unique key, and a trip is stored once across them because every
-- writer looks at the others first: a bulk load by one anti-join before it attaches its partition
-- (it holds the trips tables alone), a merge by probing the loads' keys. Queries read the parent:
-- a box query probes each partition's indexes (10M + 10M: 8.2 ms for the 0.1-degree box instead
-- of 6.8, 12.5 for the city box instead of 9.3).

-- (The indexes are missing while a bulk load into the empty table is unsettled, V18.)
ALTER TABLE trips.trips RENAME TO trips_merged;
ALTER INDEX IF EXISTS trips.trips_key RENAME TO trips_merged_key;
ALTER INDEX IF EXISTS trips.trips_destination_area RENAME TO trips_merged_destinations;
-- The load's run id as an int: it fits in the padding of the row (128 bytes on disk either way),
-- where a bigint made each row 8 bytes longer.
ALTER TABLE trips.trips_merged ADD COLUMN load_run int
  CONSTRAINT trips_merged_load_run CHECK (load_run IS NULL);
CREATE TABLE trips.trips (LIKE trips.trips_merged) PARTITION BY LIST (load_run);
ALTER TABLE trips.trips ATTACH PARTITION trips.trips_merged FOR VALUES IN (NULL);

-- Loads left unsettled by a job that died before V20: one into the empty table wrote into what is
-- trips_merged now (its settle builds the indexes there); one into a table holding trips wrote into
-- an unlogged table, which becomes a load table as begin_bulk_load makes them.
UPDATE trips.bulk_loads SET load_table = 'trips_merged' WHERE load_table = 'trips';
DO $$
DECLARE
  l record;
BEGIN
  FOR l IN SELECT b.run_id, b.load_table FROM trips.bulk_loads b
           WHERE b.load_table <> 'trips_merged' AND to_regclass('trips.' || quote_ident(b.load_table)) IS NOT NULL LOOP
    EXECUTE format('ALTER TABLE trips.%I SET LOGGED, ADD COLUMN load_run int NOT NULL DEFAULT %s'
      ' CHECK (load_run = %s)', l.load_table, l.run_id, l.run_id);
  END LOOP;
END $$;

-- Trips stored: 0 for an empty table, else the planner's estimate over the partitions (at least 1).
CREATE FUNCTION trips.stored_estimate() RETURNS bigint LANGUAGE sql STABLE
SET search_path = trips AS $$
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM trips) THEN 0
    ELSE greatest((SELECT sum(greatest(c.reltuples, 0)) FROM pg_inherits i
                   JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = 'trips'::regclass)::bigint, 1) END
$$;

-- Starts run p_run_id's bulk load: its trips go into a table of their own, trips_run_<run>, with no
-- index, logged (it becomes a partition as it is). Returns the table and columns the writers copy.
CREATE OR REPLACE FUNCTION trips.begin_bulk_load(p_run_id bigint) RETURNS text LANGUAGE plpgsql
SET search_path = trips AS $$
DECLARE
  target text := 'trips_run_' || p_run_id;
BEGIN
  -- The partition's constraint as a CHECK: attaching it then needs no scan to prove it.
  EXECUTE format('CREATE TABLE %I (LIKE trips, CHECK (load_run = %s))', target, p_run_id);
  EXECUTE format('ALTER TABLE %I ALTER COLUMN load_run SET DEFAULT %s,'
    ' ALTER COLUMN load_run SET NOT NULL', target, p_run_id);
  PERFORM create_bulk_parts(p_run_id);
  INSERT INTO bulk_loads (run_id, load_table) VALUES (p_run_id, target);
  RETURN format('trips.%I (trip_key, started_at, origin_lon, origin_lat, destination_lon,'
    ' destination_lat, run_id, region_id, datasource_id, grouping_id, origin_cell,'
    ' destination_cell, time_bucket, start_week, origin_area_x, origin_area_y)', target);
END $$;

-- The key of one partition (V19): unique exactly when trip_key is. A trip the load held twice
-- fails the build; then every copy but the first stored goes, and the build runs again. Returns
-- how many copies it removed.
DROP FUNCTION trips.build_trip_key();
CREATE FUNCTION trips.build_trip_key(p_table text) RETURNS bigint LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory, shared by its workers
AS $$
DECLARE
  build text := format('CREATE UNIQUE INDEX %I ON %I'
    ' (area_strip_id(origin_lon, origin_lat), origin_lon, trip_key) INCLUDE (origin_lat, start_week)',
    p_table || '_key', p_table);
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

-- Step 'stored' of run p_run_id's load (V19). Its trips already stored (a re-run, an overlapping
-- input) are counted by one anti-join; then the load's table is dropped when nothing is new, its
-- new trips merged into trips_merged through the indexes when they are few against the table, and
-- otherwise its copies deleted, its key built and the table attached as the load's partition.
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
  IF target = 'trips_merged' THEN
    n_copies := build_trip_key(target);  -- begun before V20 into the empty table
  ELSE
    IF EXISTS (SELECT 1 FROM trips) THEN
      EXECUTE format('SELECT count(*), count(*) FILTER (WHERE t.trip_key IS NULL)'
        ' FROM %I l LEFT JOIN trips t ON t.trip_key = l.trip_key', target)
        INTO n_load, n_fresh;
    END IF;
    IF n_fresh = 0 THEN
      n_copies := n_load;  -- all stored already: a re-run
      EXECUTE format('DROP TABLE %I', target);
    ELSIF n_fresh * 8 < stored_estimate() THEN
      EXECUTE format('INSERT INTO trips_merged (%s) SELECT %s FROM %I l'
        ' WHERE NOT EXISTS (SELECT 1 FROM trips t WHERE t.trip_key = l.trip_key)'
        ' ORDER BY area_strip_id(origin_lon, origin_lat), origin_lon, trip_key'
        ' ON CONFLICT DO NOTHING',
        columns, columns, target);
      GET DIAGNOSTICS n_new = ROW_COUNT;
      n_copies := n_load - n_new;
      EXECUTE format('DROP TABLE %I', target);
    ELSE
      IF n_fresh < n_load THEN
        EXECUTE format('DELETE FROM %I l USING trips t WHERE t.trip_key = l.trip_key', target);
      END IF;
      n_copies := coalesce(n_load - n_fresh, 0) + build_trip_key(target);
      EXECUTE format('ALTER TABLE trips ATTACH PARTITION %I FOR VALUES IN (%s)', target, p_run_id);
    END IF;
  END IF;
  -- The aggregates' plans need the load's statistics.
  IF n_fresh IS DISTINCT FROM 0 THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = n_fresh, copies = n_copies WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;

-- The destination index of run p_run_id's partition, built sorted without parallel workers (it
-- shares the cores with the aggregates); nothing when it is there or the load kept no partition.
DROP FUNCTION trips.build_trip_destinations(boolean);
CREATE FUNCTION trips.bulk_destinations(p_run_id bigint) RETURNS void LANGUAGE plpgsql
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
      ' (area_strip_id(destination_lon, destination_lat), destination_lon)'
      ' INCLUDE (destination_lat, start_week)', target || '_destinations', target);
  END IF;
END $$;

-- The incremental merge (V19), into trips_merged. A trip a bulk load stored is in that load's
-- partition, out of reach of trips_merged's key: the chunk's trips are first looked up in each
-- load's key, in its order, one probe a trip (about 4 us at 10M trips in a load, where a hash
-- join read the whole partition: 3 s for 100k trips), and a chunk holding such a trip takes the
-- careful route, which leaves them out.
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
