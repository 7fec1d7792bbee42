package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.window.Unwindowed;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Upserts weekly-count panes into {@code trips.trip_window_counts} (infra/sql/postgres/V3, V6):
 * declared with {@link UpsertSink}. A pane replaces the stored one unless that one has a higher
 * pane index from the same run: accumulating panes make the latest pane the whole count, however
 * often a window fires, and a restarted job (a new run) counts afresh. Panes are derived data, not
 * records read, so the run's ledger does not count them.
 */
final class TripWindowSink {
  private TripWindowSink() {}

  static PTransform<PCollection<TripWindowCount>, PCollection<DeadLetter>> of(
      String jdbcUrl, String grid, int bucketMinutes, long runId) {
    UpsertSink<TripWindowCount> upsert =
        UpsertSink.<TripWindowCount>into(jdbcUrl, "trips.trip_window_counts")
            .withKeys(
                "grouping_id",
                "region",
                "origin_cell",
                "destination_cell",
                "time_bucket",
                "window_start")
            .withValue("grouping_id", "trips.grouping_id(?, ?)", grid, bucketMinutes)
            .withValue("run_id", "?", runId)
            .withTimestamp("updated_at")
            .withPreference("pane_index DESC")
            .withUpdateCondition(
                "t.pane_index < EXCLUDED.pane_index OR t.run_id IS DISTINCT FROM EXCLUDED.run_id");
    return PTransform.compose(
        "WriteWindowCounts",
        // The sink's dead letters join the run's, in the global window with the default trigger;
        // the panes come windowed by week and triggered.
        panes -> panes.apply("GlobalWindow", Unwindowed.<TripWindowCount>of()).apply(upsert));
  }
}
