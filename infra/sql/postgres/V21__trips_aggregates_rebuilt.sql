-- A bulk load that adds about as many groups or area cells as are stored rebuilds the table from
-- one full join of the stored rows and the writers' sums, then its key sorted, instead of adding
-- each sum through the key. At 10M trips into a table holding 10M (2.26M group sums against 2.16M
-- groups, 1.43M cell sums against 1.43M cells), one backend: the groups about 14 s instead of
-- 24.9 (the join 5-8 s, writing its 3.4M rows 2-7 s, the key 3 s).

-- Replaces p_table by a table of the rows of p_rows (a FROM item of its columns; in p_order,
-- unless NULL) with its constraints, whose primary key over p_key is built once the rows are in.
-- Readers see the old table until the swap commits; the table has no other index, and nothing
-- names it but by name (functions at run time, the queries' files).
CREATE FUNCTION trips.rebuild(p_table text, p_rows text, p_key text, p_order text) RETURNS void
LANGUAGE plpgsql
SET search_path = trips
SET maintenance_work_mem = '1GB'
SET work_mem = '1GB'
AS $$
DECLARE
  next text := p_table || '_rebuilt';
BEGIN
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING CONSTRAINTS)', next, p_table);
  EXECUTE format('INSERT INTO %I SELECT * FROM %s', next, p_rows)
    || coalesce(' ORDER BY ' || p_order, '');
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', next, next || '_pkey', p_key);
  EXECUTE format('DROP TABLE %I', p_table);
  EXECUTE format('ALTER TABLE %I RENAME TO %I', next, p_table);
  EXECUTE format('ALTER INDEX %I RENAME TO %I', next || '_pkey', p_table || '_pkey');
END $$;

-- Whether run p_run_id's load rebuilds the aggregates rather than adding to them: its new trips
-- are a third of those stored or more. Adding cost about 11.5 us a sum, rebuilding about 4 us a
-- row of the table rebuilt: even at a third of the groups, rebuilding is the cheaper.
CREATE FUNCTION trips.bulk_rebuilds(p_run_id bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(fresh, 0) * 3 >= trips.stored_estimate() FROM trips.bulk_loads
  WHERE run_id = p_run_id
$$;

-- trip_groups with the groups of p_groups (put_groups' FROM item) added, as a FROM item.
CREATE FUNCTION trips.merged_groups(p_groups text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$(
    SELECT grouping_id, region_id, origin_cell, destination_cell, time_bucket,
           coalesce(g.trip_count, 0) + coalesce(a.trip_count, 0), least(g.first_seen, a.first_seen),
           greatest(g.last_seen, a.last_seen),
           CASE WHEN a.datasource_ids IS NULL OR a.datasource_ids <@ g.datasource_ids
                  THEN g.datasource_ids
                WHEN g.datasource_ids IS NULL OR g.datasource_ids <@ a.datasource_ids
                  THEN a.datasource_ids
                ELSE ARRAY(SELECT DISTINCT unnest(g.datasource_ids || a.datasource_ids) ORDER BY 1)
           END
    FROM trips.trip_groups g
    FULL JOIN (SELECT * FROM %s) a (grouping_id, region_id, origin_cell, destination_cell,
                                    time_bucket, trip_count, first_seen, last_seen, datasource_ids)
    USING (grouping_id, region_id, origin_cell, destination_cell, time_bucket)) merged_groups$q$,
    p_groups)
$$;

-- Step 'groups' (V19), rebuilding trip_groups from the writers' sums when the load is big.
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
    IF NOT bulk_parts_usable(p_run_id) THEN
      PERFORM add_groups(run_trips(p_run_id), p_upsert => NOT fill);
    ELSIF NOT fill AND bulk_rebuilds(p_run_id) THEN
      -- Unordered: nothing reads the groups in key order (sorting 3.4M groups took 8 s).
      PERFORM rebuild('trip_groups', merged_groups(part_groups(p_run_id)),
        'grouping_id, region_id, origin_cell, destination_cell, time_bucket', NULL);
    ELSE
      PERFORM put_groups(part_groups(p_run_id), p_upsert => NOT fill);
    END IF;
    IF fill THEN
      ALTER TABLE trip_groups ADD CONSTRAINT trip_groups_pkey
        PRIMARY KEY (grouping_id, region_id, origin_cell, destination_cell, time_bucket);
    END IF;
  END IF;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'groups');
END $$;

-- Adds area cells and region sources to the aggregates (V19); with p_rebuild, trip_area_weeks is
-- rebuilt with the cells added instead of taking each through its key.
DROP FUNCTION trips.put_areas(text, text, boolean);
CREATE FUNCTION trips.put_areas(p_cells text, p_sources text, p_upsert boolean,
                                p_rebuild boolean DEFAULT false) RETURNS bigint
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
  IF p_upsert AND p_rebuild THEN
    PERFORM rebuild('trip_area_weeks', $q$(
      SELECT side, cell_x, cell_y, week_start, region_id, coalesce(w.trips, 0) + coalesce(a.trips, 0)
      FROM trip_area_weeks w
      FULL JOIN pg_temp.trips_cells_added a USING (side, cell_x, cell_y, week_start, region_id)
      ) merged_cells$q$,
      'side, cell_x, cell_y, week_start, region_id', 'cell_x, cell_y, week_start, region_id, side');
  ELSIF p_upsert THEN
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

-- Step 'areas' (V19), rebuilding trip_area_weeks from the writers' sums when the load is big.
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
      added := put_areas(part_cells(p_run_id), part_sources(p_run_id), p_upsert => NOT fill,
                         p_rebuild => NOT fill AND bulk_rebuilds(p_run_id));
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
