-- The streaming job's live view: trips per similar-trips group per ISO week, as counted by Beam's
-- windowed aggregation (WindowedCount: accumulating panes, early firings, allowed lateness). Every
-- pane carries the window's whole count so far, so the sink overwrites the row; pane_index only
-- grows within a window, and an update with a lower index (a pane overtaken on the way) is ignored.
-- The exact totals stay in trips / trip_groups / trip_area_weeks, which both modes fill through
-- the same idempotent merge; a restarted job starts its windows afresh (Beam window state lives
-- in the job), so after a restart these rows count what the new job saw.
CREATE TABLE trip_window_counts (
  grouping_id      smallint    NOT NULL REFERENCES groupings,
  region           text        NOT NULL CHECK (region <> ''),  -- by name: panes can beat the
  origin_cell      bigint      NOT NULL,                       -- trips' merge to the database
  destination_cell bigint      NOT NULL,
  time_bucket      smallint    NOT NULL CHECK (time_bucket >= 0),
  window_start     timestamp   NOT NULL CHECK (extract(isodow FROM window_start) = 1),
  window_end       timestamp   NOT NULL CHECK (window_end > window_start),
  trips            bigint      NOT NULL CHECK (trips > 0),
  timing           text        NOT NULL CHECK (timing IN ('EARLY', 'ON_TIME', 'LATE')),
  pane_index       bigint      NOT NULL CHECK (pane_index >= 0),
  updated_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (grouping_id, region, origin_cell, destination_cell, time_bucket, window_start)
);

-- The streaming job's merge: a chunk there is one small bundle, so it folds its new trips into the
-- groups and area aggregates at once (the batch job folds once at the end, which is faster for
-- millions of rows). Concurrent folds are safe: trips_fold_pending takes disjoint pending rows and
-- upserts in key order.
CREATE FUNCTION trips_merge_and_fold(p_run_id bigint, p_grouping_id smallint)
RETURNS TABLE (staged bigint, inserted bigint) LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY SELECT m.staged, m.inserted FROM trips_merge_staged(p_run_id, p_grouping_id) m;
  PERFORM trips_fold_pending();
END
$$;
