package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.runtime.RunningJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trips pipeline on a real Kafka broker gives the same tables as the file pipeline on the same
 * trips, on the DirectRunner (a true unbounded stream, cancelled at the end) and on embedded Flink
 * in streaming mode (a bounded read of the topic); trips later than the allowed lateness are dead
 * letters, never silently dropped.
 */
class TripsStreamIT {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  @RegisterExtension static final TestDatabase batch = TestDatabase.perClass(false);
  @RegisterExtension final TestDatabase stream = TestDatabase.perTest(true); // polled at once
  @TempDir static Path dir;

  /**
   * weekly.csv in file order: out of event-time order by up to six days (05-21 before 05-15, 05-22
   * before 05-16), within the 7-day bound the streams get, so none of them is late.
   */
  private static List<String> onTime;

  /** Trips of weeks that closed long ago, sent after the stream went idle, and a dirty line. */
  private static final List<String> LATE =
      List.of(
          "Prague,POINT (14.40 50.05),POINT (14.45 50.08),2018-05-08 09:00:00,funny_car",
          "Turin,POINT (7.68 45.07),POINT (7.70 45.05),2018-05-23 09:00:00,baba_car");

  private static final String DIRTY =
      "Brno,POINT (16.60 49.20),POINT (16.61 49.21),not a date,funny_car";

  @BeforeAll
  static void loadTheFileIntoTheBatchDatabase() throws Exception {
    Path weekly = TripsFixtures.copy("weekly.csv", dir);
    TripsFixtures.assertWeeklyFixtureLoaded(TripsFixtures.run(weekly, batch.jdbcUrl()), batch);
    onTime = TripsFixtures.records(weekly);
  }

  @Test
  void aStreamOnTheDirectRunnerGivesTheBatchTablesAndDeadLettersLateTrips() throws Exception {
    streamAndCompare("trips-direct");
  }

  /** Detached, so that the job can be cancelled: attached, run() blocks until the job ends. */
  @Test
  void aStreamOnEmbeddedFlinkGivesTheBatchTablesAndDeadLettersLateTrips() throws Exception {
    streamAndCompare(
        "trips-flink",
        "--runner=FlinkRunner",
        "--flinkMaster=[local]",
        "--parallelism=2",
        "--attachedMode=false");
  }

  /**
   * Streams weekly.csv, waits until every week's count is final (the idle partition's watermark
   * passes them all: now minus the bound), then sends late trips and a dirty line, and stops the
   * job once they are dead letters.
   */
  private void streamAndCompare(String topic, String... runner) throws Exception {
    kafka.produce(topic, onTime, TripsFixtures::region);
    AtomicReference<RunningJob> job = new AtomicReference<>();
    List<String> args = new ArrayList<>(List.of("--allowedLatenessMinutes=60"));
    args.addAll(List.of(runner));
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () ->
                JobRunner.run(
                    new TripsPipeline(), options(topic, args.toArray(String[]::new)), job::set));

    stream.awaitCount("SELECT count(*) FROM trips.trips", 9, run);
    stream.awaitCount(
        "SELECT (sum(trips) = 9 AND bool_and(timing <> 'EARLY'))::int FROM trips.trip_window_counts",
        1,
        run);
    kafka.produce(topic, List.of(LATE.get(0), LATE.get(1), DIRTY), TripsFixtures::region);
    stream.awaitCount("SELECT count(*) FROM ops.rejected_records", 3, run);
    // Read counts commit per bundle, on Flink possibly after the dead letters of the same records.
    stream.awaitCount("SELECT rows_read FROM ops.ingestion_runs", 12, run);
    job.get().stop();
    RunSummary summary = run.get(2, TimeUnit.MINUTES);

    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(12, summary.read());
    assertEquals(9, summary.written());
    assertEquals(3, summary.rejected());
    assertEquals(
        List.of("window|" + LATE.get(0), "window|" + LATE.get(1), "parse|" + DIRTY),
        stream.queryRows("SELECT step, raw FROM ops.rejected_records ORDER BY byte_offset"));
    String reason =
        stream
            .queryRows("SELECT reason FROM ops.rejected_records WHERE step = 'window' ORDER BY 1")
            .get(0);
    assertTrue(
        reason.startsWith(
            "late: event time 2018-05-08T09:00:00.000Z falls in window"
                + " [2018-05-07T00:00:00.000Z..2018-05-14T00:00:00.000Z)"),
        reason);
    TripsFixtures.assertSameTables(batch, stream);
  }

  private TripsOptions options(String topic, String... more) {
    List<String> args = kafka.sourceArgs(topic);
    args.addAll(
        List.of(
            "--maxOutOfOrderSeconds=" + 7 * 24 * 3600,
            "--jdbcUrl=" + stream.jdbcUrl(),
            "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(TripsOptions.class);
  }
}
