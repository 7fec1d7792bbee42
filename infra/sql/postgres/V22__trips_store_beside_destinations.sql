-- A bulk load whose table becomes its partition builds the destination index beside the key,
-- instead of after it beside the aggregates: the key's build left a core idle for half its time
-- (its parallel workers' merge and its writes) and the destination index ran alone at the end.
-- So step 'stored' is split: bulk_count does the anti-join and says where the load goes; the job
-- then runs bulk_store and, when the table stays as the partition, bulk_destinations at once, each
-- on a connection of its own. Fresh 10M trips, the settle one statement at a time on a snapshot:
-- 32.1 s instead of 36.3 (key and index side by side 20.1 s, then groups beside areas 8.7 s).

-- Where run p_run_id's load goes, and its counts (V20's bulk_store, first half): loaded and fresh
-- are NULL into an empty table (all of the load, not counted). route: 'partition' (its table
-- becomes its partition), 'merge' (few new trips: into trips_merged through its key), 'none'
-- (nothing new: a re-run) or 'legacy' (begun before V20 into what is trips_merged now).
CREATE FUNCTION trips.bulk_count(p_run_id bigint)
RETURNS TABLE (loaded bigint, fresh bigint, route text) LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- the anti-join's hash table
AS $$
DECLARE
  target text;
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  IF target = 'trips_merged' THEN
    RETURN QUERY SELECT NULL::bigint, NULL::bigint, 'legacy';
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM trips) THEN
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE t.trip_key IS NULL)'
      ' FROM %I l LEFT JOIN trips t ON t.trip_key = l.trip_key', target)
      INTO loaded, fresh;
  END IF;
  route := CASE WHEN fresh = 0 THEN 'none'
                WHEN fresh * 8 < stored_estimate() THEN 'merge'
                ELSE 'partition' END;
  RETURN NEXT;
END $$;

-- The key of one partition (V20), now without parallel workers: the destination index is built
-- beside it on the other core.
ALTER FUNCTION trips.build_trip_key(text) SET max_parallel_maintenance_workers = 0;

-- Step 'stored' of run p_run_id's load (V20's bulk_store, second half), given what bulk_count
-- said in the same settle (the job holds the trips tables alone between the two): the load's table
-- dropped when nothing is new, its new trips merged into trips_merged when they are few, or its
-- copies deleted, its key built and the table attached as the load's partition. The destination
-- index may be under way beside it: the delete and the attach wait for it to commit.
DROP FUNCTION trips.bulk_store(bigint);
CREATE FUNCTION trips.bulk_store(p_run_id bigint, p_loaded bigint, p_fresh bigint, p_route text)
RETURNS void LANGUAGE plpgsql
SET search_path = trips
SET work_mem = '1GB'  -- the merge's and the delete's hash joins
AS $$
DECLARE
  target text;
  columns text := 'trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat,'
    ' run_id, region_id, datasource_id, grouping_id, origin_cell, destination_cell, time_bucket,'
    ' start_week, origin_area_x, origin_area_y';
  n_copies bigint;
  n_new bigint;
BEGIN
  SELECT load_table INTO STRICT target FROM bulk_loads WHERE run_id = p_run_id;
  CASE p_route
    WHEN 'legacy' THEN
      n_copies := build_trip_key(target);
    WHEN 'none' THEN
      n_copies := p_loaded;
      EXECUTE format('DROP TABLE %I', target);
    WHEN 'merge' THEN
      EXECUTE format('INSERT INTO trips_merged (%s) SELECT %s FROM %I l'
        ' WHERE NOT EXISTS (SELECT 1 FROM trips t WHERE t.trip_key = l.trip_key)'
        ' ORDER BY area_strip_id(origin_lon, origin_lat), origin_lon, trip_key'
        ' ON CONFLICT DO NOTHING',
        columns, columns, target);
      GET DIAGNOSTICS n_new = ROW_COUNT;
      n_copies := p_loaded - n_new;
      EXECUTE format('DROP TABLE %I', target);
    WHEN 'partition' THEN
      IF p_fresh < p_loaded THEN
        EXECUTE format('DELETE FROM %I l USING trips t WHERE t.trip_key = l.trip_key', target);
      END IF;
      n_copies := coalesce(p_loaded - p_fresh, 0) + build_trip_key(target);
      EXECUTE format('ALTER TABLE trips ATTACH PARTITION %I FOR VALUES IN (%s)', target, p_run_id);
  END CASE;
  -- The aggregates' plans need the load's statistics.
  IF p_route <> 'none' THEN
    ANALYZE trips;
  END IF;
  UPDATE bulk_loads SET fresh = p_fresh, copies = n_copies WHERE run_id = p_run_id;
  INSERT INTO bulk_load_steps VALUES (p_run_id, 'stored');
END $$;
