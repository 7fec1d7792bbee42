package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.Postgres;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Upserts weekly-count panes into {@code trip_window_counts} (infra/sql/postgres/V3) with Beam's
 * {@code JdbcIO}: panes are few (one per group and week per firing), so its per-row cost is fine
 * here. A pane replaces the stored one unless that one has a higher pane index from the same run:
 * accumulating panes make the latest pane the whole count, however often a window fires, and a
 * restarted job (a new run) counts afresh (infra/sql/postgres/V6__trip_window_counts_run.sql).
 */
final class TripWindowSink extends PTransform<PCollection<TripWindowCount>, PDone> {
  private static final String UPSERT =
      "INSERT INTO trip_window_counts (grouping_id, region, origin_cell, destination_cell,"
          + " time_bucket, window_start, window_end, trips, timing, pane_index, run_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (grouping_id, region, origin_cell, destination_cell, time_bucket,"
          + " window_start) DO UPDATE SET trips = EXCLUDED.trips, timing = EXCLUDED.timing,"
          + " pane_index = EXCLUDED.pane_index, run_id = EXCLUDED.run_id,"
          + " updated_at = clock_timestamp()"
          + " WHERE trip_window_counts.pane_index < EXCLUDED.pane_index"
          + " OR trip_window_counts.run_id IS DISTINCT FROM EXCLUDED.run_id";

  private final String jdbcUrl;
  private final int groupingId;
  private final long runId;

  private TripWindowSink(String jdbcUrl, int groupingId, long runId) {
    this.jdbcUrl = jdbcUrl;
    this.groupingId = groupingId;
    this.runId = runId;
  }

  static TripWindowSink of(String jdbcUrl, int groupingId, long runId) {
    return new TripWindowSink(jdbcUrl, groupingId, runId);
  }

  @Override
  public PDone expand(PCollection<TripWindowCount> panes) {
    int grouping = groupingId;
    long run = runId;
    // JdbcIO's writer emits from its bundle end in the global window: give it input windowed so,
    // or a runner that encodes between steps (Flink) fails on the week windows.
    return panes
        .apply("GlobalWindow", Window.into(new GlobalWindows()))
        .apply(
            JdbcIO.<TripWindowCount>write()
                .withDataSourceConfiguration(Postgres.dataSource(jdbcUrl))
                .withStatement(UPSERT)
                .withPreparedStatementSetter(
                    (pane, s) -> {
                      s.setInt(1, grouping);
                      s.setString(2, pane.getRegion());
                      s.setLong(3, pane.getOriginCell());
                      s.setLong(4, pane.getDestinationCell());
                      s.setShort(5, (short) pane.getTimeBucket());
                      s.setTimestamp(6, utc(pane.getWindowStart()));
                      s.setTimestamp(7, utc(pane.getWindowEnd()));
                      s.setLong(8, pane.getTrips());
                      s.setString(9, pane.getTiming());
                      s.setLong(10, pane.getPaneIndex());
                      s.setLong(11, run);
                    }));
  }

  /** Wall time as given, like started_at: the window bounds are UTC instants of that wall time. */
  private static Timestamp utc(org.joda.time.Instant instant) {
    return Timestamp.valueOf(
        java.time.Instant.ofEpochMilli(instant.getMillis())
            .atOffset(ZoneOffset.UTC)
            .toLocalDateTime());
  }
}
