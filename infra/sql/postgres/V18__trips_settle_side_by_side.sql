-- A bulk load's settle builds the key of trips beside the aggregates instead of before them. The
-- key's sorted build was the only step that had to come first, because a trip the load held twice
-- must be counted once; at 10M trips it took 17-23 s with a core often idle (its parallel workers
-- wait on each other and on the index's write), and the last aggregate ran alone for 10 s at the
-- end. Now all four (the key, the destination index, groups, areas) run at once on connections of
-- their own, each without parallel workers, and step 'keyed' comes last: it makes the key the
-- primary key, or, when the input held a trip twice, deletes the copies, takes them off the
-- aggregates and builds the key again. A copy equals the trip it copies in every column, so it
-- added exactly 1 to its group, its two cells, their blocks and its region's source, and changed
-- no first or last time and no datasource list: subtracting those ones is exact.

ALTER TABLE trips.bulk_load_steps DROP CONSTRAINT bulk_load_steps_step_check,
  ADD CONSTRAINT bulk_load_steps_step_check CHECK (step IN ('stored', 'groups', 'areas', 'keyed'));

-- The key of trips as a unique index, built sorted without parallel workers (they would share the
-- cores with the aggregates); nothing when it is there. False, leaving no index, when the trips
-- hold a trip twice.
DROP FUNCTION trips.build_trip_key();
CREATE FUNCTION trips.build_trip_key() RETURNS boolean LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the sort of a sorted build in memory
SET max_parallel_maintenance_workers = 0
AS $$
BEGIN
  CREATE UNIQUE INDEX IF NOT EXISTS trips_pkey
    ON trips (origin_area_x, origin_strip, origin_lon, trip_key) INCLUDE (origin_lat, start_week);
  RETURN true;
EXCEPTION WHEN unique_violation THEN
  RETURN false;
END $$;

-- Step 'stored' (V16): the trips of the load into trips, without building an index. Into an empty
-- table they are there already. Into a table that held trips, the trips not stored yet are found by
-- one anti-join; few against the table, they go in through the indexes (which drop any copies);
-- otherwise both indexes are dropped, to be built beside the aggregates.
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
  IF target <> 'trips' THEN
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
    END IF;
    EXECUTE format('DROP TABLE %I, %I', target, fresh_table);
  END IF;
  -- The aggregates' plans need the load's statistics (V15).
  IF n_fresh IS DISTINCT FROM 0 THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = n_fresh WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;

-- Step 'keyed', after 'groups' and 'areas': the key of trips, built beside them, becomes its primary
-- key. Missing, the build found a trip twice: every copy but the first stored is deleted and taken
-- off what the aggregates counted of run p_run_id (copies are all of the run: the anti-join kept no
-- stored trip) and off the run's new trips in the ledger, then the key is built.
CREATE FUNCTION trips.bulk_key(p_run_id bigint, p_level text) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'
AS $$
DECLARE
  copies bigint;
BEGIN
  IF to_regclass('trips.trips_pkey') IS NULL THEN
    CREATE TEMP TABLE trips_copies (LIKE trips) ON COMMIT DROP;
    WITH gone AS (
      DELETE FROM trips WHERE ctid IN (
        SELECT ctid FROM (
          SELECT ctid, row_number() OVER (PARTITION BY trip_key ORDER BY run_id, ctid) AS copy
          FROM trips) t
        WHERE copy > 1)
      RETURNING *)
    INSERT INTO trips_copies SELECT * FROM gone;
    GET DIAGNOSTICS copies = ROW_COUNT;
    IF EXISTS (SELECT 1 FROM trips_copies WHERE run_id <> p_run_id) THEN
      RAISE EXCEPTION 'trips of a run other than % were stored twice', p_run_id;
    END IF;
    UPDATE trip_groups g SET trip_count = g.trip_count - c.trips
    FROM (SELECT grouping_id, region_id, origin_cell, destination_cell, time_bucket, count(*)
          FROM trips_copies GROUP BY 1, 2, 3, 4, 5) c (grouping_id, region_id, origin_cell,
                                                       destination_cell, time_bucket, trips)
    WHERE (g.grouping_id, g.region_id, g.origin_cell, g.destination_cell, g.time_bucket)
        = (c.grouping_id, c.region_id, c.origin_cell, c.destination_cell, c.time_bucket);
    CREATE TEMP TABLE trips_copied_cells ON COMMIT DROP AS
      SELECT 'o'::"char" AS side, origin_area_x AS cell_x, origin_area_y AS cell_y,
             start_week AS week_start, region_id, count(*) AS trips
      FROM trips_copies GROUP BY 2, 3, 4, 5
      UNION ALL
      SELECT 'd', area_cell(destination_lon), area_cell(destination_lat), start_week, region_id,
             count(*)
      FROM trips_copies GROUP BY 2, 3, 4, 5;
    UPDATE trip_area_weeks a SET trips = a.trips - c.trips FROM trips_copied_cells c
    WHERE (a.side, a.cell_x, a.cell_y, a.week_start, a.region_id)
        = (c.side, c.cell_x, c.cell_y, c.week_start, c.region_id);
    UPDATE trip_area_blocks b SET trips = b.trips - c.trips
    FROM (SELECT level, side, cell_x >> level, cell_y >> level, week_start, region_id, sum(trips)
          FROM trips_copied_cells, (VALUES (2), (4)) l (level)
          GROUP BY 1, 2, 3, 4, 5, 6) c (level, side, block_x, block_y, week_start, region_id, trips)
    WHERE (b.level, b.side, b.block_x, b.block_y, b.week_start, b.region_id)
        = (c.level, c.side, c.block_x, c.block_y, c.week_start, c.region_id);
    UPDATE trip_region_sources r SET trips = r.trips - c.trips
    FROM (SELECT region_id, datasource_id, count(*) FROM trips_copies GROUP BY 1, 2)
         c (region_id, datasource_id, trips)
    WHERE (r.region_id, r.datasource_id) = (c.region_id, c.datasource_id);
    PERFORM ops.count_chunk(p_run_id, md5('trips bulk load copies ' || p_run_id)::uuid,
                            jsonb_build_object(p_level, jsonb_build_object('inserted', -copies)));
    IF NOT build_trip_key() THEN
      RAISE EXCEPTION 'the key of trips still finds a trip twice after deleting % copies', copies;
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_constraint
                 WHERE conrelid = 'trips'::regclass AND conname = 'trips_pkey') THEN
    ALTER TABLE trips ADD CONSTRAINT trips_pkey PRIMARY KEY USING INDEX trips_pkey;
  END IF;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'keyed');
END $$;
