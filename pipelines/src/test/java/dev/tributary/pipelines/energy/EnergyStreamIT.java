package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.runtime.RunningJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch and stream are one graph: the stream over the same replayed days (its backfill, then its
 * schedules ticking) stores the same tables as the batch.
 */
class EnergyStreamIT {
  /** The replayed days, 2025-03-29 to 2025-03-31 in Berlin (the 30th has 23 hours). */
  private static final String WINDOW =
      " WHERE interval_start >= '2025-03-28T23:00Z' AND interval_start < '2025-03-31T22:00Z'";

  private static final String TABLES =
      "SELECT (SELECT md5(string_agg(concat_ws('|', country, series, interval_start,"
          + " interval_seconds, name, value), ',' ORDER BY country, series, interval_start))"
          + " FROM energy.public_power"
          + WINDOW
          + "), (SELECT md5(string_agg(concat_ws('|', bzn, interval_start, interval_seconds, price,"
          + " unit), ',' ORDER BY bzn, interval_start)) FROM energy.prices"
          + WINDOW
          + "), (SELECT count(*) FROM energy.installed_power)";

  @RegisterExtension final TestDatabase batch = TestDatabase.perTest(false);
  @RegisterExtension final TestDatabase stream = TestDatabase.perTest(true);
  private ReplayServer api;

  @BeforeEach
  void api() throws Exception {
    // Now is now: the schedules ask for the days around it, which must be published.
    api = ReplayServer.start(0).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private EnergyOptions options(TestDatabase db, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--start=2025-03-29",
                "--end=2025-03-31",
                "--requestsPerSecond=200",
                "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(EnergyOptions.class);
  }

  @Test
  void theStreamStoresWhatTheBatchStores() throws Exception {
    RunSummary batchRun = JobRunner.run(new EnergyPipeline(), options(batch));
    assertTrue(batchRun.isComplete(), batchRun.toString());
    long power = batch.queryLong("SELECT count(*) FROM energy.public_power");
    long prices = batch.queryLong("SELECT count(*) FROM energy.prices");
    assertEquals((96 + 92 + 96) * 21, power);

    AtomicReference<RunningJob> job = new AtomicReference<>();
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () ->
                JobRunner.run(
                    new EnergyPipeline(),
                    options(stream, "--streaming=true", "--publicPowerEvery=PT1H"),
                    job::set));
    stream.awaitCount("SELECT count(*) FROM energy.public_power" + WINDOW, power, run);
    stream.awaitCount("SELECT count(*) FROM energy.prices" + WINDOW, prices, run);
    stream.awaitCount("SELECT count(DISTINCT dataset) FROM energy.quality_checks", 3, run);
    job.get().stop();
    RunSummary summary = run.get(2, TimeUnit.MINUTES);

    assertEquals("stopped", summary.run().status());
    assertEquals(batch.queryRows(TABLES), stream.queryRows(TABLES));
    // The schedule ticked: today and the two days before, beside the replayed three.
    assertTrue(api.requests("/public_power") >= 6, "the schedule ticked");
  }
}
