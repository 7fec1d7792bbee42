package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.window.WindowPane;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Weekly-count panes in trip_window_counts: the latest pane of a run wins, a new run starts over.
 */
class TripWindowSinkIT {
  private static final Instant WEEK = Instant.parse("2018-05-14T00:00:00Z"); // a Monday

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);

  private void write(long runId, long trips, long paneIndex) {
    TripWindowCount pane =
        TripWindowCount.of(
            KV.of(
                GeoBucketKey.of("Prague", 11, 12, 18),
                WindowPane.of(
                    WEEK, WEEK.plus(Duration.standardDays(7)), trips, trips, "EARLY", paneIndex)));
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(Create.of(List.of(pane)))
        .apply(TripWindowSink.of(db.jdbcUrl(), "0.01", 30, runId));
    pipeline.run().waitUntilFinish();
  }

  private String row() throws Exception {
    return db.queryRows("SELECT trips, pane_index, run_id FROM trips.trip_window_counts").get(0);
  }

  @Test
  void theHighestPaneOfARunWinsAndARestartedJobCountsAfresh() throws Exception {
    long first = IngestionRuns.start(db.jdbcUrl(), "trips", "kafka://t", 0, "rows").runId();
    write(first, 7, 3);
    write(first, 5, 2); // overtaken on the way: ignored
    assertEquals("7|3|" + first, row());

    long restarted = IngestionRuns.start(db.jdbcUrl(), "trips", "kafka://t", 0, "rows").runId();
    write(restarted, 2, 0); // the new job's first pane replaces the old count
    assertEquals("2|0|" + restarted, row());
    write(restarted, 4, 1);
    assertEquals("4|1|" + restarted, row());
    // The grouping is registered by value, once.
    assertEquals(
        List.of("0.01|30"), db.queryRows("SELECT grid, bucket_minutes FROM trips.groupings"));
  }
}
