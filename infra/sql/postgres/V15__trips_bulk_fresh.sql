-- Trips bulk load (V8): the trips not stored yet are found by an anti-join that may run in
-- parallel, and a load that brought nothing new skips the aggregates.

-- How many of a load's trips were new: set by step 'stored'; NULL before it.
ALTER TABLE trips.bulk_loads ADD COLUMN fresh bigint;

-- Step 'stored' of run p_run_id's load. Into an empty table: the key's build (the destination
-- index follows with the aggregates). Into a table that held trips: the trips not stored yet are
-- copied by one anti-join into a table of their own (CREATE TABLE AS may scan and hash with
-- parallel workers, a DELETE may not: at 10M trips loaded again, 5.6 s instead of 15.7), then go
-- in through the indexes when they are few against the table, or with both indexes rebuilt when
-- they are not.
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
      ' AND t.origin_area_y = l.origin_area_y AND t.trip_key = l.trip_key)',
      fresh_table, columns, target);
    GET DIAGNOSTICS n_fresh = ROW_COUNT;
    IF n_fresh = 0 THEN
      NULL;  -- all stored already: a re-run
    ELSIF n_fresh * 8 < (SELECT reltuples FROM pg_class WHERE oid = 'trips'::regclass) THEN
      EXECUTE format('INSERT INTO trips (%s) SELECT %s FROM %I'
        ' ORDER BY area_cell(origin_lon), area_cell(origin_lat), trip_key ON CONFLICT DO NOTHING',
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

-- Whether run p_run_id's load stored no new trip (a re-run): its aggregates then have nothing to
-- add, and reading the whole table for its rows is skipped.
CREATE FUNCTION trips.bulk_nothing_new(p_run_id bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = trips AS $$
  SELECT coalesce(fresh = 0, false) FROM bulk_loads WHERE run_id = p_run_id
$$;

-- Step 'groups' (V8), skipped when nothing is new.
CREATE OR REPLACE FUNCTION trips.bulk_groups(p_run_id bigint) RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'  -- the key's sorted build in memory
AS $$
BEGIN
  LOCK TABLE trip_groups IN EXCLUSIVE MODE;
  IF bulk_nothing_new(p_run_id) THEN
    NULL;
  ELSIF EXISTS (SELECT 1 FROM trip_groups) THEN
    PERFORM add_groups(run_trips(p_run_id));
  ELSE
    ALTER TABLE trip_groups DROP CONSTRAINT trip_groups_pkey;
    PERFORM add_groups(run_trips(p_run_id), p_upsert => false);
    ALTER TABLE trip_groups ADD CONSTRAINT trip_groups_pkey
      PRIMARY KEY (grouping_id, region_id, origin_cell, destination_cell, time_bucket);
  END IF;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'groups');
END $$;

-- Step 'areas' (V8), adding 0 new trips to the ledger when nothing is new.
CREATE OR REPLACE FUNCTION trips.bulk_areas(p_run_id bigint, p_level text) RETURNS bigint
LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
AS $$
DECLARE
  added bigint := 0;
BEGIN
  LOCK TABLE trip_area_weeks IN EXCLUSIVE MODE;
  IF bulk_nothing_new(p_run_id) THEN
    NULL;
  ELSIF EXISTS (SELECT 1 FROM trip_area_weeks) THEN
    added := add_areas(run_trips(p_run_id));
  ELSE
    ALTER TABLE trip_area_weeks DROP CONSTRAINT trip_area_weeks_pkey;
    DROP INDEX trip_area_weeks_by_region;
    added := add_areas(run_trips(p_run_id), p_upsert => false);
    ALTER TABLE trip_area_weeks ADD CONSTRAINT trip_area_weeks_pkey
      PRIMARY KEY (side, cell_x, cell_y, week_start, region_id);
    CREATE INDEX trip_area_weeks_by_region ON trip_area_weeks (region_id, side, week_start)
      INCLUDE (trips);
  END IF;
  PERFORM ops.count_chunk(p_run_id, md5('trips bulk load ' || p_run_id)::uuid,
                          jsonb_build_object(p_level, jsonb_build_object('inserted', added)));
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'areas');
  RETURN added;
END $$;
